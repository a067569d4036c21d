"""A student bookmarks a lesson and keeps notes on it, and finds them on My learning."""

import time

import pytest
from playwright.sync_api import Page, expect

from courses.models import Enrollment, LessonPage, LessonProgress
from e2e.helpers import plant_basics, script_errors, sign_in
from members.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NOTE = "Roots drink through their hairs."


def saved_note(student, lesson) -> str:
    """The student's notes once the last save is in, waiting up to 10 s for it."""
    for _ in range(50):
        record = LessonProgress.objects.filter(user=student, lesson=lesson).first()
        if record and record.note == NOTE:
            break
        time.sleep(0.2)
    return record.note if record else ""


def test_a_student_bookmarks_a_lesson_and_keeps_notes_that_autosave(
    page: Page, home_page
):
    course = plant_basics(home_page)
    lesson = LessonPage.objects.get(title="Why roots matter")
    student = UserFactory()
    Enrollment.objects.create(user=student, course=course, source="free")
    errors = script_errors(page)
    sign_in(page, student.email)
    page.goto(lesson.url)

    notes = page.get_by_test_id("lesson-notes")
    bookmark = notes.get_by_role("button", name="Bookmark")
    expect(bookmark).to_have_attribute("aria-pressed", "false")
    bookmark.click()
    expect(bookmark).to_have_attribute("aria-pressed", "true")
    # The new button keeps the focus, as the one it replaced had it.
    expect(bookmark).to_be_focused()

    # Typed, then left alone: the notes save themselves.
    notes.get_by_label("Private notes on this lesson").press_sequentially(NOTE)
    expect(notes.get_by_role("status")).to_have_text("Notes saved.")
    assert saved_note(student, lesson) == NOTE

    page.reload()
    expect(page.get_by_label("Private notes on this lesson")).to_have_value(NOTE)
    page.get_by_role("link", name="My learning").first.click()
    mine = page.get_by_test_id("my-notes")
    expect(mine).to_contain_text(NOTE)
    expect(mine).to_contain_text("★ Bookmarked")
    mine.get_by_role("link", name="Why roots matter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Why roots matter")
    assert not errors
