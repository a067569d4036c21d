"""
A member's public profile, whose sections come from the apps above members:
the courses a teacher teaches and the media they share.
"""

import pytest
from playwright.sync_api import Page, expect

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.services import course_index_setup
from media_library.factories import MediaAssetFactory, review
from members.factories import TeacherFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_visitor_finds_a_teachers_courses_and_shared_media_on_their_profile(
    page: Page, home_page, django_capture_on_commit_callbacks
):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory(email_verified=True, display_name="Wanjiru Kamau")
    course = CoursePageFactory(parent=index, owner=teacher, title="Tide tables")
    LessonPageFactory(parent=ModulePageFactory(parent=course, owner=teacher))
    CoursePageFactory(parent=index, owner=teacher, title="Unfinished draft", live=False)
    shared = MediaAssetFactory(owner=teacher, visibility="public", title="Harbour")
    with django_capture_on_commit_callbacks(execute=True):
        review(shared)
    MediaAssetFactory(owner=teacher, title="Private notes")

    page.goto(f"/people/{teacher.pk}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Wanjiru Kamau")
    courses = page.get_by_test_id("profile-courses")
    expect(courses.get_by_role("link")).to_have_text(["Tide tables"])
    media = page.get_by_test_id("profile-media")
    expect(media).to_contain_text("Harbour")
    expect(media).not_to_contain_text("Private notes")

    media.get_by_role("link", name="Harbour").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Harbour")
    page.go_back()
    courses.get_by_role("link", name="Tide tables").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tide tables")
