"""
Stripe's webhook events, acted on once each. Events may come in any order:
each handler only moves records forward, and memberships ignore news older
than what they know. A signed event that cannot be acted on (malformed, or
naming nothing of ours) changes nothing and is set aside with the reason.
"""

import logging
import re
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction

from members.models import User

from ..exceptions import UnusableEvent
from ..models import (
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
from ..providers import stripe
from .ledger import (
    donation_mark_paid,
    order_mark_paid,
    payment_mark_refunded,
    payment_receipt_send,
    provider_event_set_aside,
)

logger = logging.getLogger(__name__)

PLAN_INTERVALS = {
    Plan.Interval.MONTH: timedelta(days=31),
    Plan.Interval.YEAR: timedelta(days=366),
}

# What reading an object not shaped as Stripe documents raises.
MALFORMED = (AttributeError, ArithmeticError, KeyError, TypeError, ValueError)


def stripe_event_process(*, event: object) -> bool:
    """
    Act on a verified Stripe event (the JSON it came as) once. Returns False
    if it was not acted on: a replay, or an event set aside as unusable.
    """
    try:
        event_id, event_type, at, obj = _event_parts(event)
        with transaction.atomic():
            ProviderEvent.objects.create(
                provider=Provider.STRIPE,
                event_id=event_id,
                type=event_type,
                payload=event,
            )
            handler = STRIPE_HANDLERS.get(event_type)
            if handler is not None:
                try:
                    handler(obj, at)
                except MALFORMED as error:
                    logger.warning("Malformed Stripe event %s", event_id, exc_info=True)
                    raise UnusableEvent(f"Not as Stripe sends it: {error!r}") from error
    except UnusableEvent as problem:
        provider_event_set_aside(
            provider=Provider.STRIPE,
            event_id=_field(event, "id"),
            event_type=_field(event, "type"),
            payload=event,
            problem=str(problem),
        )
        return False
    except IntegrityError:
        if ProviderEvent.objects.filter(
            provider=Provider.STRIPE, event_id=event_id, problem=""
        ).exists():
            return False
        raise
    return True


def _event_parts(event: object) -> tuple[str, str, datetime, dict]:
    """The id, type, time and object every Stripe event has; or UnusableEvent."""
    event_id, event_type = _field(event, "id"), _field(event, "type")
    if not (event_id and event_type) or len(event_type) > 100:
        raise UnusableEvent("It has no id or no type.")
    created = event.get("created")
    try:
        at = datetime.fromtimestamp(created, tz=UTC)
    except (ArithmeticError, OSError, TypeError, ValueError):
        raise UnusableEvent(f"Its created time is not one: {created!r}.") from None
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    if not isinstance(obj, dict):
        raise UnusableEvent("It has no data object.")
    return event_id, event_type, at, obj


def _field(event: object, name: str) -> str:
    """A string field of the event, "" if it has none (or something else)."""
    value = event.get(name) if isinstance(event, dict) else None
    return value if isinstance(value, str) and len(value) <= 255 else ""


def _metadata(obj: dict) -> dict:
    metadata = obj.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise UnusableEvent("Its metadata is not an object.")
    return metadata


def _our_id(metadata: dict, key: str) -> int | None:
    """The id of one of our records in the metadata; None if it names none."""
    value = metadata.get(key)
    if value is None:
        return None
    if not (isinstance(value, str) and re.fullmatch(r"[0-9]{1,18}", value)):
        raise UnusableEvent(f"Its metadata {key} is not one of our ids: {value!r}.")
    return int(value)


def _record_named(metadata: dict) -> Order | Donation | None:
    """The donation or order the metadata names, None if it names neither."""
    for key, model in (("donation_id", Donation), ("order_id", Order)):
        pk = _our_id(metadata, key)
        if pk is not None:
            record = model.objects.filter(pk=pk).first()
            if record is None:
                raise UnusableEvent(f"Its metadata {key} {pk} names nothing of ours.")
            return record
    return None


def _checkout_completed(session: dict, at: datetime) -> None:
    if session.get("payment_status") not in ("paid", "no_payment_required"):
        return  # an asynchronous payment: its own event settles it
    _checkout_paid(session, at)


def _checkout_paid(session: dict, at: datetime) -> None:
    reference = session.get("payment_intent") or session.get("invoice") or session["id"]
    subscription = session.get("subscription")
    if not isinstance(reference, str) or not isinstance(subscription, str | None):
        raise UnusableEvent("Its payment ids are not strings.")
    record = _record_named(_metadata(session))
    if record is None:
        # Money received for something else: worth an admin's eyes.
        raise UnusableEvent("A checkout paid that names no order of ours.")
    if isinstance(record, Donation):
        donation_mark_paid(donation=record, reference=reference, payload=session)
        return
    order_mark_paid(order=record, reference=reference, payload=session)
    if subscription:
        _membership_from_order(record, subscription_id=subscription, at=at)


def _payment_failed(obj: dict, at: datetime) -> None:
    """A checkout session or payment intent that failed; both carry our metadata."""
    record = _record_named(_metadata(obj))
    if record is not None and record.status == PaymentStatus.PENDING:
        record.status = PaymentStatus.FAILED
        record.save(update_fields=["status"])


def _charge_refunded(charge: dict, at: datetime) -> None:
    if not charge.get("refunded"):
        return  # a partial refund keeps the access it paid for
    intent = charge.get("payment_intent") or charge["id"]
    if not isinstance(intent, str):
        raise UnusableEvent("Its payment intent is not an id.")
    payments = Payment.objects.filter(
        provider=Provider.STRIPE, reference=intent, status=PaymentStatus.PAID
    )
    if not payments.exists() and charge.get("payment_intent"):
        # Subscription payments are kept by invoice: ask Stripe which one.
        payments = Payment.objects.filter(
            provider=Provider.STRIPE,
            reference__in=stripe.invoices_paid_by(intent),
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
    item = order.items.filter(plan__isnull=False).first()
    if item is None:
        raise UnusableEvent(f"A subscription for order {order.pk}, which sold no plan.")
    plan = item.plan
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
    if not isinstance(subscription_id, str):
        raise UnusableEvent("Its subscription id is not a string.")
    membership = Membership.objects.filter(
        stripe_subscription_id=subscription_id
    ).first()
    metadata = _metadata(subscription or {})
    plan_id = _our_id(metadata, "plan_id")
    if membership is None and plan_id is not None:
        plan = Plan.objects.filter(pk=plan_id).first()
        if plan is None:
            raise UnusableEvent(f"Its metadata plan_id {plan_id} names no plan.")
        membership, _ = Membership.objects.get_or_create(
            stripe_subscription_id=subscription_id,
            defaults={
                "user": User.objects.filter(pk=_our_id(metadata, "user_id")).first(),
                "plan": plan,
                "order": Order.objects.filter(pk=_our_id(metadata, "order_id")).first(),
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
