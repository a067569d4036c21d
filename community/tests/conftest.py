from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

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


@pytest.fixture
def community(home_page) -> Community:
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
