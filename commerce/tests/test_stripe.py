"""Stripe's API as commerce talks to it: webhook signatures and refusals."""

import pytest
import responses

from commerce.models import Order, ProviderEvent
from commerce.tests.conftest import buy
from commerce.tests.fakes import STRIPE_API, completed_session, send_event, stripe_event
from courses.models import Enrollment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "header",
    [
        None,
        "t=1700000000,v1=0000000000000000000000000000000000000000000000000000000000000000",
        "garbage",
    ],
)
def test_forged_and_unsigned_webhooks_change_nothing(
    client, buyer, paid_course, fake_stripe, header
):
    buy(client, buyer, paid_course)
    event = stripe_event(
        "checkout.session.completed", completed_session(fake_stripe.sessions[0])
    )
    headers = {"Stripe-Signature": header} if header else {}

    response = client.post(
        "/payments/stripe/webhook/",
        event,
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 400
    assert Order.objects.get().status == "pending"
    assert not ProviderEvent.objects.exists()


def test_a_webhook_signed_with_another_secret_is_refused(
    client, buyer, paid_course, fake_stripe
):
    buy(client, buyer, paid_course)
    event = stripe_event(
        "checkout.session.completed", completed_session(fake_stripe.sessions[0])
    )

    response = send_event(client, event, secret="whsec_someone_else")

    assert response.status_code == 400
    assert not Enrollment.objects.exists()


def test_stripe_refusing_fails_the_order_with_a_clear_message(
    client, buyer, paid_course
):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add(
            responses.POST,
            f"{STRIPE_API}/customers",
            status=401,
            json={
                "error": {
                    "message": "Invalid API Key provided: sk_test_***tern",
                    "type": "invalid_request_error",
                }
            },
        )
        response = buy(client, buyer, paid_course)

    page = client.get(response["Location"]).content
    assert b"Card payments are unavailable right now" in page
    assert not Order.objects.filter(status="pending").exists()
