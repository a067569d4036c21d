import pytest

from courses.factories import (
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from members.factories import TeacherFactory


@pytest.fixture
def teacher(db):
    return TeacherFactory()


@pytest.fixture
def make_course(course_index, teacher):
    """A published course by `teacher` with one module of two lessons."""

    def make(**fields):
        fields.setdefault("owner", teacher)
        course = CoursePageFactory(parent=course_index, **fields)
        module = ModulePageFactory(parent=course, owner=course.owner)
        LessonPageFactory(parent=module, owner=course.owner, title="First steps")
        LessonPageFactory(parent=module, owner=course.owner, title="Going further")
        return course

    return make
