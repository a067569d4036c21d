"""Teachers and admins reading a course they teach leave no student's trace."""

import pytest

from courses.factories import quiz_block_value
from courses.models import CoursePage, LessonPage, LessonProgress, QuizAttempt
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(make_course) -> LessonPage:
    course = make_course(access_level=CoursePage.AccessLevel.MEMBERS)
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    lesson.body = [("quiz", quiz_block_value())]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson


@pytest.fixture(params=["owner", "co-teacher", "admin"])
def reader(request, teacher, lesson):
    if request.param == "owner":
        return teacher
    if request.param == "admin":
        return AdminFactory()
    co_teacher = TeacherFactory()
    course = lesson.get_course()
    course.co_teachers.add(co_teacher)
    course.save_revision().publish()
    return co_teacher


def test_reading_a_lesson_one_teaches_records_no_visit(client, reader, lesson):
    client.force_login(reader)

    content = client.get(lesson.url).content.decode()

    assert "Quick check" in content  # the lesson is shown, quiz and all
    assert "Mark as complete" not in content
    assert not LessonProgress.objects.exists()


def test_a_teacher_cannot_complete_a_lesson_they_teach(client, reader, lesson):
    client.force_login(reader)

    response = client.post(
        f"/learning/lessons/{lesson.pk}/complete/", HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 403
    assert "your reading is not recorded" in response.content.decode()
    assert not LessonProgress.objects.exists()


def test_a_teachers_quiz_answers_are_checked_but_not_kept(client, reader, lesson):
    client.force_login(reader)

    response = client.post(
        f"/learning/lessons/{lesson.pk}/quiz/{lesson.body[0].id}/",
        {"q0": ["1"]},
        HTTP_HX_REQUEST="true",
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "1 of 1 right" in content
    assert "your answers are not kept" in content
    assert not QuizAttempt.objects.exists()


def test_a_student_reading_the_same_lesson_is_recorded(client, lesson):
    student = UserFactory()
    client.force_login(student)

    content = client.get(lesson.url).content.decode()
    client.post(
        f"/learning/lessons/{lesson.pk}/quiz/{lesson.body[0].id}/", {"q0": ["1"]}
    )

    assert "Pass the quiz “Quick check” to complete this lesson." in content
    assert LessonProgress.objects.get(user=student).completed_at
    assert QuizAttempt.objects.filter(user=student).exists()
