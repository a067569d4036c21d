"""The journeys' accessibility check really runs, and fails on what it must."""

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.accessibility import AccessibilityCheck

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

UNLABELED_FIELD = """<!DOCTYPE html>
<html lang="en"><head><title>Newsletter</title></head>
<body><main><h1>Newsletter</h1><form><input name="email"></form></main></body></html>"""


def serve_unlabeled_field(page: Page, path: str) -> None:
    page.route(
        f"**{path}",
        lambda route: route.fulfill(content_type="text/html", body=UNLABELED_FIELD),
    )


def test_a_public_page_is_checked_before_the_journey_acts_on_it(
    page: Page, accessibility_check: AccessibilityCheck
):
    serve_unlabeled_field(page, "/newsletter/")
    page.goto("/newsletter/")
    assert accessibility_check.problems == []

    page.get_by_role("textbox").fill("ada@example.com")

    [problem] = accessibility_check.problems
    assert "/newsletter/\n  label (critical): Form elements must have labels" in problem
    assert "\n    input\n" in problem
    assert "https://dequeuniversity.com/rules/axe/" in problem
    # Once per page.
    expect(page.get_by_role("heading", name="Newsletter")).to_be_visible()
    accessibility_check.finish()
    assert len(accessibility_check.problems) == 1
    accessibility_check.problems.clear()


def test_a_public_page_is_checked_before_the_journey_goes_elsewhere(
    page: Page, accessibility_check: AccessibilityCheck
):
    serve_unlabeled_field(page, "/newsletter/")
    page.goto("/newsletter/")

    page.goto("/accounts/login/")

    [problem] = accessibility_check.problems
    assert "/newsletter/\n  label (critical)" in problem
    accessibility_check.problems.clear()


def test_the_pages_open_at_the_end_are_checked_in_every_browser_context(
    browser: Browser, live_server, accessibility_check: AccessibilityCheck
):
    page = browser.new_context(base_url=live_server.url).new_page()
    serve_unlabeled_field(page, "/newsletter/")
    page.goto("/newsletter/")

    accessibility_check.finish()

    [problem] = accessibility_check.problems
    assert "label (critical)" in problem
    accessibility_check.problems.clear()
    page.context.close()


def test_the_wagtail_admin_is_not_checked(
    page: Page, accessibility_check: AccessibilityCheck
):
    serve_unlabeled_field(page, "/admin/newsletter/")
    page.goto("/admin/newsletter/")
    page.get_by_role("textbox").fill("ada@example.com")

    accessibility_check.finish()

    assert accessibility_check.problems == []


def test_what_htmx_swaps_in_is_checked_again(
    page: Page, accessibility_check: AccessibilityCheck
):
    page.route(
        "**/newsletter/",
        lambda route: route.fulfill(
            content_type="text/html",
            body=UNLABELED_FIELD.replace(
                '<input name="email">',
                '<label>Email <input name="email"></label><div id="result"></div>',
            ),
        ),
    )
    page.goto("/newsletter/")
    page.get_by_role("textbox", name="Email").fill("ada@example.com")
    assert accessibility_check.problems == []

    # As HTMX puts a response in place, then says it has settled.
    page.evaluate(
        """() => {
            document.getElementById("result").innerHTML = '<input name="code">';
            document.body.dispatchEvent(new Event("htmx:afterSettle", {bubbles: true}));
        }"""
    )
    page.get_by_role("textbox", name="Email").fill("ada@example.org")

    [problem] = accessibility_check.problems
    assert "label (critical)" in problem
    assert '\n    input[name="code"]\n' in problem
    accessibility_check.problems.clear()
