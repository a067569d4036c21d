"""A student bookmarks a lesson and keeps notes on it, and finds them on My learning."""

import pytest
from playwright.sync_api import Page, expect

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import Enrollment, LessonProgress
from courses.services import course_index_setup
from e2e.helpers import script_errors, sign_in
from members.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_student_bookmarks_a_lesson_and_keeps_notes_that_autosave(
    page: Page, home_page
):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory()
    course = CoursePageFactory(
        parent=index, owner=teacher, title="Plant basics", access_level="members"
    )
    module = ModulePageFactory(parent=course, owner=teacher, title="Roots")
    lesson = LessonPageFactory(parent=module, owner=teacher, title="Why roots matter")
    student = UserFactory()
    Enrollment.objects.create(user=student, course=course, source="free")
    errors = script_errors(page)
    sign_in(page, student.email)
    page.goto(lesson.url)

    notes = page.get_by_test_id("lesson-notes")
    bookmark = notes.get_by_role("button", name="Bookmark")
    expect(bookmark).to_have_attribute("aria-pressed", "false")
    bookmark.click()
    expect(notes.get_by_role("button", name="Bookmark")).to_have_attribute(
        "aria-pressed", "true"
    )

    # Typed, then left: the notes save themselves.
    notes.get_by_label("Private notes on this lesson").press_sequentially(
        "Roots drink through their hairs."
    )
    expect(notes.get_by_role("status")).to_have_text("Notes saved.")
    assert (
        LessonProgress.objects.get(user=student, lesson=lesson).note
        == "Roots drink through their hairs."
    )

    page.reload()
    expect(page.get_by_label("Private notes on this lesson")).to_have_value(
        "Roots drink through their hairs."
    )
    page.get_by_role("link", name="My learning").first.click()
    mine = page.get_by_test_id("my-notes")
    expect(mine).to_contain_text("Roots drink through their hairs.")
    expect(mine).to_contain_text("★ Bookmarked")
    mine.get_by_role("link", name="Why roots matter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Why roots matter")
    assert not errors
