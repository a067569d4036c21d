"""
Reads about notifications: a member's list and unread count, where one
leads, the digests due, whether a member gets the digest, and their part of
the data export.
"""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from members.models import User
from members.selectors import user_list_with_verified_email

from .models import EmailDigest, Notification

# A member gets at most one digest in this time.
DIGEST_INTERVAL = timedelta(hours=1)


def notification_list(*, user: User) -> QuerySet[Notification]:
    """The member's notifications, newest first."""
    return Notification.objects.filter(recipient=user).select_related("actor")


def notification_target(notification: Notification) -> str:
    """
    Where a notification leads: where it happened, if that is a path on
    this site; else the list of notifications.
    """
    if url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return notification.url
    return reverse("notifications:list")


def notification_unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_list_digest_due(*, now: datetime) -> QuerySet[Notification]:
    """
    The notifications a digest should carry now: unread, not yet emailed,
    of active members with a verified address who have not unsubscribed and
    whose last digest went at least DIGEST_INTERVAL ago.
    """
    return (
        Notification.objects.filter(
            read_at__isnull=True,
            emailed_at__isnull=True,
            created_at__lte=now,
            recipient__is_active=True,
            recipient__in=user_list_with_verified_email(),
        )
        .exclude(recipient__email_digest__subscribed=False)
        .exclude(recipient__email_digest__last_sent_at__gt=now - DIGEST_INTERVAL)
    )


def digest_is_subscribed(*, user: User) -> bool:
    """Whether the member gets the email digest (everyone does until they stop it)."""
    return not EmailDigest.objects.filter(user=user, subscribed=False).exists()


def notification_data_export(*, user: User) -> dict[str, Any]:
    """The member's notifications and digest choice, for their data export."""
    return {
        "notifications": [
            {
                "text": notification.text,
                "url": notification.url,
                "created_at": notification.created_at.isoformat(),
                "read_at": notification.read_at and notification.read_at.isoformat(),
            }
            for notification in Notification.objects.filter(recipient=user)
        ],
        "email_digest": {"subscribed": digest_is_subscribed(user=user)},
    }
