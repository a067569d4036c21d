from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404

import pytest

from members.factories import UserFactory
from notifications.factories import NotificationFactory
from notifications.models import EmailDigest, Notification
from notifications.services import (
    digest_subscribe,
    digest_unsubscribe,
    notification_mark_all_read,
    notification_mark_read,
    notification_send,
    unsubscribe_token,
    unsubscribe_token_read,
)

pytestmark = pytest.mark.django_db


def test_send_writes_a_notification_for_the_recipient():
    ada, bo = UserFactory(), UserFactory()

    notification = notification_send(
        recipient=bo,
        kind="community.reply",
        text="Ada replied to your post “Knots”",
        url="/community/posts/1/",
        actor=ada,
    )

    assert Notification.objects.get() == notification
    assert notification.recipient == bo
    assert notification.actor == ada
    assert notification.read_at is None
    assert notification.emailed_at is None


def test_nobody_is_notified_of_their_own_doings():
    ada = UserFactory()

    notification = notification_send(
        recipient=ada, kind="community.reply", text="Ada replied", url="/", actor=ada
    )

    assert notification is None
    assert not Notification.objects.exists()


def test_inactive_members_are_not_notified():
    gone = UserFactory(is_active=False)

    assert notification_send(recipient=gone, kind="k", text="t", url="/") is None
    assert not Notification.objects.exists()


def test_a_text_longer_than_the_column_is_shortened_not_refused():
    notification = notification_send(
        recipient=UserFactory(), kind="community.question", text="x" * 400, url="/"
    )

    assert len(notification.text) == 300
    assert notification.text.endswith("…")


def test_mark_read_marks_one_of_mine_and_keeps_its_first_read_time():
    notification = NotificationFactory()

    read = notification_mark_read(user=notification.recipient, pk=notification.pk)
    first_read_at = read.read_at
    again = notification_mark_read(user=notification.recipient, pk=notification.pk)

    assert first_read_at is not None
    assert again.read_at == first_read_at


def test_mark_read_refuses_anyone_elses_notification():
    notification = NotificationFactory()

    with pytest.raises(Http404):
        notification_mark_read(user=UserFactory(), pk=notification.pk)
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_marks_only_my_unread_ones():
    mine = NotificationFactory.create_batch(3)[0].recipient
    Notification.objects.update(recipient=mine)
    others = NotificationFactory()

    assert notification_mark_all_read(user=mine) == 3
    assert notification_mark_all_read(user=mine) == 0
    assert not Notification.objects.filter(
        recipient=mine, read_at__isnull=True
    ).exists()
    others.refresh_from_db()
    assert others.read_at is None


def test_unsubscribe_and_subscribe_again():
    user = UserFactory()

    digest_unsubscribe(user=user)
    assert EmailDigest.objects.get(user=user).subscribed is False
    digest_subscribe(user=user)
    assert EmailDigest.objects.get(user=user).subscribed is True


def test_unsubscribe_token_names_its_member():
    user = UserFactory()

    assert unsubscribe_token_read(token=unsubscribe_token(user)) == (user, None)


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(
            lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"), id="tampered"
        ),
        pytest.param(lambda token: token[:10], id="cut-short"),
        pytest.param(lambda token: "nonsense", id="nonsense"),
        pytest.param(
            lambda token: signing.dumps(
                signing.loads(token, salt="notifications.unsubscribe"), salt="other"
            ),
            id="other-salt",
        ),
    ],
)
def test_a_forged_unsubscribe_token_names_nobody(forge):
    token = unsubscribe_token(UserFactory())

    with pytest.raises(ValidationError, match="not valid"):
        unsubscribe_token_read(token=forge(token))


def test_a_token_for_another_members_id_cannot_be_made_by_editing_the_id():
    ada, bo = UserFactory(), UserFactory()
    token = unsubscribe_token(ada)
    signature = token.partition(":")[2]
    bo_payload = signing.dumps(bo.pk, salt="notifications.unsubscribe").partition(":")[
        0
    ]

    with pytest.raises(ValidationError):
        unsubscribe_token_read(token=f"{bo_payload}:{signature}")


def test_the_token_of_a_deleted_account_names_nobody():
    user = UserFactory()
    token = unsubscribe_token(user)
    user.delete()

    with pytest.raises(ValidationError):
        unsubscribe_token_read(token=token)
