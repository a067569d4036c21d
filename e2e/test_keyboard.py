"""
A student takes a course with the keyboard alone: Tab to each control (its
focus showing), Enter or Space to use it.
"""

import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import plant_basics, script_errors, sign_in, tab_to
from members.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def course(home_page):
    return plant_basics(home_page)


def test_a_student_enrolls_learns_passes_a_quiz_and_takes_the_certificate_by_keyboard(
    page: Page, course
):
    errors = script_errors(page)
    sign_in(page, UserFactory(display_name="Amina Yusuf").email)
    page.goto(course.url)

    tab_to(page, page.get_by_role("button", name="Enroll for free"))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("enrollment")).to_contain_text("You are enrolled")

    tab_to(
        page,
        page.get_by_test_id("outline").get_by_role("link", name="Why roots matter"),
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Why roots matter")
    tab_to(page, page.get_by_role("button", name="Mark as complete"))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("lesson-completed")).to_be_visible()

    tab_to(page, page.get_by_role("link", name="Check your roots →"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your roots")
    # A radio group is one stop of Tab; the arrow keys choose within it.
    tab_to(page, page.get_by_role("radio", name="The leaves"))
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="The roots")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Check my answers"))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("quiz-result")).to_contain_text("passed!")

    completed = page.get_by_test_id("course-completed")
    expect(completed).to_contain_text("You have completed Plant basics.")
    tab_to(page, completed.get_by_role("link", name="Your certificate"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name="Issue my certificate"))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("certificate")).to_contain_text("Amina Yusuf")
    assert not errors
