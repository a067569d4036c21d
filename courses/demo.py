"""
Demo courses for seed_demo: the catalog written in `courses.demo_catalog`,
as published pages with generated pictures, and a student part-way through
some of it. Between them the courses have every access level, a coming-soon
course, a coming-soon lesson, a lesson that opens a week after enrolling,
a course that requires another and a module that requires the one before,
and every block type, the teacher's own video included.
"""

import random
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page

from members.models import User

from . import demo_art
from .demo_catalog import (
    COURSES,
    SUBJECTS,
    Callout,
    Code,
    Embed,
    Figure,
    Heading,
    Lesson,
    Question,
)
from .demo_catalog import Course as CourseText
from .models import (
    CourseIndexPage,
    CoursePage,
    CoursePrerequisite,
    Enrollment,
    LessonPage,
    LessonProgress,
    ModulePage,
    QuizAttempt,
    Subject,
)
from .selectors import question_right_choices, quiz_score
from .services import (
    course_index_setup,
    enrollment_create,
    lesson_search_texts_sync,
    quiz_attempt_create,
)
from .viewer import Viewer

# How many lessons of which free courses the student has completed: one
# course finished, the others part-way through.
STUDENT_PROGRESS = {
    "Algebra from scratch": 1,
    "Python for beginners": 3,
    "Spanish for travellers": 2,
    "Reading music": 4,
}


def create_demo_courses(
    *, home: Page, teacher: User, student: User, video: Model
) -> CourseIndexPage:
    """
    The catalog under `home` (the site's root page), taught by `teacher`,
    with `student` part-way through it. `video`, the teacher's welcome video
    that opens every course, is a media library asset (what the lesson video
    block chooses): seed_demo, which knows every app, makes both.
    """
    index = CourseIndexPage.objects.first()
    if index is not None:
        return index
    index = CourseIndexPage(
        title="Courses",
        slug="courses",
        intro="<p>Learn something new, at your own pace.</p>",
        owner=teacher,
    )
    _publish(home, index)
    course_index_setup(index=index)

    subjects = {
        subject.name: Subject.objects.get_or_create(
            name=subject.name,
            defaults={
                "slug": slugify(subject.name),
                "description": subject.description,
                "icon": _image(
                    subject.name,
                    demo_art.subject_icon(name=subject.name, colour=subject.colour),
                ),
            },
        )[0]
        for subject in SUBJECTS
    }
    colours = {subject.name: subject.colour for subject in SUBJECTS}
    courses: dict[str, CoursePage] = {}
    for number, text in enumerate(COURSES):
        course = courses[text.title] = _course_create(
            text,
            index=index,
            subject=subjects[text.subject],
            colour=colours[text.subject],
            cover_pattern=number,
            teacher=teacher,
            video=video,
            requires=[courses[title] for title in text.requires],
        )
        if text.title in STUDENT_PROGRESS:
            demo_progress_create(student, course, STUDENT_PROGRESS[text.title])
    # Published without the publish action: its signal would have done this.
    lesson_search_texts_sync(page_id=index.pk)
    return index


def _course_create(
    text: CourseText,
    *,
    index: CourseIndexPage,
    subject: Subject,
    colour: str,
    cover_pattern: int,
    teacher: User,
    video: Model,
    requires: list[CoursePage],
) -> CoursePage:
    course = CoursePage(
        title=text.title,
        owner=teacher,
        subject=subject,
        summary=text.summary,
        overview="".join(f"<p>{paragraph}</p>" for paragraph in text.overview),
        thumbnail=_image(
            text.title,
            demo_art.course_cover(
                title=text.title,
                subject=subject.name,
                colour=colour,
                pattern=cover_pattern,
            ),
        ),
        level=text.level,
        estimated_hours=text.hours,
        access_level=text.access_level,
        availability=text.availability,
        price=text.price,
        currency=text.currency,
        search_description=text.summary,
    )
    course.prerequisite_links = [
        CoursePrerequisite(required=required, sort_order=position)
        for position, required in enumerate(requires)
    ]
    _publish(index, course)
    lessons = [lesson for module in text.modules for lesson in module.lessons]
    for module_text in text.modules:
        module = ModulePage(
            title=module_text.title,
            description=module_text.description,
            owner=teacher,
            requires_previous=module_text.requires_previous,
        )
        _publish(course, module)
        for lesson_text in module_text.lessons:
            body = _lesson_body(lesson_text, colour=colour)
            if lesson_text is lessons[0]:
                # The teacher's own video welcomes students to every course.
                body.insert(
                    0,
                    (
                        "video",
                        {
                            "asset": video,
                            "caption": "How this course works",
                            "transcript": video.transcript,
                        },
                    ),
                )
            if lesson_text is lessons[-1]:
                body.insert(-1, ("file", _practice_sheet(text)))
            lesson = LessonPage(
                title=lesson_text.title,
                summary=lesson_text.summary,
                free_preview=lesson_text is lessons[0],
                body=body,
                owner=teacher,
                opens_after_days=lesson_text.opens_after_days,
            )
            if (days := lesson_text.coming_soon_in_days) is not None:
                lesson.availability = LessonPage.Availability.COMING_SOON
                lesson.expected_on = timezone.localdate() + timedelta(days=days)
            _publish(module, lesson)
    return course


def _lesson_body(lesson: Lesson, *, colour: str) -> list[tuple[str, object]]:
    body = []
    for part in lesson.body:
        match part:
            case str():
                html = part if part.startswith("<") else f"<p>{part}</p>"
                body.append(("paragraph", html))
            case Heading(text=text):
                body.append(("heading", {"text": text, "size": "h2"}))
            case Code(language=language, code=code):
                body.append(("code", {"language": language, "code": code}))
            case Callout(kind=kind, text=text):
                body.append(("callout", {"kind": kind, "text": f"<p>{text}</p>"}))
            case Figure(lines=lines, alt=alt):
                image = _image(alt, demo_art.lesson_figure(lines=lines, colour=colour))
                body.append(("image", {"image": {"image": image, "alt_text": alt}}))
            case Embed(url=url, caption=caption):
                body.append(("video", {"embed": url, "caption": caption}))
    body.append(
        (
            "quiz",
            {
                "title": "Check your understanding",
                "questions": [_question(question) for question in lesson.questions],
                "pass_mark": 70,
                "tries": 3,
            },
        )
    )
    return body


def _question(question: Question) -> dict:
    return {
        "prompt": question.prompt,
        "choices": [
            {"text": text, "correct": correct} for text, correct in _choices(question)
        ],
        "explanation": question.explanation,
    }


def _choices(question: Question) -> list[tuple[str, bool]]:
    """The answers, right or not, in an order that is the same on every run
    but does not put the right ones first."""
    choices = [(text, True) for text in question.right]
    choices += [(text, False) for text in question.wrong]
    random.Random(question.prompt).shuffle(choices)  # noqa: S311
    return choices


def _practice_sheet(course: CourseText) -> dict:
    """Every question of the course, to print, with the answers at the end."""
    questions = [
        question
        for module in course.modules
        for lesson in module.lessons
        for question in lesson.questions
    ]
    lines = [f"{course.title}: practice questions", ""]
    for number, question in enumerate(questions, 1):
        lines += [f"{number}. {question.prompt}"]
        lines += [f"   - {text}" for text, _ in _choices(question)] + [""]
    lines += ["Answers", ""]
    lines += [
        f"{number}. {' / '.join(question.right)}: {question.explanation}"
        for number, question in enumerate(questions, 1)
    ]
    document = Document(
        title=f"{course.title}: practice questions",
        file=ContentFile(
            "\n".join(lines).encode(), name=f"{slugify(course.title)}-practice.txt"
        ),
    )
    document.save()
    return {"document": document, "title": "Practice questions, with answers"}


def _image(title: str, jpeg: bytes) -> Image:
    image = Image(
        title=title[:255],
        file=ImageFile(ContentFile(jpeg), name=f"{slugify(title)[:80]}.jpg"),
    )
    image.save()
    return image


def _publish(parent: Page, page: Page) -> None:
    """
    Add `page` to the tree, published, with its one revision as the live
    one. Wagtail's publish action would save each page a third time and
    announce it (a log entry, page_published for the caches to purge):
    nothing a new site needs, and it would double the seeding time.
    """
    page.first_published_at = page.last_published_at = timezone.now()
    parent.add_child(instance=page)  # validated as a live page is
    revision = page.save_revision(clean=False, changed=False)
    Page.objects.filter(pk=page.pk).update(live_revision=revision)
    page.live_revision = revision


def demo_progress_create(student: User, course: CoursePage, lessons_done: int) -> None:
    """Enroll the student and pass the quizzes of the first lessons (the other
    apps' demos give their own students progress with it too)."""
    enrollment_create(user=student, course=course)
    viewer = Viewer(user=student)
    for lesson in LessonPage.objects.descendant_of(course).order_by("path")[
        :lessons_done
    ]:
        for block in lesson.body:
            if block.block_type == "quiz":
                quiz_attempt_create(
                    viewer=viewer,
                    lesson=lesson,
                    block_id=str(block.id),
                    answers={
                        f"q{number}": [
                            str(position)
                            for position in question_right_choices(question)
                        ]
                        for number, question in enumerate(block.value["questions"])
                    },
                )


# A class for the teacher's analytics: learners who enrolled over the last
# four months and got more or less far.
DEMO_CLASS_COURSE = "Python for beginners"
DEMO_CLASS = [
    ("Amara", "Okafor"),
    ("Bruno", "Costa"),
    ("Chen", "Wei"),
    ("Dalia", "Haddad"),
    ("Emeka", "Eze"),
    ("Farah", "Khan"),
    ("Giulia", "Romano"),
    ("Hana", "Sato"),
    ("Ivan", "Petrov"),
    ("Jamila", "Said"),
    ("Kofi", "Mensah"),
    ("Lucía", "Fernández"),
    ("Mateo", "Silva"),
    ("Nadia", "Rahman"),
    ("Oskar", "Nowak"),
    ("Priya", "Nair"),
    ("Quentin", "Moreau"),
    ("Rosa", "Jiménez"),
    ("Samir", "Aziz"),
    ("Tendai", "Moyo"),
    ("Uma", "Iyer"),
    ("Vera", "Lind"),
    ("Wanjiru", "Kamau"),
    ("Yusuf", "Demir"),
]
DEMO_CLASS_EMAIL = "{}.{}@learners.lectern.local"


def create_demo_class() -> None:
    """
    Each learner enrolls on a day of the last 120, then goes lesson by
    lesson, a few hours or days apart (a lesson that opens days after
    enrolling waits for its day), and one in six gives up at each. Each
    question of a quiz is answered right seven times in ten; a learner
    who fails a quiz as many times as its tries stops there.
    """
    course = CoursePage.objects.filter(title=DEMO_CLASS_COURSE).first()
    if (
        course is None
        or User.objects.filter(email=_demo_email(*DEMO_CLASS[0])).exists()
    ):
        return
    lessons = list(
        LessonPage.objects.to_complete().descendant_of(course).order_by("path")
    )
    chance = random.Random(DEMO_CLASS_COURSE)  # noqa: S311 (the same class each time)
    now = timezone.now()
    for first_name, last_name in DEMO_CLASS:
        learner = User.objects.create_user(
            email=_demo_email(first_name, last_name),
            password=None,
            first_name=first_name,
            last_name=last_name,
        )
        enrolled = now - timedelta(
            days=chance.randint(1, 120), hours=chance.randint(0, 23)
        )
        _back_date(
            Enrollment.objects.create(
                user=learner, course=course, source=Enrollment.Source.FREE
            ),
            created_at=enrolled,
        )
        moment = enrolled
        for lesson in lessons:
            opens = enrolled + timedelta(days=lesson.opens_after_days or 0)
            moment = max(moment + timedelta(hours=chance.randint(6, 96)), opens)
            if moment > now or chance.random() < 1 / 6:
                break
            passed = all(
                _demo_quiz_taken(learner, lesson, block, moment, chance)
                for block in lesson.body.blocks_by_name("quiz")
            )
            _back_date(
                LessonProgress.objects.create(
                    user=learner,
                    lesson=lesson,
                    course=course,
                    completed_at=moment if passed else None,
                ),
                visited_at=moment,
            )
            if not passed:
                break


def _demo_email(first_name: str, last_name: str) -> str:
    return DEMO_CLASS_EMAIL.format(slugify(first_name), slugify(last_name))


def _demo_quiz_taken(learner, lesson, block, moment, chance) -> bool:
    questions = block.value["questions"]
    for _ in range(block.value["tries"] or 1):
        answers = [
            _demo_answer(question, right=chance.random() < 0.7)
            for question in questions
        ]
        score, passed = quiz_score(quiz=block.value, chosen=answers)
        _back_date(
            QuizAttempt.objects.create(
                user=learner,
                lesson=lesson,
                block_id=block.id,
                answers=answers,
                score=score,
                max_score=len(questions),
                passed=passed,
            ),
            created_at=moment,
        )
        if passed:
            return True
    return False


def _demo_answer(question, *, right: bool) -> list[int]:
    correct = question_right_choices(question)
    wrong = [n for n in range(len(question["choices"])) if n not in correct]
    return correct if right else wrong[:1] or correct


def _back_date(record: Model, **moments) -> None:
    # Past the auto_now(_add) fields, which save would set to now.
    type(record).objects.filter(pk=record.pk).update(**moments)
