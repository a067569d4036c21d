"""
Finishing a course: quizzes that complete their lesson, the outline beside
each lesson, "Completed" at 100 % and a certificate in the chosen name.
"""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.blocks import StructBlockValidationError

import pytest

from courses.blocks import QuizBlock
from courses.factories import quiz_block_value
from courses.models import (
    Certificate,
    CoursePage,
    Enrollment,
    LessonPage,
    LessonProgress,
    QuizAttempt,
)
from courses.services import certificate_issue
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def lessons_of(course) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def with_quizzes(lesson: LessonPage, *quizzes: dict) -> LessonPage:
    lesson.body = [
        ("paragraph", "<p>Read this first.</p>"),
        *(("quiz", quiz) for quiz in quizzes),
    ]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson


def quiz_url(lesson: LessonPage, number: int = 0) -> str:
    block = [block for block in lesson.body if block.block_type == "quiz"][number]
    return f"/learning/lessons/{lesson.pk}/quiz/{block.id}/"


def complete_url(lesson: LessonPage) -> str:
    return f"/learning/lessons/{lesson.pk}/complete/"


def certificate_url(course: CoursePage) -> str:
    return f"/learning/{course.pk}/certificate/"


@pytest.fixture
def student(client):
    user = UserFactory(display_name="Wanjiru Kamau")
    client.force_login(user)
    return user


@pytest.fixture
def course(make_course, student):
    course = make_course(title="Botany")
    Enrollment.objects.create(user=student, course=course, source="free")
    return course


# ------------------------------------------------------ quizzes complete lessons


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["form", "htmx"])
def test_a_lesson_with_a_quiz_cannot_be_marked_complete_before_it_is_passed(
    client, course, student, headers
):
    lesson = with_quizzes(lessons_of(course)[0], quiz_block_value())
    client.post(quiz_url(lesson), {"q0": ["0"]}, **HTMX)  # wrong

    response = client.post(complete_url(lesson), **headers)

    assert response.status_code == 400
    assert "Pass the quiz “Quick check” to complete this lesson." in (
        response.content.decode()
    )
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_the_lesson_page_says_what_is_needed_instead_of_mark_as_complete(
    client, course
):
    lesson = with_quizzes(lessons_of(course)[0], quiz_block_value())

    content = client.get(lesson.url).content.decode()

    assert "Mark as complete" not in content
    assert "Pass the quiz “Quick check” to complete this lesson." in content
    # A lesson without quizzes still has its button.
    assert "Mark as complete" in client.get(lessons_of(course)[1].url).content.decode()


def test_passing_the_quiz_completes_the_lesson(client, course, student):
    lesson = with_quizzes(lessons_of(course)[0], quiz_block_value())

    response = client.post(quiz_url(lesson), {"q0": ["1"]}, **HTMX)

    progress = LessonProgress.objects.get(user=student, lesson=lesson)
    assert progress.completed_at
    content = response.content.decode()
    # The completion box and the outline beside the lesson follow.
    assert 'id="lesson-completion" hx-swap-oob="innerHTML"' in content
    assert 'data-testid="lesson-completed"' in content
    assert 'id="lesson-outline" hx-swap-oob="innerHTML"' in content
    assert "1 of 2 lessons" in content


def test_failing_the_quiz_leaves_the_lesson_open(client, course, student):
    lesson = with_quizzes(lessons_of(course)[0], quiz_block_value())

    response = client.post(quiz_url(lesson), {"q0": ["0"]}, **HTMX)

    assert "not yet" in response.content.decode()
    assert "hx-swap-oob" not in response.content.decode()
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_a_lesson_with_two_quizzes_completes_when_both_are_passed(
    client, course, student
):
    lesson = with_quizzes(
        lessons_of(course)[0],
        quiz_block_value(),
        {**quiz_block_value(), "title": "Second check"},
    )

    client.post(quiz_url(lesson, 0), {"q0": ["1"]}, **HTMX)
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()
    response = client.post(complete_url(lesson), **HTMX)
    assert "Pass the quiz “Second check”" in response.content.decode()

    client.post(quiz_url(lesson, 1), {"q0": ["1"]}, **HTMX)
    assert LessonProgress.objects.get(user=student, lesson=lesson).completed_at


def test_the_pass_mark_is_the_teachers(client, course, student):
    quiz = quiz_block_value(pass_mark=100)
    quiz["questions"].append(dict(quiz["questions"][0]))
    lesson = with_quizzes(lessons_of(course)[0], quiz)

    client.post(quiz_url(lesson), {"q0": ["1"], "q1": ["0"]}, **HTMX)  # 50 %

    assert not QuizAttempt.objects.get().passed
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("pass_mark", -1), ("pass_mark", 101), ("tries", 0), ("tries", 11)],
)
def test_the_pass_mark_and_tries_are_checked_in_the_editor(field, value):
    block = QuizBlock()
    value = block.to_python({**quiz_block_value(), field: value})

    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)

    assert field in error.value.block_errors


def test_passing_the_last_quiz_of_the_course_completes_it(client, course, student):
    first, last = lessons_of(course)
    with_quizzes(last, quiz_block_value())
    client.post(complete_url(first))

    response = client.post(quiz_url(last), {"q0": ["1"]}, **HTMX)

    content = response.content.decode()
    assert "You have completed Botany." in content
    assert certificate_url(course) in content
    # The name is the student's to confirm before anything is issued.
    assert not Certificate.objects.exists()


def test_a_quiz_in_a_locked_lesson_is_refused_in_words_over_htmx(
    client, make_course, student
):
    course = make_course(
        access_level=CoursePage.AccessLevel.PURCHASE, price=5, currency="USD"
    )
    lesson = with_quizzes(lessons_of(course)[0], quiz_block_value())

    response = client.post(quiz_url(lesson), {"q0": ["1"]}, **HTMX)

    assert response.status_code == 403
    assert "You cannot take this quiz." in response.content.decode()
    assert "<html" not in response.content.decode()
    assert not QuizAttempt.objects.exists()


# ------------------------------------------------------------- explanations


def test_no_explanation_after_a_wrong_answer_with_tries_left(client, course):
    lesson = with_quizzes(lessons_of(course)[0], quiz_block_value(tries=3))

    for _ in range(2):
        response = client.post(quiz_url(lesson), {"q0": ["0"]}, **HTMX)
        assert "Count on your fingers." not in response.content.decode()
    assert "after 1 more try" in response.content.decode()


def test_the_explanation_shows_once_answered_right(client, course):
    lesson = with_quizzes(lessons_of(course)[0], quiz_block_value(tries=3))

    response = client.post(quiz_url(lesson), {"q0": ["1"]}, **HTMX)

    assert "Count on your fingers." in response.content.decode()


def test_every_explanation_shows_after_the_last_try(client, course):
    lesson = with_quizzes(lessons_of(course)[0], quiz_block_value(tries=2))

    client.post(quiz_url(lesson), {"q0": ["0"]}, **HTMX)
    response = client.post(quiz_url(lesson), {"q0": ["0"]}, **HTMX)

    assert "Count on your fingers." in response.content.decode()


def test_without_javascript_the_lesson_page_shows_the_last_try(client, course):
    lesson = with_quizzes(lessons_of(course)[0], quiz_block_value(tries=3))

    response = client.post(quiz_url(lesson), {"q0": ["0"]})

    assert response.status_code == 302
    assert response.url == f"{lesson.url}#quiz-{lesson.body[1].id}"
    content = client.get(lesson.url).content.decode()
    assert "0 of 1 right (0%): not yet" in content
    assert "Count on your fingers." not in content
    # The answer given stays chosen.
    assert re.search(r'<input type="radio"[^>]*value="0" checked', content)

    client.post(quiz_url(lesson), {"q0": ["1"]})
    content = client.get(lesson.url).content.decode()
    assert "1 of 1 right (100%): passed!" in content
    assert "Count on your fingers." in content


# ------------------------------------------------------- radios and checkboxes


def test_one_right_answer_is_asked_with_radios_several_with_checkboxes(client, course):
    quiz = quiz_block_value()
    quiz["questions"].append(
        {
            "prompt": "Even numbers?",
            "explanation": "",
            "choices": [
                {"text": "2", "correct": True},
                {"text": "3", "correct": False},
                {"text": "4", "correct": True},
            ],
        }
    )
    lesson = with_quizzes(lessons_of(course)[0], quiz)

    content = client.get(lesson.url).content.decode()

    inputs = re.findall(
        r'<input type="(radio|checkbox)" id="([^"]+)"\s+name="(q\d)"', content
    )
    assert [(kind, name) for kind, _, name in inputs] == [
        ("radio", "q0"),
        ("radio", "q0"),
        ("checkbox", "q1"),
        ("checkbox", "q1"),
        ("checkbox", "q1"),
    ]
    for _, input_id, _ in inputs:
        assert f'<label for="{input_id}">' in content
    assert "<legend" in content
    assert "choose every answer that applies" in content


# ---------------------------------------------------------------- the outline


def test_the_outline_beside_a_lesson_marks_done_current_and_locked(client, make_course):
    course = make_course(
        access_level=CoursePage.AccessLevel.PURCHASE, price=5, currency="USD"
    )
    first, second = lessons_of(course)
    first.free_preview = True
    first.save_revision().publish()
    client.logout()

    content = client.get(first.url).content.decode()

    outline = content[content.index('data-testid="lesson-outline"') :]
    assert re.search(
        r'aria-current="page"[^>]*>\s*<span[^>]*>›</span>\s*<span>First steps', outline
    )
    assert 'Going further<span class="sr-only"> (locked)</span>' in outline
    assert "<details" in content  # folds away on phones


def test_the_outline_marks_the_lessons_done(client, course, student):
    first, second = lessons_of(course)
    client.post(complete_url(first))

    content = client.get(second.url).content.decode()

    assert 'First steps<span class="sr-only"> (done)</span>' in content
    assert "1 of 2 lessons" in content


# --------------------------------------------------- completed and certificate


def complete_course(client, course) -> None:
    for lesson in lessons_of(course):
        client.post(complete_url(lesson))


def test_at_100_percent_the_course_page_says_completed_not_resume(
    client, course, student
):
    complete_course(client, course)

    content = client.get(course.url).content.decode()

    assert "Completed" in content
    assert "Resume" not in content
    assert f'href="{certificate_url(course)}"' in content
    learning = client.get("/learning/").content.decode()
    assert "Completed" in learning
    assert f'href="{certificate_url(course)}"' in learning


def test_the_certificate_form_is_prefilled_with_the_students_name(
    client, course, student
):
    complete_course(client, course)

    response = client.get(certificate_url(course))

    assert response.status_code == 200
    assert 'value="Wanjiru Kamau"' in response.content.decode()


def test_a_student_without_a_name_is_not_given_a_made_up_one(client, course):
    nameless = UserFactory(display_name="", first_name="", last_name="")
    Enrollment.objects.create(user=nameless, course=course, source="free")
    client.force_login(nameless)
    complete_course(client, course)

    content = client.get(certificate_url(course)).content.decode()

    field = re.search(r'<input type="text" name="name"[^>]*>', content)[0]
    assert "value=" not in field
    assert "Member" not in content


def test_the_certificate_carries_the_name_chosen_once(client, course, student):
    complete_course(client, course)

    response = client.post(certificate_url(course), {"name": "  Wanjiru W. Kamau "})

    certificate = Certificate.objects.get(user=student, course=course)
    assert response.url == certificate.get_absolute_url()
    assert certificate.student_name == "Wanjiru W. Kamau"

    # Then it is fixed: asking again leads to it, and a rename changes nothing.
    again = client.post(certificate_url(course), {"name": "Somebody Else"})
    assert again.url == certificate.get_absolute_url()
    student.display_name = "W. Kamau"
    student.save()
    client.logout()
    verified = client.get(certificate.get_absolute_url()).content.decode()
    assert "Wanjiru W. Kamau</h1>" in verified
    assert certificate.code in verified


def test_a_blank_name_is_refused_and_issues_nothing(client, course):
    complete_course(client, course)

    response = client.post(certificate_url(course), {"name": "   "})

    assert response.status_code == 400
    assert "Enter the name to print on the certificate." in response.content.decode()
    assert not Certificate.objects.exists()


def test_no_certificate_form_before_the_course_is_complete(client, course):
    client.post(complete_url(lessons_of(course)[0]))

    for response in (
        client.get(certificate_url(course)),
        client.post(certificate_url(course), {"name": "Wanjiru"}),
    ):
        assert response.status_code == 403
        assert "Complete every lesson of the course first." in (
            response.content.decode()
        )
    assert not Certificate.objects.exists()


def test_the_certificate_form_needs_sign_in(client, course):
    client.logout()

    response = client.get(certificate_url(course))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_a_blank_name_is_refused_by_the_service_too(course, student):
    for lesson in lessons_of(course):
        LessonProgress.objects.create(
            user=student, lesson=lesson, course=course, completed_at=timezone.now()
        )

    with pytest.raises(ValidationError):
        certificate_issue(user=student, course=course, student_name="  ")
    assert not Certificate.objects.exists()


def test_a_quiz_block_shown_alone_gives_no_answer_away():
    """As in the editor's preview: choices to pick, no explanation."""
    block = QuizBlock()
    value = block.to_python(quiz_block_value(explanation="EXPLANATION-TEXT"))

    html = block.render(value, {"id": "x"})

    assert "EXPLANATION-TEXT" not in html
    assert html.count('type="radio"') == 2
