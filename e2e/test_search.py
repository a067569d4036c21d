"""
The site search: the box in every page's header, its suggestions as one
types, the results page with its filters, what editors pin to the top of a
query in the Wagtail admin, and odd input that must not break it.
"""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, Response, expect

from community.factories import PostFactory
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import CoursePage
from courses.services import course_index_setup, lesson_search_texts_sync
from e2e.helpers import open_admin_menu, script_errors, sign_in
from media_library.factories import MediaAssetFactory, review
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def catalog(home_page) -> CoursePage:
    """
    Courses about Python, open and paid, a draft, and media about it, public
    and private; returns the open course, "Python for beginners".
    """
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory(email_verified=True, display_name="Grace Hopper")
    course = CoursePageFactory(
        parent=index, owner=teacher, title="Python for beginners"
    )
    LessonPageFactory(
        parent=ModulePageFactory(parent=course, owner=teacher),
        owner=teacher,
        title="Your first program",
        summary="Say hello in Python.",
        body=[("paragraph", "<p>Write pythonic code, says the zebra.</p>")],
    )
    paid = CoursePageFactory(
        parent=index,
        owner=teacher,
        title="Advanced Python",
        access_level="purchase",
        price=Decimal("29.00"),
        currency="USD",
    )
    LessonPageFactory(
        parent=ModulePageFactory(parent=paid, owner=teacher),
        owner=teacher,
        title="Decorators in Python",
        summary="Functions that wrap functions.",
        body=[("paragraph", "<p>The quokkasecret of wrapping.</p>")],
    )
    CoursePageFactory(parent=index, owner=teacher, title="Python drafts", live=False)
    CoursePageFactory(parent=index, owner=teacher, title="Учим Питон")
    # The factories save pages without Wagtail's publish action, whose
    # signal would build the lessons' search texts.
    lesson_search_texts_sync(page_id=index.pk)

    shared = MediaAssetFactory(
        owner=teacher, visibility="public", title="Python cheat sheet"
    )
    review(shared)
    MediaAssetFactory(title="Python private notes")
    PostFactory(author=teacher, title="Python study group", body="Every Friday.")
    PostFactory(author=teacher, course=paid, title="Python board for buyers")
    return course


def navigation_failures(page: Page) -> list[str]:
    """The pages the browser is sent to that answer 4xx/5xx, as they come."""
    failures = []

    def check(response: Response) -> None:
        request = response.request
        if request.is_navigation_request() and response.status >= 400:
            failures.append(f"{request.method} {response.url}: {response.status}")

    page.on("response", check)
    return failures


def test_student_finds_python_from_the_header_box(page: Page, catalog):
    student = UserFactory(email_verified=True)
    errors = script_errors(page)
    failures = navigation_failures(page)
    sign_in(page, student.email)
    expect(page.get_by_test_id("account-nav")).to_contain_text("Log out")

    box = page.get_by_role("banner").get_by_label("Search Lectern")
    box.press_sequentially("python")
    suggestions = page.get_by_role("list", name="Suggestions")
    expect(
        suggestions.get_by_role("link", name=re.compile("^Python for beginners"))
    ).to_be_visible()
    expect(
        suggestions.get_by_role("link", name=re.compile("^Python cheat sheet"))
    ).to_be_visible()
    expect(suggestions).not_to_contain_text("Python drafts")
    expect(suggestions).not_to_contain_text("Python private notes")
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=python$"))
    results = page.get_by_test_id("search-results")
    expect(results.get_by_role("heading", level=2)).to_have_text(
        ["Courses (2)", "Lessons (2)", "Media (1)", "Posts (1)", "People (0)"]
    )
    courses = results.get_by_role("region", name="Courses")
    expect(courses.get_by_role("link", name="Python for beginners")).to_be_visible()
    expect(courses.get_by_role("link", name="Advanced Python")).to_be_visible()
    lessons = results.get_by_role("region", name="Lessons")
    open_lesson = lessons.get_by_test_id("search-result").filter(
        has=page.get_by_role("link", name="Your first program")
    )
    expect(open_lesson.get_by_test_id("snippet").locator("mark")).to_have_text(
        ["Python", "pythonic"]
    )
    paid_lesson = lessons.get_by_test_id("search-result").filter(
        has=page.get_by_role("link", name="Decorators in Python")
    )
    expect(paid_lesson).to_contain_text("Summary only")
    expect(paid_lesson).to_contain_text("Functions that wrap functions.")
    expect(results).not_to_contain_text("quokkasecret")
    media = results.get_by_role("region", name="Media")
    expect(media.get_by_role("heading", level=3)).to_have_text(["Python cheat sheet"])
    expect(results).not_to_contain_text("Python private notes")
    expect(results).not_to_contain_text("Python drafts")
    posts = results.get_by_role("region", name="Posts")
    expect(posts.get_by_role("heading", level=3)).to_have_text(["Python study group"])
    expect(results).not_to_contain_text("Python board for buyers")

    # Only the lessons: the list and its count change in place, and the
    # address follows for the back button.
    page.evaluate("window.beforeFiltering = true")
    page.get_by_label("Show").select_option(label="Lessons")
    expect(results.get_by_role("heading", level=2)).to_have_text(
        ["2 Lessons for “python”"]
    )
    expect(results.get_by_test_id("search-result")).to_have_count(2)
    expect(page).to_have_url(re.compile(r"[?&]type=lesson(&|$)"))
    assert page.evaluate("window.beforeFiltering")

    results.get_by_role("link", name="Your first program").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your first program")
    expect(page.get_by_test_id("lesson-body")).to_contain_text("says the zebra")

    # A word only in a lesson's body finds the lesson, if the student may
    # read it; not otherwise.
    box.fill("zebra")
    box.press("Enter")
    expect(
        results.get_by_role("region", name="Lessons").get_by_role("link")
    ).to_have_text(["Your first program"])
    box.fill("quokkasecret")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=quokkasecret$"))
    for section in ("Courses", "Lessons", "Media", "People"):
        expect(results.get_by_role("region", name=section)).to_contain_text(
            f"No {section.lower()} match."
        )
    expect(results.get_by_test_id("search-result")).to_have_count(0)
    assert not errors
    assert not failures


def test_admin_pins_a_course_to_the_top_of_a_query(
    page: Page, catalog, browser: Browser, live_server
):
    admin = AdminFactory(email_verified=True)
    errors = script_errors(page)
    sign_in(page, admin.email)
    open_admin_menu(page, "Settings", "Promoted search results")
    page.get_by_role("link", name="Add new promoted result").click()
    page.get_by_label("Search term(s)/phrase").fill("python")
    page.get_by_role("button", name="Add a recommended result").click()
    page.get_by_role("button", name="Choose a page").click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("textbox", name="Search").fill("Python for beginners")
    chooser.get_by_role("link", name="Python for beginners").click()
    expect(chooser).to_be_hidden()
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_text("Editor's picks for 'python' created.")).to_be_visible()

    visitor = browser.new_context(base_url=live_server.url)
    visitor.set_default_timeout(10_000)
    visitor_page = visitor.new_page()
    visitor_errors = script_errors(visitor_page)
    visitor_page.goto("/")
    box = visitor_page.get_by_role("banner").get_by_label("Search Lectern")
    box.fill("python")
    box.press("Enter")
    results = visitor_page.get_by_test_id("search-results")
    expect(results.get_by_role("heading", level=2).first).to_have_text("Featured")
    featured = results.get_by_role("region", name="Featured")
    expect(featured.get_by_role("link")).to_have_text(["Python for beginners"])
    featured.get_by_role("link", name="Python for beginners").click()
    expect(visitor_page.get_by_role("heading", level=1)).to_have_text(
        "Python for beginners"
    )
    assert not visitor_errors
    visitor.close()

    open_admin_menu(page, "Reports", "Search terms")
    row = page.get_by_role("row").filter(has_text="python")
    expect(row.get_by_role("cell").last).to_have_text("1")
    assert not errors


def test_search_survives_odd_input(page: Page, catalog):
    errors = script_errors(page)
    failures = navigation_failures(page)
    page.goto("/")
    box = page.get_by_role("banner").get_by_label("Search Lectern")
    results = page.get_by_test_id("search-results")

    for query in ('AND OR NOT " * ( ) :', "🐍"):
        box.fill(query)
        box.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Search")
        expect(page.get_by_label("Search", exact=True)).to_have_value(query)
        expect(results.get_by_role("region", name="Courses")).to_contain_text(
            "No courses match."
        )

    # Words in any alphabet are words, in either case.
    box.fill("питон")
    box.press("Enter")
    expect(page.get_by_label("Search", exact=True)).to_have_value("питон")
    expect(
        results.get_by_role("region", name="Courses").get_by_role("link")
    ).to_have_text(["Учим Питон"])

    page.goto("/search/?q=python&type=course&page=999")
    expect(results.get_by_role("heading", level=2)).to_have_text(
        "2 Courses for “python”"
    )
    expect(results.get_by_role("link", name="Python for beginners")).to_be_visible()
    assert not failures

    response = page.goto(f"/search/?q={'x' * 1000}")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_have_text(
        "Search for at most 200 characters (this is 1000)."
    )
    assert failures == [f"GET {page.url}: 400"]
    assert not errors
