"""The course page says what grants a member the course, and offers only what works."""

from django.utils import timezone

from wagtail import hooks

import pytest

from courses.access import HookGrant
from courses.models import CoursePage, Enrollment
from members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_course(make_course):
    return make_course(
        title="Ceramics",
        access_level=CoursePage.AccessLevel.PURCHASE,
        price=9,
        currency="USD",
    )


@pytest.fixture
def granted_by_another_app():
    """An app (commerce, say) granting the Ceramics course through the hook."""

    def grant(*, user, course=None) -> list[HookGrant]:
        return [
            HookGrant(
                label="Included in your plan Studio.",
                courses=CoursePage.objects.filter(title="Ceramics"),
                since=timezone.now(),
            )
        ]

    with hooks.register_temporarily("grant_course_access", grant):
        yield


def test_a_hook_grant_is_named_on_the_course_page_without_a_leave_button(
    client, paid_course, granted_by_another_app
):
    client.force_login(UserFactory())

    content = client.get(paid_course.url).content.decode()

    assert "Included in your plan Studio." in content
    assert "You are enrolled" not in content
    assert "Leave this course" not in content


def test_leaving_a_course_one_is_not_enrolled_in_is_refused(
    client, paid_course, granted_by_another_app
):
    client.force_login(UserFactory())

    response = client.post(f"/learning/{paid_course.pk}/unenroll/", follow=True)

    content = response.content.decode()
    assert "You are not enrolled in this course" in content
    assert "You left" not in content
    assert "Included in your plan Studio." in content


def test_only_a_free_enrollment_offers_to_leave(client, make_course, paid_course):
    free = make_course(access_level=CoursePage.AccessLevel.MEMBERS)
    user = UserFactory()
    Enrollment.objects.create(user=user, course=free, source="free")
    Enrollment.objects.create(user=user, course=paid_course, source="purchase")
    client.force_login(user)

    free_page = client.get(free.url).content.decode()
    bought_page = client.get(paid_course.url).content.decode()

    assert "You are enrolled." in free_page
    assert "Leave this course" in free_page
    assert "You are enrolled." in bought_page
    assert "Leave this course" not in bought_page


def test_teachers_are_told_they_teach_rather_than_offered_to_enroll(
    client, teacher, make_course
):
    course = make_course(access_level=CoursePage.AccessLevel.MEMBERS)
    client.force_login(teacher)

    content = client.get(course.url).content.decode()

    assert "You teach this course" in content
    assert "Enroll for free" not in content
