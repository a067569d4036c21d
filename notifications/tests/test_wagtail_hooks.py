import pytest

from members.selectors import account_data_export
from members.services import account_delete
from notifications.factories import NotificationFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_account_data_export_includes_notifications():
    notification = NotificationFactory(text="Ada mentioned you in “Knots”")

    data = account_data_export(user=notification.recipient)

    assert [n["text"] for n in data["notifications"]] == [
        "Ada mentioned you in “Knots”"
    ]
    assert data["email_digest"] == {"subscribed": True}


def test_a_deleted_account_takes_its_notifications_and_what_it_told_others():
    mine = NotificationFactory()
    told_me = NotificationFactory(actor=mine.recipient)
    other = NotificationFactory()

    account_delete(user=mine.recipient)

    # Others' notifications of what the member did name them: gone too.
    assert list(Notification.objects.all()) == [other]
    assert told_me.recipient in type(told_me.recipient).objects.all()
