import json

import pytest

from courses.models import (
    Certificate,
    CourseCompletion,
    CourseNotification,
    Enrollment,
    LessonPage,
    LessonProgress,
    QuizAttempt,
    VerifiedEmail,
)
from members.factories import UserFactory
from members.services import account_delete

pytestmark = pytest.mark.django_db


def test_the_data_export_holds_the_users_learning_only(client, make_course):
    course = make_course(title="Botany")
    lesson = LessonPage.objects.descendant_of(course).first()
    user, other = UserFactory(), UserFactory()
    for learner in (user, other):
        Enrollment.objects.create(user=learner, course=course, source="free")
        LessonProgress.objects.create(user=learner, lesson=lesson, course=course)
    QuizAttempt.objects.create(
        user=user, lesson=lesson, block_id="00000000-0000-0000-0000-000000000001",
        answers=[[1]], score=1, max_score=1, passed=True,
    )  # fmt: skip
    Certificate.objects.create(
        user=user, course=course, student_name="Me", course_title="Botany"
    )
    CourseCompletion.objects.create(user=other, course=course)
    CourseCompletion.objects.create(user=user, course=course)
    client.force_login(user)

    data = json.loads(client.get("/accounts/export/").content)

    assert [e["course"] for e in data["enrollments"]] == ["Botany"]
    assert len(data["progress"]) == 1
    assert data["quiz_attempts"][0]["score"] == 1
    assert data["certificates"][0]["course"] == "Botany"
    assert [c["course"] for c in data["courses_completed"]] == ["Botany"]


def test_deleting_an_account_forgets_its_addresses_course_records(make_course):
    course = make_course(availability="coming_soon")
    user, other = UserFactory(email="me@example.com"), UserFactory()
    CourseNotification.objects.create(email="me@example.com", course=course)
    CourseNotification.objects.create(email=other.email, course=course)
    VerifiedEmail.objects.create(email="me@example.com")

    account_delete(user=user)

    assert list(CourseNotification.objects.values_list("email", flat=True)) == [
        other.email
    ]
    assert not VerifiedEmail.objects.exists()


def test_a_teachers_profile_lists_their_published_courses(client, make_course, teacher):
    make_course(title="Published course")
    draft = make_course(title="Draft course")
    draft.unpublish()

    content = client.get(f"/people/{teacher.pk}/").content.decode()

    assert "Published course" in content
    assert "Draft course" not in content
