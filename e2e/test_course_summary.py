import re

import pytest
from playwright.sync_api import Page, expect

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import CoursePage
from courses.services import course_index_setup
from e2e.helpers import footer_action, script_errors, sign_in
from members.factories import AdminFactory, TeacherFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_teacher_writes_a_summary_and_the_catalog_card_shows_it(page: Page, home_page):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher, moderator = TeacherFactory(), AdminFactory()
    errors = script_errors(page)

    sign_in(page, teacher.email)
    page.goto(f"/admin/pages/add/courses/coursepage/{index.pk}/")
    title = page.get_by_role("textbox", name="Title")
    title.fill("Knots for sailors")
    title.press("Tab")  # Wagtail fills in the slug from the title on blur
    # The summary sits on the Content tab, next to the overview.
    expect(page.get_by_role("tab", name="Content")).to_have_attribute(
        "aria-selected", "true"
    )
    page.get_by_role("textbox", name="Summary").fill(
        "Tie the six knots every sailor needs."
    )
    page.get_by_role("tab", name="Promote").click()
    page.get_by_role("textbox", name="Meta description").fill(
        "Sailing knots course online"
    )
    footer_action(page, "Submit to Course review")
    expect(page.locator(".messages")).to_contain_text("submitted for moderation")
    course = CoursePage.objects.get(title="Knots for sailors")

    page.context.clear_cookies()
    sign_in(page, moderator.email)
    page.goto(f"/admin/pages/{course.pk}/edit/")
    footer_action(page, "Approve and Publish")
    # Back in the catalog's listing once the course is live.
    expect(page).to_have_url(re.compile(rf"/admin/pages/{index.pk}/$"))

    page.context.clear_cookies()
    page.goto("/courses/")
    card = page.get_by_role("article").filter(
        has=page.get_by_role("heading", name="Knots for sailors")
    )
    expect(card).to_contain_text("Tie the six knots every sailor needs.")
    expect(card).not_to_contain_text("Sailing knots course online")
    # Search engines still get the search description.
    card.get_by_role("link", name="Knots for sailors").click()
    expect(page.locator('meta[name="description"]')).to_have_attribute(
        "content", "Sailing knots course online"
    )
    assert errors == []


def test_a_lesson_tells_search_engines_its_summary(page: Page, course_index):
    teacher = TeacherFactory()
    course = CoursePageFactory(
        parent=course_index,
        owner=teacher,
        title="Knots",
        access_level=CoursePage.AccessLevel.OPEN,
    )
    module = ModulePageFactory(parent=course, owner=teacher, title="Basics")
    LessonPageFactory(
        parent=module, owner=teacher, title="The bowline", summary="A loop that holds."
    )
    errors = script_errors(page)

    page.goto(course.url)
    page.get_by_role("link", name="The bowline").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("The bowline")
    expect(page.locator('meta[name="description"]')).to_have_attribute(
        "content", "A loop that holds."
    )
    # Pages with no description of their own send none.
    page.goto("/")
    expect(page.locator('meta[name="description"]')).to_have_count(0)
    assert errors == []
