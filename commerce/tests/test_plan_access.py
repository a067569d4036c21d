"""
Plan members read their plan's courses, and the course page says why;
lessons that drip open from the start of the membership.
"""

from datetime import timedelta

from django.utils import timezone

import pytest
import time_machine

from commerce.factories import MembershipFactory, PlanFactory
from courses.access import lesson_access, lesson_list_readable, user_has_course_access
from courses.factories import LessonPageFactory
from courses.models import Enrollment
from courses.viewer import Viewer

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


def test_a_plans_lessons_drip_from_the_start_of_the_membership(client, paid_course):
    """A plan member never enrolls: a lesson that opens three days after
    enrolling opens three days after their membership began."""
    module = paid_course.get_children().get().specific
    dripping = LessonPageFactory(parent=module, title="Later", opens_after_days=3)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        membership = MembershipFactory(plan=PlanFactory(courses=[paid_course]))
    client.force_login(membership.user)
    viewer = Viewer(user=membership.user)

    with time_machine.travel(start + timedelta(days=1), tick=False):
        waiting = lesson_access(viewer=viewer, lesson=dripping, course=paid_course)
        outline = client.get(paid_course.url).content.decode()
        readable = set(lesson_list_readable(viewer=viewer))
    with time_machine.travel(start + timedelta(days=3, minutes=1), tick=False):
        opened = lesson_access(viewer=viewer, lesson=dripping, course=paid_course)
        readable_later = set(lesson_list_readable(viewer=viewer))

    assert (waiting.unlock, waiting.opens_at) == (
        "opens_later",
        membership.created_at + timedelta(days=3),
    )
    assert ">in 2 days</time>" in outline  # "Opens in 2 days"
    assert dripping not in readable
    assert opened.allowed
    assert dripping in readable_later
    assert not Enrollment.objects.exists()


@pytest.fixture
def kept(settings):
    """As in production: what the plans cover is kept per generation."""
    settings.PAGE_CACHE_SECONDS = 600


def test_a_course_no_plan_unlocks_asks_nothing_of_memberships(
    kept, buyer, paid_course, django_assert_num_queries
):
    MembershipFactory(user=buyer, plan=PlanFactory(courses=[]))
    assert not user_has_course_access(user=buyer, course=paid_course)

    # Its enrollment, and no membership: what plans cover is kept.
    with django_assert_num_queries(1):
        assert not user_has_course_access(user=buyer, course=paid_course)


@pytest.fixture
def empty_plan(kept, buyer, paid_course):
    """The buyer's plan, which unlocks no course yet (and not `paid_course`)."""
    plan = PlanFactory(courses=[])
    MembershipFactory(user=buyer, plan=plan)
    assert not user_has_course_access(user=buyer, course=paid_course)
    return plan


def test_a_course_added_to_a_plan_opens_to_its_members(
    empty_plan, buyer, paid_course, commit
):
    plan = empty_plan

    with commit():
        plan.courses.add(paid_course)

    assert user_has_course_access(user=buyer, course=paid_course)


def test_a_plan_made_to_cover_every_purchase_course_opens_them(
    empty_plan, buyer, paid_course, commit
):
    plan = empty_plan

    with commit():
        plan.all_purchase_courses = True
        plan.save()

    assert user_has_course_access(user=buyer, course=paid_course)


def test_a_course_taken_out_of_the_plan_closes_to_its_members(
    kept, buyer, paid_course, commit
):
    plan = PlanFactory(courses=[paid_course])
    MembershipFactory(user=buyer, plan=plan)
    assert user_has_course_access(user=buyer, course=paid_course)

    with commit():
        plan.courses.remove(paid_course)

    assert not user_has_course_access(user=buyer, course=paid_course)
