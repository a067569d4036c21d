import re

import pytest
from playwright.sync_api import Page, expect

from courses.factories import CourseIndexPageFactory
from courses.models import CoursePage
from courses.services import course_index_setup
from e2e.helpers import footer_action, sign_in
from members.factories import AdminFactory, TeacherFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_teacher_writes_and_submits_a_course_and_a_moderator_approves_it(
    page: Page, home_page
):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher, moderator = TeacherFactory(), AdminFactory()

    sign_in(page, teacher.email)
    page.goto(f"/admin/pages/add/courses/coursepage/{index.pk}/")
    title = page.get_by_role("textbox", name="Title")
    title.fill("Knots for sailors")
    title.press("Tab")  # Wagtail fills in the slug from the title on blur
    footer_action(page, "Submit to Course review")
    expect(page.locator(".messages")).to_contain_text("submitted for moderation")
    course = CoursePage.objects.get(title="Knots for sailors")
    assert not course.live

    page.context.clear_cookies()
    sign_in(page, moderator.email)
    page.goto(f"/admin/pages/{course.pk}/edit/")
    footer_action(page, "Approve and Publish")
    # Back in the catalog's listing, where the course now shows as live.
    expect(page).to_have_url(re.compile(rf"/admin/pages/{index.pk}/$"))

    course.refresh_from_db()
    assert course.live
    page.goto(course.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Knots for sailors")
