"""
Selling courses and plans, and passing on donations.

Nothing here marks money as received on the word of a browser: orders and
donations are paid when a verified provider event says so (a Stripe webhook
whose signature checks out, an M-Pesa callback on its secret URL, or
Daraja's own answer to a status query), and each event is acted on once.
"""

import logging
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

import stripe

from courses.access import user_has_course_access
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

logger = logging.getLogger(__name__)

PLAN_INTERVALS = {
    Plan.Interval.MONTH: timedelta(days=31),
    Plan.Interval.YEAR: timedelta(days=366),
}


class PaymentUnavailable(Exception):
    """The provider could not be reached or refused; the message is for people."""


# What is for sale


def course_for_sale(*, user: User, course: CoursePage, currency: str = "") -> None:
    """Raise ValidationError unless `user` may buy `course` (in `currency`)."""
    if not (
        course.live
        and course.access_level == CoursePage.AccessLevel.PURCHASE
        and course.price
        and not course.is_coming_soon
    ):
        raise ValidationError("This course is not for sale.")
    if currency and course.currency != currency:
        raise ValidationError(f"This course is sold in {course.currency}.")
    if currency == "KES" and course.price != course.price.to_integral_value():
        # M-Pesa moves whole shillings: the price must be one.
        raise ValidationError("This course cannot be paid by M-Pesa.")
    if user_has_course_access(user=user, course=course):
        raise ValidationError("You already have this course.")


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
    if recipient.role != User.Role.TEACHER or not recipient.is_active:
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
    course_for_sale(user=user, course=course)
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
    if not plan.active:
        raise ValidationError("This plan is not for sale.")
    if (
        Membership.objects.filter(user=user, plan=plan)
        .exclude(status=Membership.Status.CANCELED)
        .exists()
    ):
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
        success_url=base_url + reverse("commerce:donation", args=[donation.pk]),
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
    order_url = base_url + reverse("commerce:order", args=[order.pk])
    return {"success_url": order_url, "cancel_url": order_url + "?cancelled=1"}


def invoices_paid_by(payment_intent: str) -> list[str]:
    """The ids of the invoices a payment intent paid (Stripe's invoice payments)."""
    payments = _stripe(
        stripe.InvoicePayment.list,
        payment={"type": "payment_intent", "payment_intent": payment_intent},
    )
    return [invoice_payment.invoice for invoice_payment in payments.data]


def _stripe(call, **params):
    try:
        return call(api_key=settings.STRIPE_SECRET_KEY, **params)
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
        type="charge.refunded", payload__data__object__payment_intent=reference
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
    course_for_sale(user=user, course=course, currency="KES")
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


def mpesa_callback_process(*, token: str, payload: dict) -> Payment:
    """
    Act on Safaricom's callback for the payment whose secret URL it used.
    Raises Payment.DoesNotExist for an unknown URL and ValidationError for a
    callback that does not match its payment.
    """
    try:
        callback = payload["Body"]["stkCallback"]
        checkout_request_id = callback["CheckoutRequestID"]
        result_code = int(callback["ResultCode"])
        result_description = str(callback.get("ResultDesc", ""))[:255]
        items = {
            item["Name"]: item.get("Value")
            for item in (callback.get("CallbackMetadata") or {}).get("Item", [])
        }
    except (KeyError, TypeError, ValueError) as error:
        raise ValidationError("Not an STK push callback.") from error
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(
            callback_token=token, provider=Provider.MPESA
        )
        if payment.checkout_request_id != checkout_request_id:
            raise ValidationError("The callback is for another request.")
        try:
            ProviderEvent.objects.create(
                provider=Provider.MPESA,
                event_id=checkout_request_id,
                type="stk_callback",
                payload=payload,
            )
        except IntegrityError:
            return payment  # told twice: the first time counted
        # Safaricom's own word that the money arrived outranks an earlier
        # status query that gave up on it; a failure changes nothing settled.
        if payment.status == PaymentStatus.PAID or (
            payment.status != PaymentStatus.PENDING and result_code != 0
        ):
            return payment
        if result_code != 0:
            payment_mark_failed(
                payment=payment, description=result_description, payload=payload
            )
        elif Decimal(str(items.get("Amount", 0))) != payment.amount:
            payment_mark_failed(
                payment=payment,
                description="The amount paid does not match.",
                payload=payload,
            )
            logger.warning("M-Pesa amount mismatch on payment %s", payment.pk)
        else:
            _mpesa_paid(payment, str(items.get("MpesaReceiptNumber", "")), payload)
    return payment


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
    For a deleted account: delete its Stripe customer (which ends its
    subscriptions at Stripe) and strip its name, address and phone from the
    records, which stay for the accounts.
    """
    customer = StripeCustomer.objects.filter(user=user).first()
    if customer is not None:
        try:
            stripe.Customer.delete(
                customer.customer_id, api_key=settings.STRIPE_SECRET_KEY
            )
        except stripe.InvalidRequestError as error:
            if error.http_status != 404:  # already gone at Stripe
                raise
        customer.delete()
    Membership.objects.filter(user=user).update(status=Membership.Status.CANCELED)
    orders = Order.objects.filter(user=user)
    donations = Donation.objects.filter(donor=user)
    Payment.objects.filter(order__in=orders).update(phone_number="", payload={})
    Payment.objects.filter(donation__in=donations).update(phone_number="", payload={})
    orders.update(email="")
    donations.update(email="", message="")


def donation_recipient(*, pk: int) -> User:
    recipient = User.objects.filter(
        pk=pk, role=User.Role.TEACHER, is_active=True
    ).first()
    if recipient is None:
        raise PermissionDenied("Donations go to teachers.")
    return recipient
