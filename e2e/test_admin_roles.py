import re

import pytest
from playwright.sync_api import Page, expect

from courses.factories import CourseIndexPageFactory
from courses.services import course_index_setup
from e2e.helpers import sign_in
from members.factories import AdminFactory, TeacherFactory, UserFactory
from members.models import User

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_admin_makes_a_student_a_teacher_who_can_then_write_a_course(
    page: Page, home_page
):
    index = CourseIndexPageFactory(parent=home_page, title="Courses")
    course_index_setup(index=index)
    admin = AdminFactory()
    student = UserFactory(first_name="Sifa", last_name="Njoroge")
    TeacherFactory(first_name="Tamu", last_name="Otieno")

    sign_in(page, admin.email)
    page.goto("/admin/users/")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("button", name="Role").click()
    page.get_by_role("checkbox", name="Student").check()
    users = page.get_by_role("table")
    expect(users.get_by_role("link", name="Tamu Otieno")).to_have_count(0)
    users.get_by_role("link", name="Sifa Njoroge").click()

    page.get_by_role("tablist").get_by_role("tab", name="Roles").click()
    page.get_by_role("radio", name="Teacher").check()
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".messages")).to_contain_text("User 'Sifa Njoroge' updated.")
    row = page.get_by_role("row").filter(has_text="Sifa Njoroge")
    expect(row.get_by_role("cell", name="Teacher", exact=True)).to_be_visible()
    assert User.objects.get(pk=student.pk).role == User.Role.TEACHER

    page.context.clear_cookies()
    sign_in(page, student.email)
    page.goto(f"/admin/pages/{index.pk}/")
    page.get_by_role("link", name="Add child page").first.click()
    title = page.get_by_role("textbox", name="Title")
    title.fill("Knots for sailors")
    expect(title).to_have_value("Knots for sailors")


def test_a_tampered_role_is_refused_with_a_clear_error(page: Page, home_page):
    admin = AdminFactory()
    student = UserFactory(first_name="Sifa", last_name="Njoroge")

    sign_in(page, admin.email)
    page.goto(f"/admin/users/edit/{student.pk}/")
    page.get_by_role("tablist").get_by_role("tab", name="Roles").click()
    teacher = page.get_by_role("radio", name="Teacher")
    teacher.evaluate("radio => { radio.value = 'overlord'; }")
    teacher.check()
    page.get_by_role("button", name="Save").click()

    error = "Select a valid choice. overlord is not one of the available choices."
    expect(page.locator(".messages")).to_contain_text(f"Role: {error}")
    page.get_by_role("tablist").get_by_role("tab", name="Roles").click()
    expect(page.get_by_role("tabpanel")).to_contain_text(error)
    assert User.objects.get(pk=student.pk).role == User.Role.STUDENT


def test_a_teacher_cannot_open_a_users_edit_page(page: Page, home_page):
    teacher = TeacherFactory()
    student = UserFactory()

    sign_in(page, teacher.email)
    page.goto(f"/admin/users/edit/{student.pk}/")

    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator(".messages")).to_contain_text(
        "Sorry, you do not have permission to access this area."
    )
    expect(page.get_by_role("textbox", name="Email")).to_have_count(0)
