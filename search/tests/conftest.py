"""
Courses and lessons for the search tests, published through Wagtail's
revisions so that the signals keep the lessons' search texts as they would
be on the site (the immediate task backend runs the sync at once).
"""

import pytest

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import CoursePage
from courses.services import course_index_setup
from members.factories import TeacherFactory

from .helpers import publish


@pytest.fixture
def course_index(home_page):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    return index


@pytest.fixture
def teacher(db):
    return TeacherFactory(email_verified=True)


@pytest.fixture
def make_course(course_index, teacher):
    """
    A published course by `teacher` (unless `owner` is given) with one
    module holding a lesson for each dict of `lessons` (LessonPage fields).
    """

    def make(*, lessons=({},), **fields) -> CoursePage:
        fields.setdefault("owner", teacher)
        if fields.get("access_level") == CoursePage.AccessLevel.PURCHASE:
            fields.setdefault("price", 10)
            fields.setdefault("currency", "USD")
        course = CoursePageFactory(parent=course_index, **fields)
        module = ModulePageFactory(parent=course, owner=course.owner)
        for lesson in lessons:
            LessonPageFactory(parent=module, owner=course.owner, **lesson)
        return publish(course)

    return make
