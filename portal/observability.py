"""
Error reporting to Sentry, switched on by SENTRY_DSN (see settings/base.py).

Imported by the settings, so nothing here may read Django's settings at import.
"""

from typing import Any

import sentry_sdk
from django_guid import get_guid
from sentry_sdk.integrations.django import DjangoIntegration


def tag_request_id(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """Tag an error with its request's id, the one in the logs and in X-Request-ID."""
    if request_id := get_guid():
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def sentry_init(
    *,
    dsn: str,
    environment: str,
    release: str | None,
    traces_sample_rate: float,
    **options: Any,
) -> None:
    """
    Switch Sentry on, errors tagged with their request id. By default the SDK
    sends no personal data (no user, client address or cookies), and no
    option here changes that; `options` go to the SDK as they are (a test's
    transport, say).
    """
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration()],
        before_send=tag_request_id,
        **options,
    )
