"""
Courses and lessons for the search tests, published through Wagtail's
revisions so that the signals keep the lessons' search texts as they would
be on the site (the immediate task backend runs the sync at once).
"""

from django.db import transaction
from django.test import override_settings

import pytest

from courses.factories import (
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import CoursePage
from members.factories import TeacherFactory

from .helpers import publish
from .matrix import build_content


@pytest.fixture(scope="module", autouse=True)
def _search_index():
    """The search tests keep the index up to date, as the site does."""


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


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker, tmp_path_factory):
    """
    The search matrix's world (matrix.py), built once for the module in a
    transaction rolled back at its end: its tests only search it.
    """
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=media / "public", PRIVATE_MEDIA_ROOT=media / "private"
        ),
        transaction.atomic(),
    ):
        yield build_content()
        transaction.set_rollback(True)
