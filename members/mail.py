"""
Lectern's one way of sending an email: a plain-text template rendered with
its context, under the site's subject prefix, from DEFAULT_FROM_EMAIL.
"""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string


def mail_message(
    *,
    subject: str,
    template: str,
    context: dict[str, Any],
    to: Sequence[str],
    connection=None,
) -> EmailMessage:
    """The email `template` renders, ready to send (alone or in a batch)."""
    return EmailMessage(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=render_to_string(template, context),
        to=list(to),
        connection=connection,
    )


def mail_send(
    *, subject: str, template: str, context: dict[str, Any], to: Sequence[str]
) -> None:
    """Render `template` with `context` and send it to `to` now."""
    mail_message(subject=subject, template=template, context=context, to=to).send()
