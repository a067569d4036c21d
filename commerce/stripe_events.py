"""
Stripe's webhook events, acted on once each. Events may come in any order:
each handler only moves records forward, and memberships ignore news older
than what they know.
"""

import logging
from datetime import UTC, datetime

from django.db import IntegrityError, transaction

from members.models import User

from .models import (
    Donation,
    Membership,
    Order,
    Payment,
    PaymentStatus,
    Plan,
    Provider,
    ProviderEvent,
    from_minor_units,
)
from .services import (
    PLAN_INTERVALS,
    donation_mark_paid,
    invoices_paid_by,
    order_mark_paid,
    payment_mark_refunded,
    payment_receipt_send,
)

logger = logging.getLogger(__name__)


def stripe_event_process(*, event: dict) -> bool:
    """
    Act on a verified Stripe event once. Returns False for a replay. Events
    may come in any order: each handler only moves records forward.
    """
    try:
        with transaction.atomic():
            ProviderEvent.objects.create(
                provider=Provider.STRIPE,
                event_id=event["id"],
                type=event["type"],
                payload=event,
            )
            handler = STRIPE_HANDLERS.get(event["type"])
            if handler is not None:
                handler(event["data"]["object"], _event_time(event))
    except IntegrityError:
        if ProviderEvent.objects.filter(
            provider=Provider.STRIPE, event_id=event["id"]
        ).exists():
            return False
        raise
    return True


def _event_time(event: dict) -> datetime:
    return datetime.fromtimestamp(event["created"], tz=UTC)


def _checkout_completed(session: dict, at: datetime) -> None:
    if session.get("payment_status") not in ("paid", "no_payment_required"):
        return  # an asynchronous payment: its own event settles it
    _checkout_paid(session, at)


def _checkout_paid(session: dict, at: datetime) -> None:
    metadata = session.get("metadata") or {}
    reference = session.get("payment_intent") or session.get("invoice") or session["id"]
    if "donation_id" in metadata:
        donation = Donation.objects.filter(pk=metadata["donation_id"]).first()
        if donation is not None:
            donation_mark_paid(donation=donation, reference=reference, payload=session)
        return
    order = Order.objects.filter(pk=metadata.get("order_id")).first()
    if order is None:
        logger.warning("Checkout %s names no order of ours", session["id"])
        return
    order_mark_paid(order=order, reference=reference, payload=session)
    if session.get("subscription"):
        _membership_from_order(order, subscription_id=session["subscription"], at=at)


def _payment_failed(obj: dict, at: datetime) -> None:
    """A checkout session or payment intent that failed; both carry our metadata."""
    metadata = obj.get("metadata") or {}
    record = (
        Donation.objects.filter(pk=metadata["donation_id"]).first()
        if "donation_id" in metadata
        else Order.objects.filter(pk=metadata.get("order_id")).first()
    )
    if record is not None and record.status == PaymentStatus.PENDING:
        record.status = PaymentStatus.FAILED
        record.save(update_fields=["status"])


def _charge_refunded(charge: dict, at: datetime) -> None:
    if not charge.get("refunded"):
        return  # a partial refund keeps the access it paid for
    intent = charge.get("payment_intent") or charge["id"]
    payments = Payment.objects.filter(
        provider=Provider.STRIPE, reference=intent, status=PaymentStatus.PAID
    )
    if not payments.exists() and charge.get("payment_intent"):
        # Subscription payments are kept by invoice: ask Stripe which one.
        payments = Payment.objects.filter(
            provider=Provider.STRIPE,
            reference__in=invoices_paid_by(intent),
            status=PaymentStatus.PAID,
        )
    for payment in payments:
        payment_mark_refunded(payment=payment)


def _invoice_paid(invoice: dict, at: datetime) -> None:
    membership = _membership_for_subscription(*_invoice_subscription(invoice))
    if membership is None:
        return
    payment, created = Payment.objects.get_or_create(
        provider=Provider.STRIPE,
        reference=invoice["id"],
        defaults={
            "order": membership.order,
            "status": PaymentStatus.PAID,
            "amount": from_minor_units(invoice["amount_paid"], invoice["currency"]),
            "currency": invoice["currency"].upper(),
            "payload": invoice,
        },
    )
    if created and membership.order is not None:
        transaction.on_commit(lambda: payment_receipt_send(payment=payment))
    period_end = max(line["period"]["end"] for line in invoice["lines"]["data"])
    _membership_update(
        membership,
        at=at,
        status=Membership.Status.ACTIVE,
        period_end=datetime.fromtimestamp(period_end, tz=UTC),
    )


def _invoice_payment_failed(invoice: dict, at: datetime) -> None:
    membership = _membership_for_subscription(*_invoice_subscription(invoice))
    if membership is not None:
        _membership_update(membership, at=at, status=Membership.Status.PAST_DUE)


def _subscription_changed(subscription: dict, at: datetime) -> None:
    membership = _membership_for_subscription(subscription["id"], subscription)
    if membership is None:
        return
    status = {
        "active": Membership.Status.ACTIVE,
        "trialing": Membership.Status.ACTIVE,
        "past_due": Membership.Status.PAST_DUE,
        "unpaid": Membership.Status.PAST_DUE,
    }.get(subscription["status"], Membership.Status.CANCELED)
    ends = [item["current_period_end"] for item in subscription["items"]["data"]]
    _membership_update(
        membership,
        at=at,
        status=status,
        period_end=datetime.fromtimestamp(max(ends), tz=UTC) if ends else None,
    )


def _subscription_deleted(subscription: dict, at: datetime) -> None:
    membership = _membership_for_subscription(subscription["id"], subscription)
    if membership is not None:
        _membership_update(membership, at=at, status=Membership.Status.CANCELED)


STRIPE_HANDLERS = {
    "checkout.session.completed": _checkout_completed,
    "checkout.session.async_payment_succeeded": _checkout_paid,
    "checkout.session.async_payment_failed": _payment_failed,
    "checkout.session.expired": _payment_failed,
    "payment_intent.payment_failed": _payment_failed,
    "charge.refunded": _charge_refunded,
    "invoice.paid": _invoice_paid,
    "invoice.payment_failed": _invoice_payment_failed,
    "customer.subscription.updated": _subscription_changed,
    "customer.subscription.deleted": _subscription_deleted,
}


def _invoice_subscription(invoice: dict) -> tuple[str | None, dict]:
    """The invoice's subscription id, and what it knows of it (its metadata)."""
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    return details.get("subscription"), {"metadata": details.get("metadata") or {}}


def _membership_from_order(order: Order, *, subscription_id: str, at: datetime) -> None:
    plan = order.items.filter(plan__isnull=False).first().plan
    membership, created = Membership.objects.get_or_create(
        stripe_subscription_id=subscription_id,
        defaults={
            "user": order.user,
            "plan": plan,
            "order": order,
            # Until the first invoice says how long the period is.
            "current_period_end": at + PLAN_INTERVALS[plan.interval],
            "synced_at": at,
        },
    )
    if not created and membership.order_id is None:
        membership.order = order
        membership.save(update_fields=["order"])


def _membership_for_subscription(
    subscription_id: str | None, subscription: dict | None = None
) -> Membership | None:
    """Our membership for a subscription, made from its metadata if it came first."""
    if not subscription_id:
        return None
    membership = Membership.objects.filter(
        stripe_subscription_id=subscription_id
    ).first()
    metadata = (subscription or {}).get("metadata") or {}
    if membership is None and "plan_id" in metadata:
        membership, _ = Membership.objects.get_or_create(
            stripe_subscription_id=subscription_id,
            defaults={
                "user": User.objects.filter(pk=metadata.get("user_id")).first(),
                "plan": Plan.objects.get(pk=metadata["plan_id"]),
                "order": Order.objects.filter(pk=metadata.get("order_id")).first(),
            },
        )
    return membership


def _membership_update(
    membership: Membership,
    *,
    at: datetime,
    status: str,
    period_end: datetime | None = None,
) -> None:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status == Membership.Status.CANCELED or (
        membership.synced_at and at < membership.synced_at
    ):
        return  # ended for good, or older news than what we know
    membership.status = status
    if period_end is not None:
        membership.current_period_end = period_end
    membership.synced_at = at
    membership.save(update_fields=["status", "current_period_end", "synced_at"])
