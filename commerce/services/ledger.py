"""
The ledger: orders, donations and their payments move forward only, on a
verified provider event; being paid grants what was bought (an enrollment,
a membership) and sends the receipt, once; a refund takes it back.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from courses.models import Enrollment
from courses.services import enrollment_create
from members.mail import mail_send

from ..models import (
    Donation,
    Membership,
    Order,
    Payable,
    Payment,
    PaymentStatus,
    ProviderEvent,
)

logger = logging.getLogger(__name__)


def order_mark_paid(
    *, order: Order, reference: str, payload: dict, payment: Payment | None = None
) -> None:
    """Grant what the order bought and send the receipt, once."""
    order = _mark_paid(order, reference=reference, payload=payload, payment=payment)
    if order is None or order.user is None:
        return
    for item in order.items.select_related("course", "plan"):
        if item.course is not None:
            enrollment_create(
                user=order.user, course=item.course, source=Enrollment.Source.PURCHASE
            )
        if item.plan is not None and not item.plan.renews:
            Membership.objects.create(
                user=order.user,
                plan=item.plan,
                order=order,
                current_period_end=timezone.now()
                + timedelta(days=item.plan.duration_days),
            )
    # A refund that arrived before the payment it undoes.
    if ProviderEvent.objects.filter(
        type="charge.refunded",
        problem="",
        payload__data__object__payment_intent=reference,
    ).exists():
        for refunded in order.payments.filter(reference=reference):
            payment_mark_refunded(payment=refunded)


def donation_mark_paid(
    *, donation: Donation, reference: str, payload: dict, payment: Payment | None = None
) -> None:
    _mark_paid(donation, reference=reference, payload=payload, payment=payment)


def _mark_paid(
    record: Payable, *, reference: str, payload: dict, payment: Payment | None
) -> Payable | None:
    """Mark an order or donation paid, unless it was already; None if it was."""
    record = type(record).objects.select_for_update().get(pk=record.pk)
    if record.status not in (PaymentStatus.PENDING, PaymentStatus.FAILED):
        return None
    record.status = PaymentStatus.PAID
    record.paid_at = timezone.now()
    record.save(update_fields=["status", "paid_at"])
    _payment_record(record, reference=reference, payload=payload, payment=payment)
    return record


def _payment_record(
    record: Payable,
    *,
    reference: str,
    payload: dict,
    payment: Payment | None = None,
) -> None:
    """
    The paid payment of an order or donation (one per provider reference,
    `payment` when it is known already), with its receipt the first time.
    """
    if payment is None:
        payment, created = Payment.objects.get_or_create(
            provider=record.provider,
            reference=reference,
            defaults={
                "order": record if isinstance(record, Order) else None,
                "donation": record if isinstance(record, Donation) else None,
                "status": PaymentStatus.PAID,
                "amount": record.amount_due,
                "currency": record.currency,
                "payload": payload,
            },
        )
        if not created:
            return
    transaction.on_commit(lambda: payment_receipt_send(payment=payment))


def payment_mark_refunded(*, payment: Payment) -> None:
    """A refund takes back what the payment bought."""
    payment.status = PaymentStatus.REFUNDED
    payment.save(update_fields=["status", "updated_at"])
    record = payment.order or payment.donation
    record.status = PaymentStatus.REFUNDED
    record.save(update_fields=["status"])
    if payment.order is None:
        return
    order = payment.order
    for item in order.items.all():
        if item.course_id and order.user_id:
            Enrollment.objects.filter(
                user_id=order.user_id,
                course_id=item.course_id,
                source=Enrollment.Source.PURCHASE,
            ).delete()
    Membership.objects.filter(order=order).update(status=Membership.Status.CANCELED)


def payment_mark_failed(*, payment: Payment, description: str, payload: dict) -> None:
    payment.status = PaymentStatus.FAILED
    payment.result_description = description or "The payment did not go through."
    payment.payload = payload
    payment.save()
    record = payment.order or payment.donation
    if record.status == PaymentStatus.PENDING:
        record.status = PaymentStatus.FAILED
        record.save(update_fields=["status"])


def provider_event_set_aside(
    *, provider: str, event_id: str, event_type: str, payload: object, problem: str
) -> ProviderEvent:
    """
    Keep a provider event that cannot be acted on, with the reason, where
    admins see it. It changes nothing else, and is acknowledged to the
    provider all the same: sending it again would not make it usable.
    """
    logger.warning(
        "Set aside %s event %r (%s): %s", provider, event_id, event_type, problem
    )
    return ProviderEvent.objects.create(
        provider=provider,
        event_id=event_id[:255],
        type=event_type[:100],
        payload=payload,
        problem=problem[:255],
    )


def payment_receipt_send(*, payment: Payment) -> None:
    """Email the receipt of a payment received to whoever paid."""
    record = payment.order or payment.donation
    if not record.email:
        return
    mail_send(
        subject="Your receipt",
        template="commerce/email/receipt.txt",
        context={
            "payment": payment,
            "record": record,
            "description": record.description,
        },
        to=[record.email],
    )
