from django.contrib.auth.models import Group

import pytest

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import Enrollment
from courses.services import course_index_setup
from media_library.factories import MediaAssetFactory
from members.factories import AdminFactory, TeacherFactory, UserFactory
from members.models import TeacherAssignment


@pytest.fixture
def teacher(db):
    return TeacherFactory(email_verified=True)


@pytest.fixture
def course(home_page, teacher):
    """A published open course taught by `teacher`, with one lesson."""
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    course = CoursePageFactory(parent=index, owner=teacher)
    module = ModulePageFactory(parent=course, owner=teacher)
    LessonPageFactory(parent=module, owner=teacher)
    return course


@pytest.fixture
def student(course):
    """A verified student enrolled in `course`: `teacher`'s student."""
    student = UserFactory(email_verified=True)
    Enrollment.objects.create(user=student, course=course, source="free")
    return student


@pytest.fixture
def admin(db):
    return AdminFactory()


@pytest.fixture
def people(student, teacher, admin, db):
    """Everyone of the permission matrix, by role towards `student`'s media."""
    other_teacher = TeacherFactory()
    assigned_teacher = TeacherFactory()
    TeacherAssignment.objects.create(teacher=assigned_teacher, student=student)
    return {
        "owner": student,
        "other_student": UserFactory(email_verified=True),
        "teacher": teacher,
        "assigned_teacher": assigned_teacher,
        "other_teacher": other_teacher,
        "moderator": moderator(),
        "admin": admin,
        "anonymous": None,
    }


def moderator():
    """A member of the Moderators group without superuser rights."""
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def shared(student, course):
    """`student`'s media shared publicly with `course`: in review."""
    return MediaAssetFactory(
        owner=student, visibility="public", course=course, title="Volcano model"
    )
