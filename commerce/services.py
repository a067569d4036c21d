"""
Selling courses and plans, and passing on donations.

Nothing here marks money as received on the word of a browser: orders and
donations are paid when a verified provider event says so (a Stripe webhook
whose signature checks out, an M-Pesa callback on its secret URL, or
Daraja's own answer to a status query), and each event is acted on once.
"""

import logging
import math
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

import stripe

from courses.access import course_allows_purchase
from courses.models import CoursePage, Enrollment
from courses.services import enrollment_create
from members.models import User

from . import mpesa
from .models import (
    Donation,
    Membership,
    Order,
    OrderItem,
    Payable,
    Payment,
    PaymentStatus,
    Plan,
    Provider,
    ProviderEvent,
    StripeCustomer,
    minor_units,
)
from .selectors import donation_recipients, memberships_current, payment_methods

logger = logging.getLogger(__name__)

PLAN_INTERVALS = {
    Plan.Interval.MONTH: timedelta(days=31),
    Plan.Interval.YEAR: timedelta(days=366),
}


class PaymentUnavailable(Exception):
    """The provider could not be reached or refused; the message is for people."""


class UnusableEvent(Exception):
    """A provider event that cannot be acted on; the message says why."""


# What is for sale


def _payments_set_up(provider: str) -> None:
    """Refuse, before anything is recorded, a provider this site has no keys for."""
    if provider not in payment_methods():
        name = "M-Pesa" if provider == Provider.MPESA else "Card"
        raise PaymentUnavailable(f"{name} payments are not set up on this site yet.")


def donation_limits(*, provider: str) -> tuple[str, Decimal, Decimal]:
    """The currency, smallest and largest amount of a donation by `provider`."""
    if provider == Provider.MPESA:
        return (
            "KES",
            Decimal(settings.MPESA_DONATION_MIN_AMOUNT),
            Decimal(settings.MPESA_DONATION_MAX_AMOUNT),
        )
    return (
        settings.DONATION_CURRENCY.upper(),
        Decimal(settings.DONATION_MIN_AMOUNT),
        Decimal(settings.DONATION_MAX_AMOUNT),
    )


def _check_donation(
    *, donor: User | None, recipient: User, amount: Decimal, country: str, provider: str
) -> str:
    if not donation_recipients().filter(pk=recipient.pk).exists():
        raise ValidationError("Donations go to teachers.")
    if donor is not None and donor.pk == recipient.pk:
        raise ValidationError("You cannot donate to yourself.")
    currency, minimum, maximum = donation_limits(provider=provider)
    if not minimum <= amount <= maximum:
        raise ValidationError(
            {"amount": f"Give between {minimum} and {maximum} {currency}."}
        )
    if country.upper() in {
        code.upper() for code in settings.DONATION_EXCLUDED_COUNTRIES
    }:
        raise ValidationError(
            {"country": "We cannot take donations from this country, sorry."}
        )
    return currency


# Stripe Checkout


def stripe_customer_id(*, user: User) -> str:
    """The user's one Stripe customer, created the first time it is needed."""
    existing = StripeCustomer.objects.filter(user=user).first()
    if existing is not None:
        return existing.customer_id
    customer = _stripe(
        stripe.Customer.create,
        email=user.email,
        name=str(user),
        metadata={"user_id": str(user.pk)},
    )
    StripeCustomer.objects.create(user=user, customer_id=customer.id)
    return customer.id


def course_checkout_start(*, user: User, course: CoursePage, base_url: str) -> str:
    """Open a Stripe Checkout for a course at the price in the database."""
    _payments_set_up(Provider.STRIPE)
    course_allows_purchase(user=user, course=course)
    customer = stripe_customer_id(user=user)
    order = _order_create(
        user=user,
        provider=Provider.STRIPE,
        currency=course.currency,
        items=[OrderItem(course=course, description=course.title, amount=course.price)],
    )
    return _checkout(
        order,
        **_order_pages(order, base_url),
        mode="payment",
        customer=customer,
        line_items=[_price_data(course.title, course.price, course.currency)],
        payment_intent_data={"metadata": {"order_id": str(order.pk)}},
    )


def plan_checkout_start(*, user: User, plan: Plan, base_url: str) -> str:
    """Open a Stripe Checkout for a plan: a subscription, or paid once."""
    _payments_set_up(Provider.STRIPE)
    if not plan.active:
        raise ValidationError("This plan is not for sale.")
    if memberships_current(user=user).filter(plan=plan).exists():
        raise ValidationError("You already have this plan.")
    customer = stripe_customer_id(user=user)
    order = _order_create(
        user=user,
        provider=Provider.STRIPE,
        currency=plan.currency,
        items=[OrderItem(plan=plan, description=plan.name, amount=plan.price)],
    )
    metadata = {
        "order_id": str(order.pk),
        "plan_id": str(plan.pk),
        "user_id": str(user.pk),
    }
    if plan.renews:
        return _checkout(
            order,
            **_order_pages(order, base_url),
            mode="subscription",
            customer=customer,
            line_items=[{"price": plan.stripe_price_id, "quantity": 1}],
            subscription_data={"metadata": metadata},
        )
    return _checkout(
        order,
        **_order_pages(order, base_url),
        mode="payment",
        customer=customer,
        line_items=[_price_data(plan.name, plan.price, plan.currency)],
        payment_intent_data={"metadata": metadata},
    )


def donation_checkout_start(
    *,
    donor: User | None,
    recipient: User,
    amount: Decimal,
    message: str,
    country: str,
    email: str,
    base_url: str,
) -> str:
    _payments_set_up(Provider.STRIPE)
    currency = _check_donation(
        donor=donor,
        recipient=recipient,
        amount=amount,
        country=country,
        provider=Provider.STRIPE,
    )
    customer = stripe_customer_id(user=donor) if donor else None
    donation = Donation.objects.create(
        donor=donor,
        recipient=recipient,
        email=email,
        amount=amount,
        currency=currency,
        message=message,
        country=country.upper(),
        provider=Provider.STRIPE,
    )
    description = f"Donation to {recipient}"
    return _checkout(
        donation,
        mode="payment",
        customer=customer,
        customer_email=None if donor else email,
        line_items=[_price_data(description, amount, currency)],
        payment_intent_data={"metadata": {"donation_id": str(donation.pk)}},
        success_url=base_url + donation.get_absolute_url(),
        cancel_url=base_url + recipient.get_absolute_url(),
    )


def _order_create(
    *, user: User, provider: str, currency: str, items: list[OrderItem]
) -> Order:
    with transaction.atomic():
        order = Order.objects.create(
            user=user,
            email=user.email,
            provider=provider,
            currency=currency,
            total=sum(item.amount for item in items),
        )
        for item in items:
            item.order = order
        OrderItem.objects.bulk_create(items)
    return order


def _price_data(name: str, amount: Decimal, currency: str) -> dict:
    return {
        "price_data": {
            "currency": currency.lower(),
            "unit_amount": minor_units(amount, currency),
            "product_data": {"name": name},
        },
        "quantity": 1,
    }


def _checkout(record: Order | Donation, **params) -> str:
    """
    Open a Checkout Session for an order or a donation and return its URL.
    If Stripe cannot be reached, the record fails rather than wait forever.
    """
    key = "order_id" if isinstance(record, Order) else "donation_id"
    try:
        session = _stripe(
            stripe.checkout.Session.create,
            client_reference_id=f"{key.removesuffix('_id')}-{record.pk}",
            metadata={key: str(record.pk)},
            **params,
        )
    except PaymentUnavailable:
        record.status = PaymentStatus.FAILED
        record.save(update_fields=["status"])
        raise
    record.stripe_session_id = session.id
    record.save(update_fields=["stripe_session_id"])
    return session.url


def _order_pages(order: Order, base_url: str) -> dict[str, str]:
    """Where Checkout sends the buyer back: the order's page, either way."""
    order_url = base_url + order.get_absolute_url()
    return {"success_url": order_url, "cancel_url": order_url + "?cancelled=1"}


def invoices_paid_by(payment_intent: str) -> list[str]:
    """The ids of the invoices a payment intent paid (Stripe's invoice payments)."""
    payments = _stripe(
        stripe.InvoicePayment.list,
        payment={"type": "payment_intent", "payment_intent": payment_intent},
    )
    return [invoice_payment.invoice for invoice_payment in payments.data]


def _stripe(call, *args, **params):
    try:
        return call(*args, api_key=settings.STRIPE_SECRET_KEY, **params)
    except stripe.StripeError as error:
        logger.warning("Stripe refused %s: %s", call.__qualname__, error)
        raise PaymentUnavailable(
            "Card payments are unavailable right now; please try again shortly."
        ) from error


# Orders, donations and memberships move forward only


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


# M-Pesa


def mpesa_course_purchase_start(
    *, user: User, course: CoursePage, phone: str, base_url: str
) -> Payment:
    """Ask the buyer's phone to pay for a course in KES."""
    _payments_set_up(Provider.MPESA)
    course_allows_purchase(user=user, course=course, currency="KES")
    phone = mpesa.phone_number(phone)
    order = _order_create(
        user=user,
        provider=Provider.MPESA,
        currency="KES",
        items=[OrderItem(course=course, description=course.title, amount=course.price)],
    )
    payment = Payment.objects.create(
        order=order,
        provider=Provider.MPESA,
        amount=order.total,
        currency="KES",
        phone_number=phone,
    )
    return _stk_push(payment, base_url=base_url, description="Course")


def mpesa_donation_start(
    *,
    donor: User | None,
    recipient: User,
    amount: Decimal,
    message: str,
    email: str,
    phone: str,
    base_url: str,
) -> Payment:
    _payments_set_up(Provider.MPESA)
    if amount != amount.to_integral_value():
        raise ValidationError({"amount": "M-Pesa takes whole shillings."})
    _check_donation(
        donor=donor,
        recipient=recipient,
        amount=amount,
        country="KE",
        provider=Provider.MPESA,
    )
    phone = mpesa.phone_number(phone)
    donation = Donation.objects.create(
        donor=donor,
        recipient=recipient,
        email=email,
        amount=amount,
        currency="KES",
        message=message,
        country="KE",
        provider=Provider.MPESA,
    )
    payment = Payment.objects.create(
        donation=donation,
        provider=Provider.MPESA,
        amount=amount,
        currency="KES",
        phone_number=phone,
    )
    return _stk_push(payment, base_url=base_url, description="Donation")


def _stk_push(payment: Payment, *, base_url: str, description: str) -> Payment:
    from .tasks import settle_mpesa_payment

    callback_base = settings.MPESA_CALLBACK_BASE_URL or base_url
    try:
        response = mpesa.stk_push(
            phone=payment.phone_number,
            amount=int(payment.amount),
            reference=f"LECTERN{payment.pk}",
            description=description,
            callback_url=callback_base
            + reverse("commerce:mpesa_callback", args=[payment.callback_token]),
        )
    except mpesa.MpesaError as error:
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


def mpesa_payment_settle(*, payment: Payment) -> Payment:
    """Ask Daraja about a push whose callback never came."""
    if payment.status != PaymentStatus.PENDING or not payment.checkout_request_id:
        return payment
    try:
        result = mpesa.stk_query(checkout_request_id=payment.checkout_request_id)
    except mpesa.MpesaError:
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
        mpesa_payment_settle(payment=payment)
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


def payment_mark_failed(*, payment: Payment, description: str, payload: dict) -> None:
    payment.status = PaymentStatus.FAILED
    payment.result_description = description or "The payment did not go through."
    payment.payload = payload
    payment.save()
    record = payment.order or payment.donation
    if record.status == PaymentStatus.PENDING:
        record.status = PaymentStatus.FAILED
        record.save(update_fields=["status"])


# Receipts and accounts


def payment_receipt_send(*, payment: Payment) -> None:
    """Email the receipt of a payment received to whoever paid."""
    record = payment.order or payment.donation
    if not record.email:
        return
    send_mail(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Your receipt",
        message=render_to_string(
            "commerce/email/receipt.txt",
            {"payment": payment, "description": record.description},
        ),
        from_email=None,
        recipient_list=[record.email],
    )


def commerce_records_anonymise(*, user: User) -> None:
    """
    For a deleted account: end its plans and strip its name, address and
    phone from the records, which stay for the accounts. Its Stripe customer
    is deleted at Stripe (which ends its subscriptions there) once the
    account's deletion is committed: Stripe being unreachable must neither
    stop nor undo it.
    """
    from .tasks import delete_stripe_customer

    customer = StripeCustomer.objects.filter(user=user).first()
    if customer is not None:
        customer.user = None
        customer.save(update_fields=["user"])
        transaction.on_commit(
            lambda: delete_stripe_customer.enqueue(customer_pk=customer.pk),
            robust=True,  # if it cannot even be queued, the sweep deletes it
        )
    Membership.objects.filter(user=user).update(status=Membership.Status.CANCELED)
    orders = Order.objects.filter(user=user)
    donations = Donation.objects.filter(donor=user)
    Payment.objects.filter(order__in=orders).update(phone_number="", payload={})
    Payment.objects.filter(donation__in=donations).update(phone_number="", payload={})
    orders.update(email="")
    donations.update(email="", message="")


def stripe_customer_delete(*, customer: StripeCustomer) -> bool:
    """
    Delete at Stripe the customer of a deleted account, then our record of
    it. False if Stripe could not do it now; the record stays to try again.
    """
    try:
        _stripe(stripe.Customer.delete, customer.customer_id)
    except PaymentUnavailable as error:
        refusal = error.__cause__
        already_gone = (
            isinstance(refusal, stripe.InvalidRequestError)
            and refusal.http_status == 404
        )
        if not already_gone:
            return False
    customer.delete()
    return True


def stripe_customers_delete_pending() -> int:
    """
    Try again to delete at Stripe the customers of deleted accounts that are
    still there; returns how many went.
    """
    return sum(
        stripe_customer_delete(customer=customer)
        for customer in StripeCustomer.objects.filter(user=None)
    )
