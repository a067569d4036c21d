"""
Request ids, logs and error reports (settings/base.py's operations block,
portal/observability.py): every answer names its request in X-Request-ID,
the logs of that request carry the same id, and a server error reaches
ADMINS by email and Sentry, tagged with it.
"""

import io
import logging
import re

from django.core import mail
from django.test import Client

import pytest
import sentry_sdk
from django_guid.log_filters import CorrelationId
from sentry_sdk.transport import Transport

from portal import health
from portal.observability import sentry_init

pytestmark = pytest.mark.django_db

GENERATED_ID = re.compile(r"[0-9a-f]{32}")


def test_every_answer_has_a_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]

    assert GENERATED_ID.fullmatch(first)
    assert GENERATED_ID.fullmatch(second)
    assert first != second


@pytest.mark.parametrize(
    "proxy_id",
    [
        "4f0c2e6a9b8d4c1e8a7b6c5d4e3f2a1b",  # nginx's $request_id
        "0e4b6d3a-2c1f-4e5d-9a8b-7c6d5e4f3a2b",  # Caddy's {http.request.uuid}
    ],
)
def test_the_proxys_request_id_is_kept(client, proxy_id):
    response = client.get("/healthz", headers={"X-Request-ID": proxy_id})

    assert response["X-Request-ID"] == proxy_id


@pytest.mark.parametrize(
    "given", ["not-an-id", "<script>alert(1)</script>", "a" * 5000, "1234; rm -rf"]
)
def test_a_malformed_request_id_is_replaced(client, given):
    response = client.get("/healthz", headers={"X-Request-ID": given})

    assert GENERATED_ID.fullmatch(response["X-Request-ID"])


def test_the_apis_browser_clients_may_read_the_request_id(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.org"]

    response = client.get("/api/v1/me", headers={"Origin": "https://app.example.org"})

    exposed = {
        name.strip() for name in response["Access-Control-Expose-Headers"].split(",")
    }
    assert {"X-Request-ID", "Retry-After", "WWW-Authenticate"} <= exposed


@pytest.fixture
def console() -> io.StringIO:
    """What the console handler of the logging settings writes."""
    [handler] = [
        handler
        for handler in logging.getLogger("django").handlers
        if any(isinstance(f, CorrelationId) for f in handler.filters)
    ]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_log_lines_carry_the_request_id(client, console):
    response = client.get("/nowhere-at-all/")
    request_id = response["X-Request-ID"]

    assert response.status_code == 404
    assert f"WARNING django.request [{request_id}] Not Found: /nowhere-at-all/" in (
        console.getvalue()
    )


@pytest.fixture
def failing_request(monkeypatch):
    """A request that fails on the server: GET it, and it answers 500."""

    def fail():
        raise RuntimeError("The health check itself broke.")

    monkeypatch.setattr(health, "health", fail)

    def get():
        return Client(raise_request_exception=False).get("/healthz")

    return get


def test_server_errors_are_emailed_to_admins(settings, failing_request):
    settings.ADMINS = [("Ops", "ops@example.com")]

    response = failing_request()

    assert response.status_code == 500
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ops@example.com"]
    assert "RuntimeError" in mail.outbox[0].body


def test_no_email_without_admins(settings, failing_request):
    settings.ADMINS = []

    failing_request()

    assert mail.outbox == []


@pytest.fixture
def sentry_events():
    """Sentry switched on as SENTRY_DSN does, its events kept here."""
    events = []

    class Recorder(Transport):
        def capture_envelope(self, envelope):
            if event := envelope.get_event():
                events.append(event)

    sentry_init(
        dsn="https://public@sentry.example.com/1",
        environment="test",
        release=None,
        traces_sample_rate=0.0,
        transport=Recorder,
    )
    yield events
    sentry_sdk.init()  # off again


def test_sentry_receives_server_errors_tagged_with_the_request_id(
    sentry_events, failing_request
):
    response = failing_request()

    assert response.status_code == 500
    [event] = sentry_events
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["tags"]["request_id"] == response["X-Request-ID"]
    # No personal data: neither the client's address nor its cookies.
    assert "cookies" not in event["request"]
    assert "REMOTE_ADDR" not in event["request"].get("env", {})
