from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db import transaction

import pytest

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import CoursePage, Enrollment, LessonPage
from courses.services import course_index_setup
from courses.viewer import Viewer
from home.factories import home_page_create
from members.factories import AdminFactory, TeacherFactory, UserFactory
from members.models import User


@dataclass
class Community:
    """A published purchase course (its board, one lesson), another
    teacher's course, and someone of each role."""

    course: CoursePage
    lesson: LessonPage
    other_course: CoursePage
    users: dict[str, User]

    def refreshed(self) -> "Community":
        users = User.objects.in_bulk([user.pk for user in self.users.values()])
        return Community(
            course=CoursePage.objects.get(pk=self.course.pk),
            lesson=LessonPage.objects.get(pk=self.lesson.pk),
            other_course=CoursePage.objects.get(pk=self.other_course.pk),
            users={role: users[user.pk] for role, user in self.users.items()},
        )

    def viewer(self, role: str) -> Viewer:
        if role == "anonymous":
            return Viewer(user=AnonymousUser())
        return Viewer(user=self.users[role])

    def __getattr__(self, name: str) -> User:
        # community.course_member, community.teacher, ...
        for role, user in self.users.items():
            if role.replace(" ", "_").replace("-", "_") == name:
                return user
        raise AttributeError(name)


ROLES = [
    "anonymous",
    "member",
    "course member",
    "non-member",
    "teacher",
    "other teacher",
    "admin",
]


@pytest.fixture(scope="module")
def community_world(django_db_setup, django_db_blocker) -> Iterator[Community]:
    """
    The community, built once for a module in a transaction rolled back at
    its end: building it (pages, their revisions and references) was most
    of these modules' time. Each test's own changes roll back to it, so its
    tests must use the database through `db` (not `transactional_db` or a
    live server, whose flush would empty the world for the tests after).
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_community(home_page_create())
        transaction.set_rollback(True)


@pytest.fixture
def community(community_world, db) -> Community:
    """The module's community, read afresh: no test sees another's objects."""
    return community_world.refreshed()


def build_community(home_page) -> Community:
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory(display_name="Tess", handle="tess")
    other_teacher = TeacherFactory(display_name="Otto", handle="otto")

    def course_by(owner: User, title: str) -> tuple[CoursePage, LessonPage]:
        course = CoursePageFactory(
            parent=index,
            owner=owner,
            title=title,
            access_level=CoursePage.AccessLevel.PURCHASE,
            price=10,
            currency="USD",
        )
        module = ModulePageFactory(parent=course, owner=owner)
        return course, LessonPageFactory(parent=module, owner=owner, title="Knots")

    course, lesson = course_by(teacher, "Sailing")
    other_course, _ = course_by(other_teacher, "Rowing")
    course_member = UserFactory(display_name="Ada", handle="ada", email_verified=True)
    Enrollment.objects.create(user=course_member, course=course, source="admin")
    non_member = UserFactory(display_name="Nia", handle="nia", email_verified=True)
    Enrollment.objects.create(user=non_member, course=other_course, source="admin")
    return Community(
        course=course,
        lesson=lesson,
        other_course=other_course,
        users={
            "member": UserFactory(
                display_name="Max", handle="max", email_verified=True
            ),
            "course member": course_member,
            "non-member": non_member,
            "teacher": teacher,
            "other teacher": other_teacher,
            "admin": AdminFactory(display_name="Ann", handle="ann"),
        },
    )
