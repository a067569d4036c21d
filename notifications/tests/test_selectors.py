from datetime import timedelta

from django.utils import timezone

import pytest

from members.factories import UserFactory
from notifications.factories import EmailDigestFactory, NotificationFactory
from notifications.selectors import (
    digest_is_subscribed,
    notification_data_export,
    notification_list,
    notification_list_digest_due,
    notification_unread_count,
)
from notifications.services import (
    notification_delete_by_actor,
    notification_mark_all_read,
    notification_mark_read,
)

pytestmark = pytest.mark.django_db


def test_list_is_mine_newest_first():
    me = UserFactory()
    older = NotificationFactory(
        recipient=me, created_at=timezone.now() - timedelta(hours=1)
    )
    newer = NotificationFactory(recipient=me)
    NotificationFactory()

    assert list(notification_list(user=me)) == [newer, older]


def test_unread_count_counts_my_unread_only():
    me = UserFactory()
    NotificationFactory.create_batch(2, recipient=me)
    NotificationFactory(recipient=me, read_at=timezone.now())
    NotificationFactory()

    assert notification_unread_count(user=me) == 2


def verified(**fields):
    return UserFactory(email_verified=True, **fields)


def test_digest_due_holds_unread_unemailed_ones_of_subscribed_verified_members():
    earlier = timezone.now()
    due = NotificationFactory(recipient=verified())
    NotificationFactory(recipient=verified(), read_at=earlier)
    NotificationFactory(recipient=verified(), emailed_at=earlier)
    NotificationFactory(recipient=verified(is_active=False))
    NotificationFactory(recipient=UserFactory())
    NotificationFactory(
        recipient=EmailDigestFactory(subscribed=False, user=verified()).user
    )
    now = timezone.now()
    # Made after the run started: the next run's.
    NotificationFactory(recipient=verified(), created_at=now + timedelta(seconds=1))

    assert list(notification_list_digest_due(now=now)) == [due]


def test_digest_due_waits_an_hour_after_the_last_digest():
    now = timezone.now()
    recent = EmailDigestFactory(
        user=verified(), last_sent_at=now - timedelta(minutes=59)
    ).user
    hour_ago = EmailDigestFactory(
        user=verified(), last_sent_at=now - timedelta(minutes=60)
    ).user
    never = EmailDigestFactory(user=verified(), last_sent_at=None).user
    for user in (recent, hour_ago, never):
        NotificationFactory(recipient=user, created_at=now - timedelta(minutes=1))

    due = {n.recipient for n in notification_list_digest_due(now=now)}

    assert due == {hour_ago, never}


def test_everyone_is_subscribed_until_they_unsubscribe():
    assert digest_is_subscribed(user=UserFactory()) is True
    assert digest_is_subscribed(user=EmailDigestFactory(subscribed=True).user) is True
    assert digest_is_subscribed(user=EmailDigestFactory(subscribed=False).user) is False


def test_data_export_holds_my_notifications_and_digest_choice():
    me = EmailDigestFactory(subscribed=False).user
    read_at = timezone.now()
    NotificationFactory(recipient=me, text="Ada replied", url="/p/1/", read_at=read_at)
    NotificationFactory(text="Not mine")

    data = notification_data_export(user=me)

    assert data["email_digest"] == {"subscribed": False}
    [exported] = data["notifications"]
    assert exported["text"] == "Ada replied"
    assert exported["url"] == "/p/1/"
    assert exported["read_at"] == read_at.isoformat()


def _counted(user, django_assert_num_queries, *, queries: int) -> int:
    with django_assert_num_queries(queries):
        return notification_unread_count(user=user)


def test_the_unread_count_is_kept_until_it_changes(django_assert_num_queries):
    me = UserFactory()
    first = NotificationFactory(recipient=me)
    assert _counted(me, django_assert_num_queries, queries=1) == 1
    assert _counted(me, django_assert_num_queries, queries=0) == 1

    NotificationFactory(recipient=me)
    assert _counted(me, django_assert_num_queries, queries=1) == 2

    notification_mark_read(user=me, pk=first.pk)
    assert _counted(me, django_assert_num_queries, queries=1) == 1

    notification_mark_all_read(user=me)
    assert _counted(me, django_assert_num_queries, queries=1) == 0


def test_the_unread_count_forgets_deleted_notifications():
    me, actor = UserFactory(), UserFactory()
    NotificationFactory(recipient=me, actor=actor)
    assert notification_unread_count(user=me) == 1

    notification_delete_by_actor(actor=actor)

    assert notification_unread_count(user=me) == 0


def test_one_members_kept_count_is_theirs_alone():
    me, other = UserFactory(), UserFactory()
    NotificationFactory(recipient=me)
    assert notification_unread_count(user=me) == 1

    assert notification_unread_count(user=other) == 0
