"""
An admin publishes a new lesson in the editor; the course's student finds
it under the bell, follows it, gets one email of it (and of the lesson
published just after), unsubscribes from that course's emails by the
email's link, and turns them back on from the notifications page.
"""

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone

import pytest
from playwright.sync_api import Browser, Page, expect

from courses.factories import LessonPageFactory
from courses.models import Enrollment, ModulePage
from e2e.helpers import (
    follow_notification,
    plant_basics,
    publish_in_editor,
    script_errors,
    sign_in,
)
from members.factories import AdminFactory, UserFactory
from notifications.models import CourseEmail
from notifications.services import course_emails_send

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_new_lesson_reaches_its_students_once_on_the_site_and_by_email(
    page: Page, browser: Browser, live_server, home_page
):
    course = plant_basics(home_page)
    module = ModulePage.objects.get(title="Roots")
    drafts = [
        LessonPageFactory(parent=module, title=title, live=False)
        for title in ("Roots underground", "Roots above ground")
    ]
    for draft in drafts:
        draft.save_revision()
    student = UserFactory(email_verified=True)
    Enrollment.objects.create(user=student, course=course, source="free")
    errors = script_errors(page)

    editor = browser.new_context(base_url=live_server.url).new_page()
    sign_in(editor, AdminFactory().email)
    for draft in drafts:
        editor.goto(f"/admin/pages/{draft.pk}/edit/")
        publish_in_editor(editor)

    sign_in(page, student.email)
    follow_notification(
        page, unread=2, text="New lesson in Plant basics: Roots underground"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Roots underground")
    expect(page.get_by_role("link", name="Notifications, 1 unread")).to_be_visible()

    # One email of both lessons, once the teacher has had time to publish
    # them one after another; the one read on the site is not repeated.
    assert course_emails_send(now=timezone.now() + timedelta(minutes=20)) == 1
    [email] = mail.outbox
    assert email.to == [student.email]
    assert email.subject == "[Lectern] New lesson in Plant basics: Roots above ground"
    assert "Roots underground" not in email.body

    link = re.search(r"http://\S+(/notifications/unsubscribe/\S+/)", email.body)[1]
    page.goto(link)
    expect(
        page.get_by_role("heading", name="Stop the emails of Plant basics?")
    ).to_be_visible()
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("status")).to_contain_text(
        "will get no more emails of new lessons in Plant basics"
    )
    assert CourseEmail.objects.get(user=student, course=course).subscribed is False

    page.get_by_role("link", name="notifications page").click()
    choices = page.get_by_role("region", name="Emails of new lessons")
    expect(choices.get_by_test_id("course-emails")).to_contain_text(
        "Plant basics No emails"
    )
    choices.get_by_role("button", name="Email me new lessons of Plant basics").click()
    expect(
        page.get_by_text("You will get an email when Plant basics has new")
    ).to_be_visible()
    expect(
        choices.get_by_role("button", name="Stop the emails of Plant basics")
    ).to_be_visible()
    assert CourseEmail.objects.get(user=student, course=course).subscribed is True
    assert not errors
