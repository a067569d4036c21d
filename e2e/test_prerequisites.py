"""
An admin makes a course require another, and a module require the one
before, in the editor; a student is told what unlocks them, completes it,
and reads on, even once the course they completed gains a lesson.
"""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from courses.factories import CoursePageFactory, LessonPageFactory, ModulePageFactory
from courses.models import Enrollment, ModulePage
from e2e.helpers import plant_basics, publish_in_editor, script_errors, sign_in
from members.factories import AdminFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_course_and_a_module_open_once_what_they_require_is_complete(
    page: Page, browser: Browser, live_server, home_page
):
    basics = plant_basics(home_page)
    trees = CoursePageFactory(
        parent=basics.get_parent(),
        title="Trees",
        access_level="members",
        owner=basics.owner,
    )
    first = ModulePageFactory(parent=trees, title="Bark", owner=basics.owner)
    LessonPageFactory(
        parent=first,
        title="What bark does",
        owner=basics.owner,
        body=[("paragraph", "<p>Bark keeps the water in.</p>")],
    )
    second = ModulePageFactory(parent=trees, title="Leaves", owner=basics.owner)
    LessonPageFactory(
        parent=second,
        title="Why leaves fall",
        owner=basics.owner,
        body=[("paragraph", "<p>Trees let their leaves go in autumn.</p>")],
    )
    student = UserFactory()
    Enrollment.objects.create(user=student, course=trees, source="free")
    errors = script_errors(page)

    editor = browser.new_context(base_url=live_server.url).new_page()
    sign_in(editor, AdminFactory().email)
    editor.goto(f"/admin/pages/{trees.pk}/edit/")
    editor.get_by_role("tab", name="Access").click()
    editor.get_by_role("button", name="Add course to complete first").click()
    editor.get_by_role("button", name="Choose a page").click()
    chooser = editor.get_by_role("dialog")
    chooser.get_by_role("textbox", name="Search term").fill("Plant basics")
    chooser.get_by_role("link", name="Plant basics").click()
    expect(chooser).to_be_hidden()
    publish_in_editor(editor)
    editor.goto(f"/admin/pages/{second.pk}/edit/")
    editor.get_by_role("checkbox", name="Requires the module before").check()
    publish_in_editor(editor)
    assert ModulePage.objects.get(pk=second.pk).requires_previous

    sign_in(page, student.email)
    page.goto(trees.url)
    required = page.get_by_test_id("prerequisites")
    expect(required).to_contain_text(
        "This course requires Plant basics: its lessons open to you once you "
        "complete it."
    )
    page.get_by_role("link", name="What bark does").click()
    expect(page.get_by_test_id("lesson-locked")).to_contain_text(
        "This course requires Plant basics: complete it first."
    )

    # The student completes Plant basics, its quiz included.
    page.get_by_test_id("lesson-locked").get_by_role(
        "link", name="Plant basics"
    ).click()
    page.get_by_role("link", name="Why roots matter").first.click()
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_test_id("lesson-completed")).to_be_visible()
    page.get_by_role("link", name="Check your roots →").click()
    page.get_by_label("The roots").check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.get_by_test_id("lesson-completed")).to_be_visible()

    page.goto(trees.url)
    expect(page.get_by_test_id("prerequisites")).to_have_count(0)
    outline = page.get_by_test_id("outline")
    expect(outline.get_by_test_id("lesson-opens")).to_have_text("After “Bark”")
    outline.get_by_role("link", name="Why leaves fall").click()
    expect(page.get_by_test_id("lesson-locked")).to_contain_text(
        "Complete the module “Bark” first."
    )
    page.get_by_role("link", name="← What bark does").click()
    expect(page.get_by_test_id("lesson-body")).to_contain_text("Bark keeps")
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_test_id("lesson-completed")).to_be_visible()
    page.get_by_role("link", name="Why leaves fall →").click()
    expect(page.get_by_test_id("lesson-body")).to_contain_text(
        re.compile("let their leaves go")
    )

    # Plant basics gains a lesson: it waits in its outline, and the
    # student, who completed the course, reads on in Trees.
    LessonPageFactory(
        parent=ModulePage.objects.child_of(basics).get(),
        owner=basics.owner,
        title="Roots and fungi",
    ).save_revision().publish()
    page.reload()
    expect(page.get_by_test_id("lesson-body")).to_contain_text(
        re.compile("let their leaves go")
    )
    page.goto(trees.url)
    expect(page.get_by_test_id("prerequisites")).to_have_count(0)
    page.goto(basics.url)
    expect(page.get_by_test_id("outline")).to_contain_text("Roots and fungi")
    assert not errors
