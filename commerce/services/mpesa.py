"""
M-Pesa payments after they are recorded: the STK push that asks the
payer's phone, Safaricom's callback on the payment's secret URL, and,
when no callback comes, Daraja's own answer to a status query.
"""

import logging
import math
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ..exceptions import PaymentUnavailable, UnusableEvent
from ..models import Payment, PaymentStatus, Provider, ProviderEvent
from ..providers import daraja
from ..tasks import settle_mpesa_payment
from .ledger import (
    donation_mark_paid,
    order_mark_paid,
    payment_mark_failed,
    provider_event_set_aside,
)

logger = logging.getLogger(__name__)


def mpesa_payment_push(*, payment: Payment, base_url: str, description: str) -> Payment:
    """
    Ask the payer's phone to approve a pending payment, and have it settled
    by asking Daraja if Safaricom's callback has not come in time.
    """
    callback_base = settings.MPESA_CALLBACK_BASE_URL or base_url
    try:
        response = daraja.stk_push(
            phone=payment.phone_number,
            amount=int(payment.amount),
            reference=f"LECTERN{payment.pk}",
            description=description,
            callback_url=callback_base
            + reverse("commerce:mpesa_callback", args=[payment.callback_token]),
        )
    except daraja.MpesaError as error:
        payment_mark_failed(payment=payment, description=str(error), payload={})
        raise PaymentUnavailable(str(error)) from error
    payment.checkout_request_id = response["CheckoutRequestID"]
    payment.result_description = response.get("CustomerMessage", "")
    payment.payload = response
    payment.save(
        update_fields=[
            "checkout_request_id",
            "result_description",
            "payload",
            "updated_at",
        ]
    )
    if settle_mpesa_payment.get_backend().supports_defer:
        due = timezone.now() + timedelta(seconds=settings.MPESA_SETTLE_AFTER_SECONDS)
        payment_id = payment.pk
        transaction.on_commit(
            lambda: settle_mpesa_payment.using(run_after=due).enqueue(
                payment_id=payment_id
            )
        )
    return payment


def mpesa_callback_process(*, token: str, payload: object) -> Payment:
    """
    Act on Safaricom's callback for the payment whose secret URL it used.
    Raises Payment.DoesNotExist for an unknown URL. A callback that cannot be
    used (not an STK push result, or one for another request) changes
    nothing: it is set aside, for an admin to see.
    """
    payment = Payment.objects.get(callback_token=token, provider=Provider.MPESA)
    try:
        callback = _stk_callback(payload)
        if callback["CheckoutRequestID"] != payment.checkout_request_id:
            raise UnusableEvent("The callback is for another request.")
    except UnusableEvent as problem:
        claimed = _stk_callback_body(payload).get("CheckoutRequestID")
        provider_event_set_aside(
            provider=Provider.MPESA,
            event_id=claimed if isinstance(claimed, str) else "",
            event_type="stk_callback",
            payload=payload,
            problem=str(problem),
        )
        return payment
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        try:
            with transaction.atomic():
                ProviderEvent.objects.create(
                    provider=Provider.MPESA,
                    event_id=payment.checkout_request_id,
                    type="stk_callback",
                    payload=payload,
                )
        except IntegrityError:
            return payment  # told twice: the first time counted
        # Safaricom's own word that the money arrived outranks an earlier
        # status query that gave up on it; a failure changes nothing settled.
        result_code = callback["ResultCode"]
        if payment.status == PaymentStatus.PAID or (
            payment.status != PaymentStatus.PENDING and result_code != 0
        ):
            return payment
        if result_code != 0:
            payment_mark_failed(
                payment=payment,
                description=callback["ResultDesc"],
                payload=payload,
            )
        elif callback["Amount"] != payment.amount:
            payment_mark_failed(
                payment=payment,
                description="The amount paid does not match.",
                payload=payload,
            )
            logger.warning("M-Pesa amount mismatch on payment %s", payment.pk)
        else:
            _mpesa_paid(payment, callback["MpesaReceiptNumber"], payload)
    return payment


def _stk_callback(payload: object) -> dict:
    """
    An STK push callback's request id, result code and description, and for
    a payment made its amount and receipt number, each checked. Raises
    UnusableEvent for anything else.
    """
    callback = _stk_callback_body(payload)
    request_id = callback.get("CheckoutRequestID")
    result_code = callback.get("ResultCode")
    if not (isinstance(request_id, str) and request_id):
        raise UnusableEvent("Not an STK push callback.")
    if isinstance(result_code, str) and result_code.isdecimal():
        result_code = int(result_code)
    if type(result_code) is not int:
        raise UnusableEvent(f"Its ResultCode is not a number: {result_code!r}.")
    checked = {
        "CheckoutRequestID": request_id,
        "ResultCode": result_code,
        "ResultDesc": str(callback.get("ResultDesc", ""))[:255],
    }
    if result_code != 0:
        return checked
    metadata = callback.get("CallbackMetadata")
    items = metadata.get("Item") if isinstance(metadata, dict) else None
    if not (isinstance(items, list) and all(isinstance(i, dict) for i in items)):
        raise UnusableEvent("A payment made, but no CallbackMetadata items.")
    values = {item.get("Name"): item.get("Value") for item in items}
    amount, receipt = values.get("Amount"), values.get("MpesaReceiptNumber")
    if type(amount) not in (int, float) or not math.isfinite(amount):
        raise UnusableEvent(f"Its Amount is not a number: {amount!r}.")
    if not (isinstance(receipt, str) and receipt):
        raise UnusableEvent("A payment made, but no MpesaReceiptNumber.")
    return {**checked, "Amount": Decimal(str(amount)), "MpesaReceiptNumber": receipt}


def _stk_callback_body(payload: object) -> dict:
    """payload["Body"]["stkCallback"], or {} if there is none."""
    body = payload.get("Body") if isinstance(payload, dict) else None
    callback = body.get("stkCallback") if isinstance(body, dict) else None
    return callback if isinstance(callback, dict) else {}


def mpesa_payment_settle(*, payment_id: int) -> Payment | None:
    """Ask Daraja about a push whose callback never came (if it still exists)."""
    payment = Payment.objects.filter(pk=payment_id).first()
    return _mpesa_payment_settle(payment) if payment is not None else None


def _mpesa_payment_settle(payment: Payment) -> Payment:
    if payment.status != PaymentStatus.PENDING or not payment.checkout_request_id:
        return payment
    try:
        result = daraja.stk_query(checkout_request_id=payment.checkout_request_id)
    except daraja.MpesaError:
        return payment  # still being processed, or unreachable: ask again later
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status != PaymentStatus.PENDING:
            return payment
        if str(result.get("ResultCode")) == "0":
            _mpesa_paid(payment, "", result)
        else:
            payment_mark_failed(
                payment=payment,
                description=str(result.get("ResultDesc", ""))[:255],
                payload=result,
            )
    return payment


def mpesa_payments_settle_due() -> int:
    """Settle the M-Pesa payments left pending too long; returns how many."""
    due = Payment.objects.filter(
        provider=Provider.MPESA,
        status=PaymentStatus.PENDING,
        checkout_request_id__isnull=False,
        created_at__lt=timezone.now()
        - timedelta(seconds=settings.MPESA_SETTLE_AFTER_SECONDS),
    )
    count = 0
    for payment in due:
        _mpesa_payment_settle(payment)
        count += 1
    return count


def _mpesa_paid(payment: Payment, receipt: str, payload: dict) -> None:
    payment.status = PaymentStatus.PAID
    payment.reference = receipt
    payment.result_description = "Paid. Thank you!"
    payment.payload = payload
    payment.save()
    if payment.order is not None:
        order_mark_paid(
            order=payment.order, reference=receipt, payload=payload, payment=payment
        )
    else:
        donation_mark_paid(
            donation=payment.donation,
            reference=receipt,
            payload=payload,
            payment=payment,
        )
