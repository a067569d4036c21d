"""
Lectern's one way of sending an email: a plain-text template rendered with
its context (and, if given, an HTML one as its alternative), under the
site's subject prefix, from DEFAULT_FROM_EMAIL.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def mail_message(
    *,
    subject: str,
    template: str,
    context: dict[str, Any],
    to: Sequence[str],
    connection=None,
    html_template: str = "",
    headers: Mapping[str, str] | None = None,
) -> EmailMultiAlternatives:
    """The email `template` renders, ready to send (alone or in a batch)."""
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=render_to_string(template, context),
        to=list(to),
        connection=connection,
        headers=dict(headers or {}),
    )
    if html_template:
        message.attach_alternative(
            render_to_string(html_template, context), "text/html"
        )
    return message


def mail_send(
    *, subject: str, template: str, context: dict[str, Any], to: Sequence[str]
) -> None:
    """Render `template` with `context` and send it to `to` now."""
    mail_message(subject=subject, template=template, context=context, to=to).send()
