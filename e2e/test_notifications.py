"""
Notifications: the bell in the header with its unread count, the list it
opens, and the email digest's unsubscribe link.
"""

import re

from django.core import mail

import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import course_with_two_students, script_errors, sign_in
from notifications.factories import NotificationFactory
from notifications.models import EmailDigest
from notifications.services import digests_send

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_member_follows_a_notification_from_the_bell_and_marks_the_rest_read(
    page: Page, home_page
):
    course, teacher, ada, bo = course_with_two_students(home_page)
    NotificationFactory(
        recipient=teacher,
        actor=ada,
        kind="community.question",
        text="New question in Knots: “Which knot holds best?”",
        url=course.url,
    )
    NotificationFactory(
        recipient=teacher,
        actor=bo,
        text="Bo replied to your post “Welcome to Knots”",
        url=course.url,
    )
    errors = script_errors(page)

    sign_in(page, teacher.email)
    bell = page.get_by_role("link", name="Notifications, 2 unread")
    expect(bell).to_be_visible()
    bell.click()

    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    expect(page.get_by_test_id("unread-count")).to_have_text("2 unread")
    page.get_by_role("button", name="Which knot holds best?").click()

    expect(page).to_have_url(re.compile(re.escape(course.url) + "$"))
    expect(page.get_by_role("link", name="Notifications, 1 unread")).to_be_visible()

    page.get_by_role("link", name="Notifications, 1 unread").click()
    notifications = page.get_by_test_id("notification")
    expect(notifications).to_have_count(2)
    expect(notifications.filter(has_text="Unread:")).to_have_count(1)
    page.get_by_role("button", name="Mark all as read").click()

    # The list and the bell follow without a new page.
    expect(page.get_by_test_id("unread-count")).to_have_text("All read")
    expect(notifications.filter(has_text="Unread:")).to_have_count(0)
    expect(page.get_by_role("link", name="Notifications, 0 unread")).to_be_visible()
    assert errors == []


def test_member_unsubscribes_from_the_digest_by_its_link_and_comes_back(
    page: Page, home_page
):
    course, teacher, ada, bo = course_with_two_students(home_page)
    NotificationFactory(
        recipient=bo, actor=ada, text="Ada replied to your post “Knots”", url=course.url
    )
    assert digests_send() == 1
    link = re.search(
        r"http://\S+(/notifications/unsubscribe/\S+/)", mail.outbox[-1].body
    )
    path = link[1]

    # A link cut short by a mail client does nothing, and says so.
    response = page.goto(path[:-6] + "/")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text(
        "This unsubscribe link is not valid"
    )
    assert EmailDigest.objects.get(user=bo).subscribed is True

    page.goto(path)
    expect(page.get_by_role("heading", name="Stop the email digest?")).to_be_visible()
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("status")).to_contain_text("will get no more email digests")
    assert EmailDigest.objects.get(user=bo).subscribed is False

    # Signed in, the notifications page turns the digest back on.
    sign_in(page, bo.email)
    page.goto("/notifications/")
    page.get_by_role("button", name="Email me a digest").click()
    expect(page.get_by_role("button", name="Stop the email digest")).to_be_visible()
    assert EmailDigest.objects.get(user=bo).subscribed is True
