from io import StringIO

from django.core import mail
from django.core.management import call_command

import pytest

from members.factories import UserFactory
from notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_send_notification_digests_sends_the_due_digests_once(home_page):
    NotificationFactory(recipient=UserFactory(email_verified=True))
    out = StringIO()

    call_command("send_notification_digests", stdout=out)
    call_command("send_notification_digests", stdout=out)

    assert len(mail.outbox) == 1
    assert out.getvalue() == (
        "Sent 1 digest(s) and 0 course email(s).\n"
        "Sent 0 digest(s) and 0 course email(s).\n"
    )
