from decimal import Decimal

import pytest
from playwright.sync_api import Page, Response, expect

from courses.factories import CourseIndexPageFactory, CoursePageFactory
from courses.services import course_index_setup
from members.factories import TeacherFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 375, "height": 812}


def page_is_no_wider_than_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_visitor_on_a_phone_signs_up_page_then_searches_the_catalog(
    page: Page, home_page
):
    index = CourseIndexPageFactory(parent=home_page, title="Courses")
    course_index_setup(index=index)
    teacher = TeacherFactory()
    CoursePageFactory(
        parent=index, owner=teacher, title="Web development",
        access_level="purchase", price=Decimal("29.00"), currency="USD",
    )  # fmt: skip
    CoursePageFactory(parent=index, owner=teacher, title="Gardening")
    failed: list[str] = []

    def record_failure(response: Response) -> None:
        if response.status >= 400:
            failed.append(f"{response.status} {response.url}")

    page.on("response", record_failure)
    page.set_viewport_size(PHONE)

    page.goto("/accounts/signup/")
    expect(page.get_by_role("button", name="Sign Up")).to_be_visible()
    # The spam trap no longer drags the page sideways.
    assert page_is_no_wider_than_the_screen(page)

    page.goto(index.url)
    page.get_by_label("Search", exact=True).fill("web")
    courses = page.get_by_test_id("course-list")
    expect(courses.get_by_role("link", name="Gardening")).to_have_count(0)
    expect(courses.get_by_role("link", name="Web development")).to_be_visible()
    expect(courses).to_contain_text("$29.00")
    assert page_is_no_wider_than_the_screen(page)
    assert failed == []
