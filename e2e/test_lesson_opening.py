"""
An admin makes a lesson "coming soon" and another open days after
enrollment, in the editor; a student sees both in the outline, asks to hear
when the first opens, is told when it does, and reads the second once its
days have passed.
"""

import datetime as dt

from django.core import mail
from django.utils import timezone

import pytest
from playwright.sync_api import Browser, Page, expect

from courses.models import Enrollment, LessonPage
from e2e.helpers import plant_basics, publish_in_editor, script_errors, sign_in
from members.factories import AdminFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_lesson_comes_soon_and_another_opens_days_after_enrolling(
    page: Page, browser: Browser, live_server, home_page
):
    course = plant_basics(home_page)
    reading = LessonPage.objects.get(title="Why roots matter")
    quiz = LessonPage.objects.get(title="Check your roots")
    student = UserFactory(email_verified=True)
    Enrollment.objects.create(user=student, course=course, source="free")
    errors = script_errors(page)

    editor = browser.new_context(base_url=live_server.url).new_page()
    sign_in(editor, AdminFactory().email)
    editor.goto(f"/admin/pages/{quiz.pk}/edit/")
    when = editor.get_by_role("region", name="When students may open it")
    when.get_by_label("Availability").select_option("Coming soon")
    when.get_by_label("Expected on").fill("2027-03-01")
    publish_in_editor(editor)
    editor.goto(f"/admin/pages/{reading.pk}/edit/")
    editor.get_by_label("Opens after (days)").fill("3")
    publish_in_editor(editor)

    sign_in(page, student.email)
    page.goto(course.url)
    outline = page.get_by_test_id("outline")
    expect(outline.get_by_test_id("lesson-opens")).to_have_text("Opens in 3 days")
    expect(outline.get_by_test_id("lesson-coming-soon")).to_have_text(
        "Coming soon · expected 1 Mar 2027"
    )

    outline.get_by_role("link", name="Check your roots").click()
    expect(
        page.get_by_role("heading", level=2, name="This lesson is coming soon")
    ).to_be_visible()
    expect(page.get_by_test_id("lesson-locked")).to_contain_text(
        "it is expected on 1 March 2027"
    )
    notify = page.get_by_test_id("lesson-notify")
    expect(notify.get_by_label("Get an email when it opens.")).to_have_value(
        student.email
    )
    notify.get_by_role("button", name="Notify me").click()
    expect(page.get_by_text("We will email you when the lesson opens.")).to_be_visible()

    page.get_by_role("link", name="← Why roots matter").click()
    expect(page.get_by_test_id("lesson-locked")).to_contain_text(
        "It opens to you in 3 days"
    )
    expect(page.get_by_test_id("lesson-body")).to_have_count(0)

    editor.goto(f"/admin/pages/{quiz.pk}/edit/")
    editor.get_by_label("Availability").select_option("Available")
    publish_in_editor(editor)
    [told] = [message for message in mail.outbox if message.to == [student.email]]
    assert told.subject == "[Lectern] Check your roots is open"

    Enrollment.objects.filter(user=student).update(
        created_at=timezone.now() - dt.timedelta(days=3)
    )
    page.reload()
    expect(page.get_by_test_id("lesson-body")).to_contain_text("Roots hold the plant")
    page.get_by_role("link", name="Check your roots →").click()
    expect(page.get_by_test_id("lesson-body")).to_contain_text("Roots check")
    assert not errors
