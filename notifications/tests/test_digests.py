"""The email digest: what it carries, to whom, and at most one an hour."""

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone

import pytest

from members.factories import UserFactory
from notifications.factories import NotificationFactory
from notifications.models import EmailDigest, Notification
from notifications.services import digest_unsubscribe, digests_send, unsubscribe_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(home_page):
    return UserFactory(email_verified=True, display_name="Bo")


def test_a_digest_lists_the_unread_notifications_in_text_and_html(member):
    NotificationFactory(
        recipient=member, text="Ada replied to your post “Knots”", url="/p/1/"
    )
    NotificationFactory(
        recipient=member, text="Cy mentioned you in “Loops & <b>”", url="/p/2/"
    )

    assert digests_send() == 1

    message = mail.outbox[0]
    assert message.to == [member.email]
    assert message.subject == "[Lectern] 2 new notifications"
    assert "Ada replied to your post “Knots”\n  http://localhost/p/1/" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    assert 'href="http://localhost/p/2/"' in html
    # Texts are escaped in HTML, as they are on the site.
    assert "Loops &amp; &lt;b&gt;" in html
    assert set(Notification.objects.values_list("emailed_at", flat=True)) != {None}
    assert EmailDigest.objects.get(user=member).last_sent_at is not None


def test_a_digest_of_one_notification_is_titled_by_it(member):
    NotificationFactory(recipient=member, text="Ada answered your question “Knots”")

    digests_send()

    assert mail.outbox[0].subject == "[Lectern] Ada answered your question “Knots”"


def test_the_digest_carries_a_one_click_unsubscribe_link(member):
    NotificationFactory(recipient=member)

    digests_send()

    message = mail.outbox[0]
    link = f"http://localhost/notifications/unsubscribe/{unsubscribe_token(member)}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    assert link in message.body
    assert link in message.alternatives[0][0]


def test_two_runs_within_the_hour_send_one_digest_then_the_new_ones_go(member):
    start = timezone.now()
    NotificationFactory(recipient=member, text="First", created_at=start)
    assert digests_send(now=start) == 1

    NotificationFactory(
        recipient=member, text="Second", created_at=start + timedelta(minutes=10)
    )
    assert digests_send(now=start + timedelta(minutes=10)) == 0
    assert digests_send(now=start + timedelta(minutes=59)) == 0
    assert len(mail.outbox) == 1

    assert digests_send(now=start + timedelta(minutes=60)) == 1
    assert len(mail.outbox) == 2
    assert "Second" in mail.outbox[1].body
    # What went before does not go again.
    assert "First" not in mail.outbox[1].body


def test_nothing_new_sends_nothing(member):
    NotificationFactory(recipient=member)
    now = timezone.now()
    digests_send(now=now)

    assert digests_send(now=now + timedelta(hours=3)) == 0
    assert len(mail.outbox) == 1


def test_read_notifications_are_not_emailed(member):
    NotificationFactory(recipient=member, read_at=timezone.now())

    assert digests_send() == 0
    assert mail.outbox == []


def test_only_the_unread_ones_are_listed(member):
    NotificationFactory(recipient=member, text="Seen already", read_at=timezone.now())
    NotificationFactory(recipient=member, text="Not seen")

    digests_send()

    assert "Not seen" in mail.outbox[0].body
    assert "Seen already" not in mail.outbox[0].body


def test_unsubscribed_members_get_no_digest(member):
    NotificationFactory(recipient=member)
    digest_unsubscribe(user=member)

    assert digests_send() == 0
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None


@pytest.mark.parametrize(
    "user_kwargs",
    [
        pytest.param({"email_verified": False}, id="unverified"),
        pytest.param({"email_verified": True, "is_active": False}, id="inactive"),
    ],
)
def test_no_digest_to_unverified_or_inactive_members(home_page, user_kwargs):
    NotificationFactory(recipient=UserFactory(**user_kwargs))

    assert digests_send() == 0
    assert mail.outbox == []


def test_each_member_gets_their_own_digest(member):
    other = UserFactory(email_verified=True)
    NotificationFactory(recipient=member, text="For Bo")
    NotificationFactory(recipient=other, text="For the other")

    assert digests_send() == 2

    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert "For Bo" in by_address[member.email]
    assert "For the other" not in by_address[member.email]


def test_a_long_backlog_lists_the_newest_and_counts_the_rest(member):
    start = timezone.now() - timedelta(hours=1)
    for minute in range(25):
        NotificationFactory(
            recipient=member,
            text=f"Event {minute}",
            created_at=start + timedelta(minutes=minute),
        )

    digests_send()

    body = mail.outbox[0].body
    assert "Event 24" in body
    assert "Event 5\n" in body
    assert "Event 4\n" not in body
    assert "... and 5 more." in body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_run_that_lost_the_claim_sends_nothing(member):
    """Another run took the member's digest between the listing and the claim."""
    now = timezone.now()
    NotificationFactory(recipient=member)
    EmailDigest.objects.create(user=member, last_sent_at=now - timedelta(hours=2))

    # The other run: it claims the digest first.
    EmailDigest.objects.filter(user=member).update(last_sent_at=now)

    assert digests_send(now=now + timedelta(minutes=1)) == 0
    assert mail.outbox == []


def test_a_failed_send_gives_the_digest_back_for_the_next_run(member, monkeypatch):
    NotificationFactory(recipient=member)
    NotificationFactory(recipient=UserFactory(email_verified=True))
    sent_to = []

    def refuse_bo(message, *args, **kwargs):
        if message.to == [member.email]:
            raise OSError("mail server down")
        sent_to.append(message.to)
        return 1

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", refuse_bo)

    # One refused address does not stop the others.
    assert digests_send() == 1
    assert len(sent_to) == 1
    assert Notification.objects.get(recipient=member).emailed_at is None
    assert EmailDigest.objects.get(user=member).last_sent_at is None

    monkeypatch.undo()
    assert digests_send() == 1
    assert mail.outbox[0].to == [member.email]


def test_the_unsubscribe_link_in_the_body_is_the_signed_one(member, client):
    NotificationFactory(recipient=member)
    digests_send()

    path = re.search(
        r"http://localhost(/notifications/unsubscribe/\S+/)", mail.outbox[0].body
    )[1]
    client.post(path)

    assert EmailDigest.objects.get(user=member).subscribed is False
