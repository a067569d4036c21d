"""Stripe's webhook events: each acted on once, in any order."""

import json
import time
from datetime import UTC, datetime, timedelta

from django.core import mail
from django.utils import timezone

import pytest

from commerce.models import Membership, Order, Payment, ProviderEvent
from commerce.tests.conftest import buy, buy_plan, pay
from commerce.tests.fakes import (
    completed_session,
    invoice_object,
    refunded_charge,
    send_event,
    signature,
    stripe_event,
    subscription_object,
)
from courses.access import user_has_course_access
from courses.models import Enrollment

pytestmark = pytest.mark.django_db


def test_the_webhook_confirms_the_purchase_and_the_course_opens(
    client, buyer, paid_course, fake_stripe, django_capture_on_commit_callbacks
):
    buy(client, buyer, paid_course)

    with django_capture_on_commit_callbacks(execute=True):
        paid = pay(client, fake_stripe.sessions[0])

    order = Order.objects.get()
    assert order.status == "paid"
    assert order.payments.get().reference == paid["payment_intent"]
    assert Enrollment.objects.get(user=buyer).source == "purchase"
    assert user_has_course_access(user=buyer, course=paid_course)
    (receipt,) = mail.outbox
    assert receipt.to == [buyer.email]
    assert "Web development" in receipt.body
    assert "$29.00" in receipt.body


def test_a_replayed_event_changes_nothing_twice(
    client, buyer, paid_course, fake_stripe, django_capture_on_commit_callbacks
):
    buy(client, buyer, paid_course)
    event = stripe_event(
        "checkout.session.completed", completed_session(fake_stripe.sessions[0])
    )

    with django_capture_on_commit_callbacks(execute=True):
        first = send_event(client, event)
        again = send_event(client, event)

    assert (first.status_code, again.status_code) == (200, 200)
    assert Payment.objects.count() == 1
    assert len(mail.outbox) == 1
    assert ProviderEvent.objects.count() == 1


def test_unknown_events_are_acknowledged_and_ignored(client, db):
    response = send_event(
        client, stripe_event("customer.tax_id.created", {"id": "txi_1"})
    )

    assert response.status_code == 200
    assert ProviderEvent.objects.get().type == "customer.tax_id.created"


def test_a_refund_removes_access(client, buyer, paid_course, fake_stripe):
    buy(client, buyer, paid_course)
    paid = pay(client, fake_stripe.sessions[0])

    send_event(
        client,
        stripe_event("charge.refunded", refunded_charge(paid["payment_intent"], 2900)),
    )

    assert Order.objects.get().status == "refunded"
    assert Payment.objects.get().status == "refunded"
    assert not user_has_course_access(user=buyer, course=paid_course)


def test_a_partial_refund_keeps_access(client, buyer, paid_course, fake_stripe):
    buy(client, buyer, paid_course)
    paid = pay(client, fake_stripe.sessions[0])

    send_event(
        client,
        stripe_event(
            "charge.refunded",
            refunded_charge(paid["payment_intent"], 2900, refunded=False),
        ),
    )

    assert user_has_course_access(user=buyer, course=paid_course)


def test_a_refund_that_arrives_before_the_payment_still_wins(
    client, buyer, paid_course, fake_stripe
):
    buy(client, buyer, paid_course)
    paid = completed_session(fake_stripe.sessions[0])
    refund = stripe_event(
        "charge.refunded", refunded_charge(paid["payment_intent"], 2900)
    )

    send_event(client, refund)
    send_event(client, stripe_event("checkout.session.completed", paid))

    assert Order.objects.get().status == "refunded"
    assert not user_has_course_access(user=buyer, course=paid_course)


def test_a_failed_payment_leaves_the_course_closed(
    client, buyer, paid_course, fake_stripe
):
    buy(client, buyer, paid_course)
    order = Order.objects.get()
    intent = {
        "id": "pi_3TestFailed",
        "object": "payment_intent",
        "status": "requires_payment_method",
        "metadata": {"order_id": str(order.pk)},
        "last_payment_error": {"code": "card_declined", "message": "Declined."},
    }

    send_event(client, stripe_event("payment_intent.payment_failed", intent))

    assert Order.objects.get().status == "failed"
    assert not Enrollment.objects.exists()
    assert b"did not go through" in client.get(order.get_absolute_url()).content


def test_an_abandoned_checkout_expires_as_failed(
    client, buyer, paid_course, fake_stripe
):
    buy(client, buyer, paid_course)
    session = {k: v for k, v in fake_stripe.sessions[0].items() if k != "form"}

    send_event(
        client,
        stripe_event("checkout.session.expired", {**session, "status": "expired"}),
    )

    assert Order.objects.get().status == "failed"


def test_a_plan_opens_every_course_it_unlocks_until_it_ends(
    client, buyer, monthly_plan, paid_course, kes_course, fake_stripe
):
    buy_plan(client, buyer, monthly_plan)
    paid = pay(client, fake_stripe.sessions[0])
    membership = Membership.objects.get()
    assert membership.stripe_subscription_id == paid["subscription"]
    assert user_has_course_access(user=buyer, course=paid_course)
    assert user_has_course_access(user=buyer, course=kes_course)

    metadata = {"plan_id": str(monthly_plan.pk), "user_id": str(buyer.pk)}
    period_end = int(time.time()) + 31 * 86400
    send_event(
        client,
        stripe_event(
            "invoice.paid",
            invoice_object(paid["subscription"], 1200, period_end, metadata),
        ),
    )
    membership.refresh_from_db()
    assert membership.current_period_end == datetime.fromtimestamp(period_end, tz=UTC)
    assert Payment.objects.filter(order__isnull=False).count() == 2

    send_event(
        client,
        stripe_event(
            "customer.subscription.deleted",
            subscription_object(paid["subscription"], "canceled", period_end, metadata),
        ),
    )

    assert Membership.objects.get().status == "canceled"
    assert not user_has_course_access(user=buyer, course=paid_course)


def test_subscription_events_out_of_order_change_nothing_backwards(
    client, buyer, monthly_plan, paid_course, fake_stripe
):
    buy_plan(client, buyer, monthly_plan)
    paid = pay(client, fake_stripe.sessions[0])
    metadata = {"plan_id": str(monthly_plan.pk), "user_id": str(buyer.pk)}
    now = int(time.time())
    newer = stripe_event(
        "customer.subscription.updated",
        subscription_object(paid["subscription"], "past_due", now + 86400, metadata),
        created=now + 60,
    )
    older = stripe_event(
        "customer.subscription.updated",
        subscription_object(paid["subscription"], "active", now + 40 * 86400, metadata),
        created=now - 60,
    )

    send_event(client, newer)
    send_event(client, older)

    membership = Membership.objects.get()
    assert membership.status == "past_due"
    assert membership.current_period_end == datetime.fromtimestamp(now + 86400, tz=UTC)


def test_subscription_news_before_the_checkout_makes_the_membership(
    client, buyer, monthly_plan, paid_course, fake_stripe
):
    buy_plan(client, buyer, monthly_plan)
    order = Order.objects.get()
    paid = completed_session(fake_stripe.sessions[0])
    metadata = {
        "plan_id": str(monthly_plan.pk),
        "user_id": str(buyer.pk),
        "order_id": str(order.pk),
    }
    period_end = int(time.time()) + 30 * 86400

    send_event(
        client,
        stripe_event(
            "customer.subscription.updated",
            subscription_object(paid["subscription"], "active", period_end, metadata),
        ),
    )
    send_event(client, stripe_event("checkout.session.completed", paid))

    membership = Membership.objects.get()
    assert membership.order == order
    assert membership.current_period_end == datetime.fromtimestamp(period_end, tz=UTC)
    assert user_has_course_access(user=buyer, course=paid_course)


def test_a_fixed_term_plan_lasts_its_days_and_a_refund_ends_it(
    client, buyer, term_plan, paid_course, fake_stripe
):
    buy_plan(client, buyer, term_plan)
    assert fake_stripe.sessions[0]["form"]["mode"] == "payment"
    paid = pay(client, fake_stripe.sessions[0])

    membership = Membership.objects.get()
    assert membership.current_period_end > timezone.now() + timedelta(days=119)
    assert user_has_course_access(user=buyer, course=paid_course)

    send_event(
        client,
        stripe_event("charge.refunded", refunded_charge(paid["payment_intent"], 4000)),
    )
    assert not user_has_course_access(user=buyer, course=paid_course)


def test_each_renewal_gets_its_receipt_once(
    client, buyer, monthly_plan, fake_stripe, django_capture_on_commit_callbacks
):
    buy_plan(client, buyer, monthly_plan)
    paid = pay(client, fake_stripe.sessions[0])
    metadata = {"plan_id": str(monthly_plan.pk), "user_id": str(buyer.pk)}
    renewal = stripe_event(
        "invoice.paid",
        invoice_object(
            paid["subscription"], 1200, int(time.time()) + 60 * 86400, metadata
        ),
    )

    with django_capture_on_commit_callbacks(execute=True):
        send_event(client, renewal)
        send_event(client, renewal)

    (receipt,) = mail.outbox
    assert receipt.to == [buyer.email]
    assert "$12.00" in receipt.body


def test_refunding_a_subscription_payment_ends_the_plan(
    client, buyer, monthly_plan, paid_course, fake_stripe
):
    buy_plan(client, buyer, monthly_plan)
    paid = pay(client, fake_stripe.sessions[0])
    fake_stripe.invoice_payments["pi_3TestInvoicePaid"] = paid["invoice"]

    send_event(
        client,
        stripe_event("charge.refunded", refunded_charge("pi_3TestInvoicePaid", 1200)),
    )

    assert Payment.objects.get().status == "refunded"
    assert Membership.objects.get().status == "canceled"
    assert not user_has_course_access(user=buyer, course=paid_course)


def test_a_checkout_and_its_invoice_make_one_payment_whatever_the_order(
    client, buyer, monthly_plan, fake_stripe
):
    buy_plan(client, buyer, monthly_plan)
    order = Order.objects.get()
    paid = completed_session(fake_stripe.sessions[0])
    metadata = {
        "plan_id": str(monthly_plan.pk),
        "user_id": str(buyer.pk),
        "order_id": str(order.pk),
    }
    invoice = invoice_object(
        paid["subscription"], 1200, int(time.time()) + 86400, metadata
    )
    invoice["id"] = paid["invoice"]

    send_event(client, stripe_event("invoice.paid", invoice))
    send_event(client, stripe_event("checkout.session.completed", paid))

    assert Payment.objects.count() == 1
    assert Order.objects.get().status == "paid"


def without(event: dict, key: str) -> dict:
    return {name: value for name, value in event.items() if name != key}


def with_metadata(event: dict, metadata) -> dict:
    session = {**event["data"]["object"], "metadata": metadata}
    return {**event, "data": {"object": session}}


@pytest.mark.parametrize(
    ("spoil", "problem"),
    [
        (lambda event: without(event, "data"), "no data object"),
        (lambda event: {**event, "data": {"object": ["a list"]}}, "no data object"),
        (lambda event: {**event, "data": "gone"}, "no data object"),
        (lambda event: without(event, "created"), "created time"),
        (lambda event: without(event, "id"), "no id"),
        (lambda event: [event], "no id"),
        (lambda event: with_metadata(event, {"order_id": "abc"}), "not one of our"),
        (lambda event: with_metadata(event, {"order_id": "9" * 30}), "not one of our"),
        (lambda event: with_metadata(event, {"order_id": 7}), "not one of our"),
        (lambda event: with_metadata(event, {"order_id": "987654"}), "nothing of"),
        (lambda event: with_metadata(event, {"donation_id": "0"}), "nothing of ours"),
        (lambda event: with_metadata(event, None), "names no order"),
        (lambda event: with_metadata(event, "order 1"), "metadata is not"),
    ],
)
def test_signed_events_that_cannot_be_used_are_set_aside(
    client, buyer, paid_course, fake_stripe, caplog, spoil, problem
):
    buy(client, buyer, paid_course)
    event = stripe_event(
        "checkout.session.completed", completed_session(fake_stripe.sessions[0])
    )

    response = send_event(client, spoil(event))

    # Acknowledged, so that Stripe stops sending it, and changes nothing.
    assert response.status_code == 200
    assert Order.objects.get().status == "pending"
    assert not Payment.objects.exists()
    assert not Enrollment.objects.exists()
    set_aside = ProviderEvent.objects.get()
    assert problem in set_aside.problem
    assert set_aside.payload == json.loads(json.dumps(spoil(event)))
    assert "Set aside stripe event" in caplog.text


def test_a_signed_body_that_is_not_json_is_set_aside(client, db):
    body = "<html>not an event</html>"

    response = client.post(
        "/payments/stripe/webhook/",
        body,
        content_type="application/json",
        headers={"Stripe-Signature": signature(body)},
    )

    assert response.status_code == 200
    assert ProviderEvent.objects.get().payload == body


@pytest.mark.parametrize(
    ("event_type", "spoil", "problem"),
    [
        (
            "invoice.paid",
            lambda invoice: without(invoice, "lines"),
            "KeyError('lines')",
        ),
        (
            "invoice.paid",
            lambda invoice: {**invoice, "amount_paid": "lots"},
            "Not as Stripe sends it",
        ),
        (
            "invoice.paid",
            lambda invoice: {**invoice, "parent": "sub"},
            "Not as Stripe sends it",
        ),
        (
            "customer.subscription.updated",
            lambda _: subscription_object(
                "sub_1TestNew", "active", int(time.time()), {"plan_id": "987654"}
            ),
            "names no plan",
        ),
        (
            "customer.subscription.updated",
            lambda subscription: without(subscription, "items"),
            "KeyError('items')",
        ),
        (
            "checkout.session.completed",
            lambda session: {**session, "payment_intent": {"id": "pi_1"}},
            "not strings",
        ),
        (
            "charge.refunded",
            lambda _: {"object": "charge", "refunded": True, "payment_intent": 1},
            "not an id",
        ),
    ],
)
def test_subscription_events_that_cannot_be_used_change_nothing(
    client, buyer, monthly_plan, fake_stripe, event_type, spoil, problem
):
    buy_plan(client, buyer, monthly_plan)
    paid = pay(client, fake_stripe.sessions[0])
    metadata = {"plan_id": str(monthly_plan.pk), "user_id": str(buyer.pk)}
    period_end = int(time.time()) + 31 * 86400
    fine = {
        "invoice.paid": invoice_object(
            paid["subscription"], 1200, period_end, metadata
        ),
        "customer.subscription.updated": subscription_object(
            paid["subscription"], "past_due", period_end, metadata
        ),
        "checkout.session.completed": paid,
        "charge.refunded": refunded_charge(paid["payment_intent"] or "pi_1", 1200),
    }[event_type]
    before = Membership.objects.values().get()

    response = send_event(client, stripe_event(event_type, spoil(fine)))

    assert response.status_code == 200
    assert Membership.objects.values().get() == before
    assert Payment.objects.get().status == "paid"
    assert problem in ProviderEvent.objects.exclude(problem="").get().problem


def test_stripe_unreachable_while_handling_an_event_asks_for_it_again(
    client, buyer, paid_course, fake_stripe
):
    # A passing outage is not the event's fault: Stripe should send it again.
    fake_stripe.down = True

    response = send_event(
        client,
        stripe_event("charge.refunded", refunded_charge("pi_3TestUnknown", 2900)),
    )

    assert response.status_code == 503
    assert not ProviderEvent.objects.exists()
