"""
Account deletion: asked for with the password, carried out 30 days later
unless cancelled.

Other apps take part through the ``before_delete_account`` Wagtail hook:
``fn(user)``, called in the deleting transaction before the user row goes;
delete or anonymise what the app keeps about the user (files through
``transaction.on_commit``).
"""

import logging
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wagtail import hooks
from wagtail.users.models import UserProfile

from ..mail import mail_send
from ..models import User
from ..selectors import user_list_deletion_due
from ..tasks import delete_account_when_due

logger = logging.getLogger(__name__)

DELETION_GRACE_PERIOD = timedelta(days=30)


def account_deletion_request(*, user: User, password: str, cancel_url: str) -> datetime:
    """Schedule the account's deletion, a fresh 30 days from now."""
    if not user.check_password(password):
        raise ValidationError("That is not your password.", code="password")
    user.deletion_due_at = timezone.now() + DELETION_GRACE_PERIOD
    user.save(update_fields=["deletion_due_at"])
    due = user.deletion_due_at
    # A task backend that cannot run tasks later (such as the immediate one)
    # leaves the deletion to the delete_due_accounts sweep.
    if delete_account_when_due.get_backend().supports_defer:
        transaction.on_commit(
            lambda: delete_account_when_due.using(run_after=due).enqueue(
                user_id=user.pk
            )
        )
    transaction.on_commit(lambda: _send_deletion_scheduled_email(user, cancel_url))
    return due


def account_deletion_cancel(*, user: User) -> None:
    user.deletion_due_at = None
    user.save(update_fields=["deletion_due_at"])


def account_delete(*, user: User) -> None:
    """
    Delete the account and everything that is only the user's: the rows that
    belong to them (by cascade, and through `before_delete_account` hooks)
    and their files.
    """
    files = [user.avatar]
    wagtail_profile = UserProfile.objects.filter(user=user).first()
    if wagtail_profile is not None:
        files.append(wagtail_profile.avatar)
    user_id = user.pk
    with transaction.atomic():
        for hook in hooks.get_hooks("before_delete_account"):
            hook(user)
        user.delete()
        for file in files:
            if file:
                storage, name = file.storage, file.name
                transaction.on_commit(lambda s=storage, n=name: s.delete(n))
    logger.info("Deleted account %s", user_id)


def account_delete_if_due(*, user_id: int, now: datetime | None = None) -> bool:
    """
    Delete the account if its deletion is (still) due. The row is locked
    first, so a cancellation that lands meanwhile is honoured.
    """
    with transaction.atomic():
        user = (
            User.objects.select_for_update()
            .filter(pk=user_id, deletion_due_at__lte=now or timezone.now())
            .first()
        )
        if user is None:
            return False
        account_delete(user=user)
        return True


def accounts_delete_due(*, now: datetime | None = None) -> int:
    """Delete every account whose deletion is due; returns how many."""
    now = now or timezone.now()
    due = list(user_list_deletion_due(now=now).values_list("pk", flat=True))
    deleted = 0
    for user_id in due:
        # One account that fails (a hook's error, say) must not keep the
        # others from going.
        try:
            deleted += account_delete_if_due(user_id=user_id, now=now)
        except Exception:
            logger.exception("Could not delete account %s", user_id)
    return deleted


def _send_deletion_scheduled_email(user: User, cancel_url: str) -> None:
    mail_send(
        subject="Your account will be deleted",
        template="members/email/deletion_scheduled.txt",
        context={"user": user, "due": user.deletion_due_at, "cancel_url": cancel_url},
        to=[user.email],
    )
