"""
Writes about notifications: sending one, marking them read, and the email
digest: sending the due ones, subscribing and unsubscribing, and the
signed token that a digest's one-click unsubscribe link carries.
"""

import logging
from datetime import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from wagtail.models import Site

from members.mail import mail_message
from members.models import User

from .models import EmailDigest, Notification
from .selectors import DIGEST_INTERVAL, notification_list, notification_list_digest_due

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
# A digest lists this many notifications at most, newest first; the rest
# are a link away.
DIGEST_MAX_ITEMS = 20


def notification_send(
    *, recipient: User, kind: str, text: str, url: str, actor: User | None = None
) -> Notification | None:
    """
    Tell `recipient` that something happened at `url`. Nobody is told of
    their own doings, and inactive accounts are told nothing: both give None.
    A text longer than the column (a long course title) is shortened.
    """
    if not recipient.is_active or (actor is not None and actor.pk == recipient.pk):
        return None
    notification = Notification(
        recipient=recipient,
        actor=actor,
        kind=kind,
        text=Truncator(text).chars(Notification._meta.get_field("text").max_length),
        url=url,
        created_at=timezone.now(),
    )
    notification.full_clean()
    notification.save()
    return notification


def notification_mark_read(*, user: User, pk: int) -> Notification:
    """Mark one of the member's notifications read (Http404 for anyone else's)."""
    notification = get_object_or_404(notification_list(user=user), pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the member read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notification_delete_by_actor(*, actor: User) -> int:
    """
    Take back what a member's actions told others ("Ada replied to ..."),
    when their account goes: the texts name them. Returns how many went.
    """
    deleted, _ = Notification.objects.filter(actor=actor).delete()
    return deleted


def digest_subscribe(*, user: User) -> None:
    EmailDigest.objects.update_or_create(user=user, defaults={"subscribed": True})


def digest_unsubscribe(*, user: User) -> None:
    EmailDigest.objects.update_or_create(user=user, defaults={"subscribed": False})


def unsubscribe_token(user: User) -> str:
    """The signed token in the digest's unsubscribe link: whoever has it may use it."""
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_user(*, token: str) -> User:
    """The member an unsubscribe token was signed for; ValidationError if none."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        pk = None
    user = User.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if user is None:
        raise ValidationError(
            "This unsubscribe link is not valid: it may have been cut short or "
            "changed. Use the link in your latest email, or stop the digest "
            "from your notifications page.",
            code="invalid",
        )
    return user


def digests_send(*, now: datetime | None = None) -> int:
    """
    Email each member whose notifications are due (notification_list_digest_due)
    one digest of them; returns how many digests went.

    Each member's digest is claimed before it goes: one UPDATE moves their
    last_sent_at forward only if it is still old enough, so that of two runs
    at once only one sends, then their due notifications are marked
    emailed. If the email fails, both are given back for the next run.
    """
    now = now or timezone.now()
    recipient_ids = (
        notification_list_digest_due(now=now)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    root_url = _site_root_url()
    sent = 0
    for user in User.objects.filter(pk__in=list(recipient_ids)).order_by("pk"):
        claimed = _digest_claim(user=user, now=now)
        if claimed is None:
            continue
        previous_sent_at, notifications = claimed
        try:
            _digest_message(
                user=user, notifications=notifications, root_url=root_url
            ).send()
        except Exception:
            # One address the mail server refuses must not stop the others.
            logger.exception("The digest to user %s could not be sent", user.pk)
            Notification.objects.filter(
                pk__in=[notification.pk for notification in notifications]
            ).update(emailed_at=None)
            EmailDigest.objects.filter(user=user).update(last_sent_at=previous_sent_at)
        else:
            sent += 1
    return sent


@transaction.atomic
def _digest_claim(
    *, user: User, now: datetime
) -> tuple[datetime | None, list[Notification]] | None:
    """
    Take the member's digest for this run: their last_sent_at before and the
    notifications it carries, or None if another run took it first, they
    unsubscribed, or nothing is due any more.
    """
    digest, _ = EmailDigest.objects.get_or_create(user=user)
    previous_sent_at = digest.last_sent_at
    claimed = (
        EmailDigest.objects.filter(user=user, subscribed=True)
        .filter(
            Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=now - DIGEST_INTERVAL)
        )
        .update(last_sent_at=now)
    )
    if not claimed:
        return None
    Notification.objects.filter(
        recipient=user,
        read_at__isnull=True,
        emailed_at__isnull=True,
        created_at__lte=now,
    ).update(emailed_at=now)
    notifications = list(
        Notification.objects.filter(recipient=user, emailed_at=now).order_by(
            "-created_at", "-pk"
        )
    )
    if not notifications:
        # Read since the list of members was made: no digest, no claim.
        transaction.set_rollback(True)
        return None
    return previous_sent_at, notifications


def _digest_message(*, user: User, notifications: list[Notification], root_url: str):
    unsubscribe_url = root_url + reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(user)]
    )
    count = len(notifications)
    context = {
        "user": user,
        "items": [
            (notification, root_url + notification.url)
            for notification in notifications[:DIGEST_MAX_ITEMS]
        ],
        "more": max(count - DIGEST_MAX_ITEMS, 0),
        "list_url": root_url + reverse("notifications:list"),
        "unsubscribe_url": unsubscribe_url,
    }
    return mail_message(
        subject=notifications[0].text if count == 1 else f"{count} new notifications",
        template="notifications/email/digest.txt",
        html_template="notifications/email/digest.html",
        context=context,
        to=[user.email],
        headers={
            # RFC 8058: mail clients offer a one-click unsubscribe button,
            # which POSTs to the link.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _site_root_url() -> str:
    """The site's address, which the paths in notifications are under."""
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""
