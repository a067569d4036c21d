"""Plan members read their plan's courses, and the course page says why."""

from datetime import timedelta

from django.utils import timezone

import pytest

from commerce.factories import MembershipFactory, PlanFactory
from courses.access import user_has_course_access
from courses.models import Enrollment

pytestmark = pytest.mark.django_db


def test_the_course_page_names_the_plan_that_unlocks_it(client, paid_course):
    membership = MembershipFactory(
        plan=PlanFactory(name="Studio", courses=[paid_course])
    )
    client.force_login(membership.user)

    content = client.get(paid_course.url).content.decode()

    assert "Included in your plan Studio." in content
    assert "Buy for" not in content
    assert "Leave this course" not in content


def test_a_plan_member_cannot_leave_what_their_plan_gives(client, paid_course):
    membership = MembershipFactory(plan=PlanFactory(courses=[paid_course]))
    client.force_login(membership.user)

    response = client.post(f"/learning/{paid_course.pk}/unenroll/", follow=True)

    assert "You are not enrolled in this course" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_an_expired_membership_opens_nothing(buyer, term_plan, paid_course):
    ended = timezone.now() - timedelta(minutes=1)
    MembershipFactory(user=buyer, plan=term_plan, current_period_end=ended)

    assert not user_has_course_access(user=buyer, course=paid_course)
