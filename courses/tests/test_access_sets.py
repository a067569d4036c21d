"""
The set-wise rules agree with the one-course rules they stand for: for every
kind of viewer and every kind of course, a course is in `course_list_readable`
exactly when `course_access` allows it, in `course_list_overseen` exactly when
`user_oversees_course` says so, and so on.
"""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser, Group
from django.utils import timezone

from wagtail import hooks
from wagtail.models import PageViewRestriction

import pytest

from courses.access import (
    HookGrant,
    course_access,
    course_list_granted,
    course_list_overseen,
    course_list_previewable,
    course_list_readable,
    lesson_access,
    lesson_access_within,
    lesson_list_readable,
    user_has_course_access,
    user_oversees_course,
)
from courses.factories import CoursePageFactory, LessonPageFactory, ModulePageFactory
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

    def grant(*, user, course=None) -> list[HookGrant]:
        if user.first_name != "Granted":
            return []
        # Two days ago: lessons that open a day after enrolling are open.
        return [
            HookGrant(
                label="Included in your plan.",
                courses=CoursePage.objects.filter(
                    access_level=CoursePage.AccessLevel.PURCHASE
                ),
                since=timezone.now() - timedelta(days=2),
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


@pytest.fixture
def lessons(courses, teacher) -> dict[tuple, LessonPage]:
    """In every course, lessons of every kind: published, a draft, a free
    preview, one in a draft module, one behind a password, one coming soon
    (a free preview too), one that opens a day after enrolling, and one in
    a module that waits for the one before."""
    lessons = {}
    for key, course in courses.items():
        module = ModulePageFactory(parent=course, owner=teacher)
        draft_module = ModulePageFactory(parent=course, owner=teacher, live=False)
        waiting = ModulePageFactory(
            parent=course, owner=teacher, requires_previous=True
        )
        for kind, parent, fields in [
            ("published", module, {}),
            ("draft", module, {"live": False}),
            ("free preview", module, {"free_preview": True}),
            ("in a draft module", draft_module, {"free_preview": True}),
            ("private", module, {"free_preview": True}),
            (
                "coming soon",
                module,
                {"free_preview": True, "availability": "coming_soon"},
            ),
            ("opens after a day", module, {"opens_after_days": 1}),
            ("after the module before", waiting, {}),
        ]:
            lessons[*key, kind] = LessonPageFactory(
                parent=parent, owner=teacher, **fields
            )
        PageViewRestriction.objects.create(
            page=lessons[*key, "private"],
            restriction_type=PageViewRestriction.PASSWORD,
            password="sesame",  # noqa: S106
        )
    return lessons


def test_readable_lessons_are_those_lesson_access_allows(courses, lessons, viewers):
    set_wise, one_by_one = {}, {}
    for who, viewer in viewers.items():
        readable = set(lesson_list_readable(viewer=viewer))
        for (level, state, kind), lesson in lessons.items():
            course = courses[level, state]
            set_wise[who, level, state, kind] = lesson in readable
            one_by_one[who, level, state, kind] = (
                lesson_access(viewer=viewer, lesson=lesson, course=course).allowed
                # Lessons behind a privacy setting are left out of lists.
                and kind != "private"
            )

    assert set_wise == one_by_one
    # Not agreeing by accident: a visitor reads the published lessons of the
    # open course and the free previews of every available course; the
    # owner reads every lesson but the private ones.
    assert {key for key in set_wise if key[0] == "anonymous" and set_wise[key]} == {
        ("anonymous", CoursePage.AccessLevel.OPEN, "available", "published"),
        *(("anonymous", level, "available", "free preview") for level in LEVELS),
    }
    assert all(set_wise["owner", *key] == (key[-1] != "private") for key in lessons)
    # Enrolled, but neither a day ago nor through the module before.
    enrolled = {key for key in set_wise if key[0] == "enrolled everywhere"}
    assert not any(
        set_wise[key]
        for key in enrolled
        if key[-1] in ("coming soon", "opens after a day", "after the module before")
    )
    assert set_wise["enrolled everywhere", LEVELS[0], "available", "published"]
    # Granted by another app two days ago: lessons open from the grant's start.
    purchase = CoursePage.AccessLevel.PURCHASE
    assert set_wise[
        "granted by another app", purchase, "available", "opens after a day"
    ]
