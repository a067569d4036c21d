"""
The set-wise rules agree with the one-course rules they stand for: for every
kind of viewer and every kind of course, a course is in `course_list_readable`
exactly when `course_access` allows it, in `course_list_overseen` exactly when
`user_oversees_course` says so, and so on.
"""

from django.contrib.auth.models import AnonymousUser, Group
from django.db.models import QuerySet

from wagtail import hooks

import pytest

from courses.access import (
    course_access,
    course_list_granted,
    course_list_overseen,
    course_list_previewable,
    course_list_readable,
    lesson_access_within,
    user_has_course_access,
    user_oversees_course,
)
from courses.factories import CoursePageFactory
from courses.models import CoursePage, Enrollment, LessonPage
from courses.viewer import Viewer
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

LEVELS = list(CoursePage.AccessLevel)
STATES = ["available", "coming soon", "draft"]


@pytest.fixture
def courses(course_index, teacher) -> dict[tuple[str, str], CoursePage]:
    """A course of each access level in each state, all by `teacher`."""
    courses = {}
    for level in LEVELS:
        for state in STATES:
            courses[level, state] = CoursePageFactory(
                parent=course_index,
                owner=teacher,
                access_level=level,
                price=5 if level == CoursePage.AccessLevel.PURCHASE else None,
                currency="USD" if level == CoursePage.AccessLevel.PURCHASE else "",
                availability=(
                    CoursePage.Availability.COMING_SOON
                    if state == "coming soon"
                    else CoursePage.Availability.AVAILABLE
                ),
                live=state != "draft",
            )
    return courses


@pytest.fixture
def viewers(courses, teacher) -> dict[str, Viewer]:
    """Everyone who might look, each related to the courses in their own way."""
    purchase = [
        course
        for (level, _state), course in courses.items()
        if level == CoursePage.AccessLevel.PURCHASE
    ]
    enrolled = UserFactory()
    for course in courses.values():
        Enrollment.objects.create(user=enrolled, course=course, source="admin")
    co_teacher = TeacherFactory()
    inactive_co_teacher = TeacherFactory(is_active=False)
    for course in purchase:
        course.co_teachers.add(co_teacher, inactive_co_teacher)
        course.save()  # ParentalManyToManyField: stored on save
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get(name="Moderators"))
    return {
        "anonymous": Viewer(AnonymousUser()),
        "email session": Viewer(AnonymousUser(), "visitor@example.com"),
        "student": Viewer(UserFactory()),
        "verified member": Viewer(UserFactory(email_verified=True)),
        "enrolled everywhere": Viewer(enrolled),
        "granted by another app": Viewer(UserFactory(first_name="Granted")),
        "owner": Viewer(teacher),
        "co-teacher": Viewer(co_teacher),
        "inactive co-teacher": Viewer(inactive_co_teacher),
        "other teacher": Viewer(TeacherFactory(email_verified=True)),
        "moderator": Viewer(moderator),
        "admin": Viewer(AdminFactory()),
        "inactive admin": Viewer(AdminFactory(is_active=False)),
    }


@pytest.fixture(autouse=True)
def _another_app_grants_purchase_courses():
    """An app (commerce, say) granting one member every purchase course."""

    def grant(*, user) -> list[tuple[str, QuerySet]]:
        if user.first_name != "Granted":
            return []
        return [
            (
                "Included in your plan.",
                CoursePage.objects.filter(access_level=CoursePage.AccessLevel.PURCHASE),
            )
        ]

    with hooks.register_temporarily("grant_course_access", grant):
        yield


def test_readable_courses_are_those_course_access_allows(courses, viewers):
    set_wise, one_by_one = {}, {}
    for who, viewer in viewers.items():
        readable = set(course_list_readable(viewer=viewer))
        for key, course in courses.items():
            set_wise[who, *key] = course in readable
            one_by_one[who, *key] = course_access(viewer=viewer, course=course).allowed

    assert set_wise == one_by_one
    # Not agreeing by accident: a visitor reads only open courses, live and
    # available; the owner reads every course.
    assert {key for key in courses if one_by_one["anonymous", *key]} == {
        (CoursePage.AccessLevel.OPEN, "available")
    }
    assert all(one_by_one["owner", *key] for key in courses)


def test_overseen_courses_are_those_their_overseers_oversee(courses, viewers):
    set_wise, one_by_one = {}, {}
    for who, viewer in viewers.items():
        overseen = set(course_list_overseen(user=viewer.user))
        for key, course in courses.items():
            set_wise[who, *key] = course in overseen
            one_by_one[who, *key] = user_oversees_course(
                user=viewer.user, course=course
            )

    assert set_wise == one_by_one
    assert {who for (who, *_key), yes in one_by_one.items() if yes} == {
        "owner",
        "co-teacher",
        "moderator",
        "admin",
    }


def test_granted_courses_are_those_granted_one_by_one(courses, viewers):
    set_wise, one_by_one = {}, {}
    for who, viewer in viewers.items():
        granted = set(course_list_granted(user=viewer.user))
        for key, course in courses.items():
            set_wise[who, *key] = course in granted
            one_by_one[who, *key] = user_has_course_access(
                user=viewer.user, course=course
            )

    assert set_wise == one_by_one
    assert {who for (who, *_key), yes in one_by_one.items() if yes} == {
        "enrolled everywhere",
        "granted by another app",
    }


def test_previewable_courses_are_those_whose_free_previews_anyone_reads(courses):
    anyone = Viewer(AnonymousUser())
    preview = LessonPage(title="Taster", free_preview=True)

    previewable = set(course_list_previewable())

    assert {key: course in previewable for key, course in courses.items()} == {
        key: lesson_access_within(
            access=course_access(viewer=anyone, course=course), lesson=preview
        ).allowed
        for key, course in courses.items()
    }
    assert {key for key, course in courses.items() if course in previewable} == {
        (level, "available") for level in LEVELS
    }
