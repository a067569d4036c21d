import pytest

from members.selectors import account_data_export
from notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_the_account_data_export_includes_notifications():
    notification = NotificationFactory(text="Ada mentioned you in “Knots”")

    data = account_data_export(user=notification.recipient)

    assert [n["text"] for n in data["notifications"]] == [
        "Ada mentioned you in “Knots”"
    ]
    assert data["email_digest"] == {"subscribed": True}


def test_deleting_an_account_deletes_its_notifications_and_keeps_others_texts():
    notification = NotificationFactory()
    notification.actor.delete()
    notification.refresh_from_db()
    assert notification.actor is None
    assert notification.text

    notification.recipient.delete()
    assert not type(notification).objects.exists()
