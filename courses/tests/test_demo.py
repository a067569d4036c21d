"""The demo catalog's data and pictures; seed_demo's own tests load them."""

from io import BytesIO

from PIL import Image

from courses.blocks import LANGUAGES, CalloutBlock
from courses.demo_art import COVER_SIZE, course_cover, lesson_figure
from courses.demo_catalog import COURSES, SUBJECTS, Callout, Code, Figure
from courses.models import CoursePage

LESSONS = [
    lesson
    for course in COURSES
    for module in course.modules
    for lesson in module.lessons
]


def test_every_course_is_filed_under_a_subject_and_sold_at_a_price():
    subjects = {subject.name for subject in SUBJECTS}
    for course in COURSES:
        assert course.subject in subjects
        assert course.access_level in CoursePage.AccessLevel.values
        assert course.availability in CoursePage.Availability.values
        assert course.level in CoursePage.Level.values
        sold = course.access_level == CoursePage.AccessLevel.PURCHASE
        assert bool(course.price) == bool(course.currency) == sold, course.title
        assert len(course.summary) <= CoursePage._meta.get_field("summary").max_length
    currencies = {course.currency for course in COURSES if course.currency}
    assert currencies == {"USD", "KES"}


def test_every_question_has_right_and_wrong_answers_and_an_explanation():
    questions = [question for lesson in LESSONS for question in lesson.questions]
    assert all(lesson.questions for lesson in LESSONS)
    for question in questions:
        choices = [*question.right, *question.wrong]
        assert question.right, question.prompt
        assert question.wrong, question.prompt
        assert len(set(choices)) == len(choices), question.prompt
        assert question.explanation, question.prompt
    assert len({question.prompt for question in questions}) == len(questions)


def test_lesson_blocks_use_what_the_blocks_accept():
    languages = {name for name, _ in LANGUAGES}
    kinds = {name for name, _ in CalloutBlock.base_blocks["kind"].field.choices}
    for lesson in LESSONS:
        for part in lesson.body:
            if isinstance(part, Code):
                assert part.language in languages, lesson.title
            if isinstance(part, Callout):
                assert part.kind in kinds, lesson.title
            if isinstance(part, Figure):
                assert part.alt, lesson.title
                assert part.lines, lesson.title


def test_covers_differ_from_course_to_course_and_stay_the_same_for_one():
    colour = SUBJECTS[0].colour
    first = course_cover(
        title="Algebra from scratch", subject="Maths", colour=colour, pattern=0
    )
    again = course_cover(
        title="Algebra from scratch", subject="Maths", colour=colour, pattern=0
    )
    other = course_cover(
        title="Making sense of data", subject="Maths", colour=colour, pattern=1
    )

    assert first == again
    picture = Image.open(BytesIO(first))
    assert (picture.format, picture.size) == ("JPEG", COVER_SIZE)
    # Above the title, no flat colour but a pattern of the course's own.
    width, height = COVER_SIZE
    top = picture.crop((0, 0, width, height // 2))
    assert top.getcolors(maxcolors=256) is None
    other_top = Image.open(BytesIO(other)).crop((0, 0, width, height // 2))
    assert top.tobytes() != other_top.tobytes()


def test_a_figure_is_a_picture_of_its_lines():
    blank = lesson_figure(lines=(" ",), colour="#1d4ed8")
    figure = lesson_figure(lines=("x + 3 = 5", "x = 2"), colour="#1d4ed8")

    assert figure != blank
    assert Image.open(BytesIO(figure)).size == COVER_SIZE
