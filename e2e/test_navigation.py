import re
from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import Page, expect

from courses.factories import CourseIndexPageFactory, CoursePageFactory
from courses.services import course_index_setup
from e2e.helpers import footer_action, tab_to
from home.models import LegalPages, StandardPage
from members.factories import FACTORY_PASSWORD, AdminFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def catalog(home_page):
    index = CourseIndexPageFactory(parent=home_page, title="Courses", slug="learn")
    course_index_setup(index=index)
    titles = ["Bread baking", "Knots for sailors", "Beekeeping"]
    for days_old, title in enumerate(titles):
        CoursePageFactory(
            parent=index,
            title=title,
            first_published_at=timezone.now() - timedelta(days=days_old),
        )
    return index


def test_visitor_finds_the_courses_and_an_editor_features_one(page: Page, catalog):
    page.goto("/")
    newest = page.get_by_test_id("newest-courses")
    expect(newest.get_by_role("heading", level=3)).to_have_text(
        ["Bread baking", "Knots for sailors", "Beekeeping"]
    )
    expect(page.get_by_test_id("featured-courses")).to_have_count(0)

    header_link = page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Courses"
    )
    header_link.click()
    expect(page).to_have_url(re.compile(r"/learn/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Courses")
    expect(header_link).to_have_attribute("aria-current", "page")

    # The editor signs in with the keyboard alone.
    editor = AdminFactory()
    page.goto("/accounts/login/")
    tab_to(page, page.get_by_label("Email"))
    page.keyboard.type(editor.email)
    tab_to(page, page.get_by_label("Password"))
    page.keyboard.type(FACTORY_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("account-nav")).to_contain_text("Log out")

    page.goto(f"/admin/pages/{catalog.get_parent().pk}/edit/")
    featured_panel = page.get_by_role("region", name="Featured courses")
    featured_panel.get_by_role("button", name="Add featured course").click()
    featured_panel.get_by_role("button", name="Choose a page").click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("link", name="Beekeeping").click()
    expect(chooser).to_be_hidden()
    expect(featured_panel.get_by_text("Beekeeping")).to_be_visible()
    footer_action(page, "Publish")
    # Publishing is slow on a busy machine.
    expect(page.get_by_text("has been published")).to_be_visible(timeout=20_000)

    page.goto("/")
    featured = page.get_by_test_id("featured-courses")
    expect(featured.get_by_role("heading", level=3)).to_have_text(["Beekeeping"])
    expect(page.get_by_role("heading", level=2).first).to_have_text("Featured courses")
    expect(newest.get_by_role("heading", level=3)).to_have_text(
        ["Bread baking", "Knots for sailors"]
    )
    featured.get_by_role("link", name="Browse all courses").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Courses")


def test_on_a_phone_the_header_folds_behind_a_menu_button(page: Page, catalog):
    page.set_viewport_size(PHONE)
    page.goto("/")
    banner = page.get_by_role("banner")
    menu_button = banner.get_by_role("button", name="Menu")
    courses_link = banner.get_by_role("link", name="Courses")
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    expect(courses_link).to_be_hidden()
    # One row: the logo and the button.
    assert banner.bounding_box()["height"] < 80

    tab_to(page, menu_button)
    page.keyboard.press("Enter")
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    expect(courses_link).to_be_visible()
    expect(banner.get_by_role("link", name="Log in")).to_be_visible()

    page.keyboard.press("Tab")
    expect(courses_link).to_be_focused()
    # Where the focus is shows.
    assert (
        courses_link.evaluate("link => getComputedStyle(link).outlineStyle") == "solid"
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Courses")

    # Its filters say what they are, to everyone.
    for label in ("Search", "Subject", "Sort"):
        expect(page.get_by_text(label, exact=True)).to_be_visible()
    # The catalog's search works from the keyboard too.
    page.get_by_label("Search", exact=True).focus()
    page.keyboard.type("beekeeping")
    page.keyboard.press("Enter")
    # The results swap in place: wait for them, not the list already shown.
    expect(page).to_have_url(re.compile(r"query=beekeeping"))
    courses = page.get_by_test_id("course-list")
    expect(courses.get_by_role("link", name="Bread baking")).to_have_count(0)
    expect(courses.get_by_role("link", name="Beekeeping")).to_be_visible()


def test_visitor_reads_the_privacy_policy_from_the_footer(page: Page, home_page):
    legal = LegalPages.for_site(home_page.get_site())
    legal.privacy_policy = StandardPage(
        title="Privacy policy",
        slug="privacy",
        body=[("paragraph", "<p>We keep your progress, not your secrets.</p>")],
    )
    home_page.add_child(instance=legal.privacy_policy)
    legal.save()

    page.goto("/")
    page.locator("footer").get_by_role("link", name="Privacy policy").click()

    expect(page).to_have_url(re.compile(r"/privacy/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy policy")
    expect(page.get_by_text("We keep your progress, not your secrets.")).to_be_visible()
