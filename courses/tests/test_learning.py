import re
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.utils import timezone

import pytest
import time_machine

from courses import selectors
from courses.factories import (
    LessonPageFactory,
    ModulePageFactory,
    quiz_block_value,
)
from courses.models import (
    Certificate,
    CourseNotification,
    CoursePage,
    Enrollment,
    LessonPage,
    LessonProgress,
    QuizAttempt,
)
from courses.services import certificate_issue, lesson_complete
from courses.viewer import Viewer
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

# Two questions: the second needs both even numbers chosen.
QUIZ = quiz_block_value()
QUIZ["questions"].append(
    {
        "prompt": "Even numbers?",
        "explanation": "Divisible by two.",
        "choices": [
            {"text": "2", "correct": True},
            {"text": "3", "correct": False},
            {"text": "4", "correct": True},
        ],
    }
)


@pytest.fixture
def quiz_lesson(make_course):
    course = make_course()
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    lesson.body = [("quiz", QUIZ)]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson


def quiz_url(lesson) -> str:
    return f"/learning/lessons/{lesson.pk}/quiz/{lesson.body[0].id}/"


def test_quiz_is_scored_on_the_server(client, quiz_lesson):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        quiz_url(quiz_lesson), {"q0": ["1"], "q1": ["0"]}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    attempt = QuizAttempt.objects.get(user=user)
    # The second question needs both even numbers.
    assert (attempt.score, attempt.max_score, attempt.passed) == (1, 2, True)
    assert attempt.answers == [[1], [0]]
    content = response.content.decode()
    assert "1 of 2 right (50%)" in content
    # Explained where answered right; not where wrong, which would give it away.
    assert "Count on your fingers." in content
    assert "Divisible by two." not in content


def test_all_wrong_fails(client, quiz_lesson):
    client.force_login(UserFactory())

    client.post(quiz_url(quiz_lesson), {"q0": ["0"]})

    assert not QuizAttempt.objects.get().passed


@pytest.mark.parametrize(
    "answers", [{"q0": ["7"]}, {"q0": ["x"]}, {"q5": ["0"]}, {"q0": ["-1"]}]
)
def test_tampered_answers_are_refused_and_nothing_is_stored(
    client, quiz_lesson, answers
):
    client.force_login(UserFactory())

    response = client.post(quiz_url(quiz_lesson), answers)

    assert response.status_code == 400
    assert "answer" in response.content.decode().lower()
    assert not QuizAttempt.objects.exists()


def test_quiz_needs_access_to_the_lesson(client, make_course):
    course = make_course(
        access_level=CoursePage.AccessLevel.PURCHASE, price=5, currency="USD"
    )
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    lesson.body = [("quiz", QUIZ)]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    client.force_login(UserFactory())

    response = client.post(quiz_url(lesson), {"q0": ["1"]})

    assert response.status_code == 403
    assert not QuizAttempt.objects.exists()


def test_unknown_quiz_block_is_refused(client, quiz_lesson):
    client.force_login(UserFactory())

    unknown = "00000000-0000-0000-0000-000000000000"
    url = f"/learning/lessons/{quiz_lesson.pk}/quiz/{unknown}/"
    response = client.post(url, {"q0": ["1"]})

    assert response.status_code == 400


def test_progress_completion_resume_and_my_learning(client, make_course):
    course = make_course(access_level=CoursePage.AccessLevel.MEMBERS)
    first, second = LessonPage.objects.descendant_of(course).order_by("path")
    user = UserFactory()
    client.force_login(user)
    client.post(f"/learning/{course.pk}/enroll/")

    client.get(first.url)
    client.post(f"/learning/lessons/{first.pk}/complete/", HTTP_HX_REQUEST="true")
    client.get(second.url)

    assert LessonProgress.objects.get(user=user, lesson=first).completed_at
    course_page = client.get(course.url).content.decode()
    assert "1 of 2 lessons" in course_page
    assert "Resume: Going further" in course_page
    learning = client.get("/learning/")
    assert course.title in learning.content.decode()
    assert "50%" in learning.content.decode()
    assert "private" in learning["Cache-Control"]

    client.post(f"/learning/lessons/{second.pk}/complete/")
    assert "Completed" in client.get("/learning/").content.decode()


def test_lessons_of_an_unpublished_module_do_not_count_towards_progress(
    client, make_course
):
    course = make_course(access_level=CoursePage.AccessLevel.MEMBERS)
    hidden_module = ModulePageFactory(parent=course, owner=course.owner)
    LessonPageFactory(parent=hidden_module, owner=course.owner, title="Not yet")
    hidden_module.unpublish()
    first, second = LessonPage.objects.live().child_of(course.get_first_child())
    user = UserFactory()
    client.force_login(user)
    client.post(f"/learning/{course.pk}/enroll/")

    for lesson in (first, second):
        client.post(f"/learning/lessons/{lesson.pk}/complete/")

    assert "Not yet" not in client.get(second.url).content.decode()
    assert "Completed" in client.get(course.url).content.decode()
    assert "Completed" in client.get("/learning/").content.decode()


def test_completing_a_locked_lesson_is_refused(client, make_course):
    course = make_course(
        access_level=CoursePage.AccessLevel.PURCHASE, price=5, currency="USD"
    )
    lesson = LessonPage.objects.descendant_of(course).first()
    client.force_login(UserFactory())

    response = client.post(f"/learning/lessons/{lesson.pk}/complete/")

    assert response.status_code == 403
    assert not LessonProgress.objects.exists()


def test_my_learning_lists_only_my_courses(client, make_course):
    mine, theirs = make_course(title="Mine"), make_course(title="Theirs")
    user, other = UserFactory(), UserFactory()
    Enrollment.objects.create(user=user, course=mine, source="free")
    Enrollment.objects.create(user=other, course=theirs, source="free")
    client.force_login(user)

    content = client.get("/learning/").content.decode()

    assert "Mine" in content
    assert "Theirs" not in content


def test_my_learning_shows_a_page_of_courses_and_loads_more_as_asked(
    client, make_course
):
    user = UserFactory()
    courses = [make_course(title=f"Course {number:02}") for number in range(14)]
    for course in courses:
        Enrollment.objects.create(user=user, course=course, source="free")
    client.force_login(user)

    first = client.get("/learning/").content.decode()
    more = client.get("/learning/?page=2", HTTP_HX_REQUEST="true")

    # The most recently joined first, a page of them.
    shown = re.findall(r">(Course \d\d)</a>", first)
    assert shown == [f"Course {number:02}" for number in range(13, 1, -1)]
    assert 'hx-get="?page=2"' in first
    assert 'href="?page=2"' in first
    # The next ones alone, for the list, and no more after them.
    assert re.findall(r">(Course \d\d)</a>", more.content.decode()) == [
        "Course 01",
        "Course 00",
    ]
    assert "<html" not in more.content.decode()
    assert "page=3" not in more.content.decode()
    assert "HX-Request" in more["Vary"]
    assert "private" in more["Cache-Control"]
    # Without JavaScript, the link shows the next page whole.
    assert "Course 01" in client.get("/learning/?page=2").content.decode()
    past_the_end = client.get("/learning/?page=9").content.decode()
    assert "You have not enrolled" not in past_the_end


def test_a_long_course_lists_the_lessons_of_other_modules_when_opened(
    client, make_course, monkeypatch
):
    monkeypatch.setattr(selectors, "OUTLINE_LESSONS_UNFOLDED", 2)
    course = make_course(access_level=CoursePage.AccessLevel.MEMBERS)
    later = ModulePageFactory(parent=course, owner=course.owner, title="Later")
    LessonPageFactory(parent=later, owner=course.owner, title="Far ahead")
    first, second, far = LessonPage.objects.descendant_of(course).order_by("path")
    user = UserFactory()
    client.force_login(user)
    client.post(f"/learning/{course.pk}/enroll/")
    client.post(f"/learning/lessons/{first.pk}/complete/")

    page = client.get(second.url).content.decode()
    outline = re.search(r'aria-label="Course outline".*?</nav>', page, re.S).group()
    opened = client.get(f"/learning/lessons/{second.pk}/outline/{later.pk}/")
    own = client.get(f"/learning/lessons/{second.pk}/outline/{second.get_parent().pk}/")

    # The lesson's own module in full; the other folded, with its count.
    assert "First steps" in outline
    assert "Far ahead" not in outline
    assert 'data-testid="folded-module"' in outline
    assert "Later <span" in outline
    assert "(1 lesson)" in outline
    assert f'hx-get="/learning/lessons/{second.pk}/outline/{later.pk}/"' in outline
    assert f'href="{later.url}"' in outline
    # Opened, as the page would list it, with the reader's marks.
    assert opened.status_code == 200
    assert "Far ahead" in opened.content.decode()
    assert "<html" not in opened.content.decode()
    assert "private" in opened["Cache-Control"]
    assert "(done)" in own.content.decode()
    assert client.get(f"/learning/lessons/{far.pk}/outline/9999/").status_code == 404


def test_a_short_course_lists_every_lesson_beside_each(client, make_course):
    course = make_course()
    other = ModulePageFactory(parent=course, owner=course.owner)
    LessonPageFactory(parent=other, owner=course.owner, title="Far ahead")
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()

    page = client.get(lesson.url).content.decode()

    assert "Far ahead" in page
    assert 'data-testid="folded-module"' not in page


def test_completing_every_lesson_offers_a_certificate_anyone_can_check(
    client, make_course
):
    course = make_course(title="Botany")
    user = UserFactory(display_name="Achieng Otieno")
    Enrollment.objects.create(user=user, course=course, source="free")
    client.force_login(user)
    first, second = LessonPage.objects.descendant_of(course).order_by("path")
    claim_url = f"/learning/{course.pk}/certificate/"

    client.post(f"/learning/lessons/{first.pk}/complete/")
    assert client.get(claim_url).status_code == 403
    client.post(f"/learning/lessons/{second.pk}/complete/")

    assert claim_url in client.get("/learning/").content.decode()
    response = client.post(claim_url, {"name": "Achieng A. Otieno"})
    certificate = Certificate.objects.get(user=user, course=course)
    assert response.url == certificate.get_absolute_url()
    assert certificate.get_absolute_url() in client.get("/learning/").content.decode()
    client.logout()
    content = client.get(certificate.get_absolute_url()).content.decode()
    assert "Achieng A. Otieno" in content
    assert "Botany" in content
    assert certificate.code in content


def test_an_unknown_certificate_is_not_found(client, home_page):
    assert client.get("/learning/certificates/made-up-code/").status_code == 404


def test_an_issued_certificate_keeps_its_names(make_course):
    course = make_course(title="Botany")
    user = UserFactory(display_name="Achieng")
    viewer = Viewer(user)
    for lesson in LessonPage.objects.descendant_of(course):
        lesson_complete(viewer=viewer, lesson=lesson)
    certificate_issue(user=user, course=course, student_name="Achieng")

    course.title = "Plant science"
    course.save_revision().publish()
    user.display_name = "Achieng O."
    user.save()
    certificate_issue(user=user, course=course, student_name="Someone else")

    certificate = Certificate.objects.get()
    assert (certificate.course_title, certificate.student_name) == ("Botany", "Achieng")


def test_no_certificate_before_the_course_is_complete(make_course):
    course = make_course()

    with pytest.raises(PermissionDenied):
        certificate_issue(user=UserFactory(), course=course, student_name="Ann")
    assert not Certificate.objects.exists()


def test_notify_me_only_for_coming_soon_courses(client, make_course):
    course = make_course()

    response = client.post(
        f"/learning/{course.pk}/notify-me/", {"email": "a@example.com"}, follow=True
    )

    assert "already open" in response.content.decode()
    assert not CourseNotification.objects.exists()


def test_completing_a_locked_lesson_over_htmx_says_why(client, make_course):
    course = make_course(
        access_level=CoursePage.AccessLevel.PURCHASE, price=5, currency="USD"
    )
    lesson = LessonPage.objects.descendant_of(course).first()
    client.force_login(UserFactory())

    response = client.post(
        f"/learning/lessons/{lesson.pk}/complete/", HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 403
    assert "You cannot complete this lesson." in response.content.decode()
    assert "<html" not in response.content.decode()


def _visited_at(user, lesson):
    return LessonProgress.objects.get(user=user, lesson=lesson).visited_at


@pytest.fixture
def reader(client, make_course):
    """A student enrolled in a course of two lessons, signed in on `client`."""
    course = make_course(access_level=CoursePage.AccessLevel.MEMBERS)
    user = UserFactory()
    client.force_login(user)
    client.post(f"/learning/{course.pk}/enroll/")
    return user, *LessonPage.objects.descendant_of(course).order_by("path")


def test_reading_the_lesson_one_resumes_at_again_soon_records_nothing(client, reader):
    user, first, _ = reader
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        client.get(first.url)
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        client.get(first.url)
    assert _visited_at(user, first) == start

    # Later, it is recorded again.
    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        client.get(first.url)
    assert _visited_at(user, first) == start + timedelta(minutes=2)


def test_going_back_to_a_lesson_at_once_is_where_one_resumes(client, reader):
    user, first, second = reader
    start = timezone.now()

    for seconds, lesson in ((0, first), (10, second), (20, first)):
        with time_machine.travel(start + timedelta(seconds=seconds), tick=False):
            client.get(lesson.url)

    assert _visited_at(user, first) == start + timedelta(seconds=20)
    course = first.get_course()
    assert f"Resume: {first.title}" in client.get(course.url).content.decode()
