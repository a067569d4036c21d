"""
What is for sale, and starting to pay for it: a Stripe Checkout for a
course, a plan or a donation, or an M-Pesa push for a course or a donation
in KES. Prices come from the database, never from the browser, less a
coupon's discount; what is started here is paid only when the provider's
verified event says so.
"""

import time
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from courses.access import course_allows_purchase, course_grant
from courses.models import CoursePage
from members.models import User
from members.selectors import user_has_verified_email, user_list_taking_donations

from ..exceptions import PaymentUnavailable
from ..models import (
    Coupon,
    Donation,
    Order,
    OrderItem,
    Payment,
    PaymentStatus,
    Plan,
    Provider,
    StripeCustomer,
)
from ..providers import daraja, stripe
from ..selectors import (
    donation_limits,
    membership_list_current,
    payment_method_list,
)
from .coupons import COUPON_HOLD, Quote, coupon_quote, coupon_redemption_check
from .mpesa import mpesa_payment_push


def _payments_set_up(provider: str) -> None:
    """Refuse, before anything is recorded, a provider this site has no keys for."""
    if provider not in payment_method_list():
        name = "M-Pesa" if provider == Provider.MPESA else "Card"
        raise PaymentUnavailable(f"{name} payments are not set up on this site yet.")


def _buyer_check(*, user: User) -> None:
    """Buyers verify their email address first: their receipts go there."""
    if not user_has_verified_email(user=user):
        raise ValidationError(
            "Verify your email address before buying: we send receipts.",
            code="email_unverified",
        )


def _course_sale_check(*, user: User, course: CoursePage, currency: str = "") -> None:
    """Raise ValidationError unless `user` may buy `course` (in `currency`)."""
    if not course_allows_purchase(course=course):
        raise ValidationError("This course is not for sale.")
    if currency and course.currency != currency:
        raise ValidationError(f"This course is sold in {course.currency}.")
    if currency == "KES" and course.price != course.price.to_integral_value():
        # M-Pesa moves whole shillings: the price must be one.
        raise ValidationError("This course cannot be paid by M-Pesa.")
    if course_grant(user=user, course=course) is not None:
        raise ValidationError("You already have this course.")


def _check_donation(
    *, donor: User | None, recipient: User, amount: Decimal, country: str, provider: str
) -> str:
    if not user_list_taking_donations().filter(pk=recipient.pk).exists():
        raise ValidationError("This member does not take donations.")
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


def stripe_customer_get_or_create(*, user: User) -> str:
    """The user's one Stripe customer, created the first time it is needed."""
    existing = StripeCustomer.objects.filter(user=user).first()
    if existing is not None:
        return existing.customer_id
    customer_id = stripe.customer_create(
        email=user.email, name=str(user), user_id=user.pk
    )
    StripeCustomer.objects.create(user=user, customer_id=customer_id)
    return customer_id


def course_checkout_start(
    *, user: User, course: CoursePage, base_url: str, coupon: str = ""
) -> str:
    """
    Open a Stripe Checkout for a course at the price in the database, less
    the discount of the `coupon` code, if one is given.
    """
    _buyer_check(user=user)
    _payments_set_up(Provider.STRIPE)
    _course_sale_check(user=user, course=course)
    quote = coupon_quote(
        user=user,
        code=coupon,
        price=course.price,
        currency=course.currency,
        course=course,
    )
    _card_minimum_check(quote)
    customer = stripe_customer_get_or_create(user=user)
    order = _order_create(
        user=user,
        provider=Provider.STRIPE,
        quote=quote,
        item=OrderItem(course=course, description=course.title, amount=course.price),
    )
    return _checkout(
        order,
        **_order_pages(order, base_url),
        mode="payment",
        customer=customer,
        line_items=[_line_item(course.title, quote)],
        payment_intent_data={"metadata": {"order_id": str(order.pk)}},
    )


def plan_checkout_start(
    *, user: User, plan: Plan, base_url: str, coupon: str = ""
) -> str:
    """
    Open a Stripe Checkout for a plan: a subscription, or paid once. A
    `coupon` takes its discount off a subscription's first payment.
    """
    _buyer_check(user=user)
    _payments_set_up(Provider.STRIPE)
    if not plan.active:
        raise ValidationError("This plan is not for sale.")
    if membership_list_current(user=user).filter(plan=plan).exists():
        raise ValidationError("You already have this plan.")
    quote = coupon_quote(
        user=user, code=coupon, price=plan.price, currency=plan.currency, plan=plan
    )
    _card_minimum_check(quote)
    customer = stripe_customer_get_or_create(user=user)
    discounts = {}
    if plan.renews and quote.coupon is not None:
        # Made before the order, so that if Stripe cannot make it, no order
        # holds the coupon; unused, it lapses with the hold.
        stripe_coupon = stripe.coupon_once(
            name=f"Coupon {quote.coupon.code}",
            amount_off=quote.discount,
            currency=plan.currency,
            redeem_by=int(time.time() + COUPON_HOLD.total_seconds()),
        )
        discounts["discounts"] = [{"coupon": stripe_coupon}]
    order = _order_create(
        user=user,
        provider=Provider.STRIPE,
        quote=quote,
        item=OrderItem(plan=plan, description=plan.name, amount=plan.price),
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
            **discounts,
        )
    return _checkout(
        order,
        **_order_pages(order, base_url),
        mode="payment",
        customer=customer,
        line_items=[_line_item(plan.name, quote)],
        payment_intent_data={"metadata": metadata},
    )


def _card_minimum_check(quote: Quote) -> None:
    """Refuse a price less than the smallest charge Stripe takes in its currency."""
    minimum = stripe.MINIMUM_CHARGE.get(quote.currency.upper())
    if minimum is not None and quote.total < minimum:
        raise ValidationError(
            f"That leaves {quote.total} {quote.currency}, less than the smallest "
            f"card payment, {minimum} {quote.currency.upper()}.",
            code="below_minimum",
        )


def _line_item(name: str, quote: Quote) -> dict:
    """A course or plan at its price less its coupon's discount, which Stripe shows."""
    description = ""
    if quote.coupon is not None:
        description = (
            f"Coupon {quote.coupon.code}: {quote.discount} off "
            f"{quote.price} {quote.currency}"
        )
    return stripe.line_item(
        name=name,
        amount=quote.total,
        currency=quote.currency,
        description=description,
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
    customer = stripe_customer_get_or_create(user=donor) if donor else None
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
        line_items=[
            stripe.line_item(name=description, amount=amount, currency=currency)
        ],
        payment_intent_data={"metadata": {"donation_id": str(donation.pk)}},
        success_url=base_url + donation.get_absolute_url(),
        cancel_url=base_url + recipient.get_absolute_url(),
    )


@transaction.atomic
def _order_create(*, user: User, provider: str, quote: Quote, item: OrderItem) -> Order:
    """
    The order of one item at `quote`'s total. Its coupon is locked while
    its redemptions are counted again, so that two buyers cannot both take
    the last one.
    """
    coupon = quote.coupon
    if coupon is not None:
        coupon = Coupon.objects.select_for_update().get(pk=coupon.pk)
        _coupon_orders_give_way(coupon=coupon, user=user)
        coupon_redemption_check(coupon=coupon, user=user)
    order = Order.objects.create(
        user=user,
        email=user.email,
        provider=provider,
        currency=quote.currency,
        total=quote.total,
        coupon=coupon,
        coupon_code=coupon.code if coupon else "",
        discount=quote.discount,
    )
    item.order = order
    item.save()
    return order


def _coupon_orders_give_way(*, coupon: Coupon, user: User) -> None:
    """
    Close the buyer's unpaid checkouts with `coupon`, before a new one: a
    member redeems a coupon once, so an abandoned checkout must not stay
    payable beside the new one. One that cannot be closed (an M-Pesa push
    waiting on the phone, or a Checkout being paid) keeps the coupon.
    """
    waiting = coupon.orders.filter(
        user=user,
        status=PaymentStatus.PENDING,
        created_at__gt=timezone.now() - COUPON_HOLD,
    )
    for order in waiting:
        if not _stripe_checkout_close(order):
            raise ValidationError(
                "Your earlier payment with this coupon is still open. Finish "
                "it, or try again in an hour.",
                code="used",
            )
        order.status = PaymentStatus.FAILED
        order.save(update_fields=["status"])


def _stripe_checkout_close(order: Order) -> bool:
    """Whether Stripe closed the order's open Checkout (it is not being paid)."""
    if order.provider != Provider.STRIPE or not order.stripe_session_id:
        return False
    try:
        stripe.checkout_session_expire(order.stripe_session_id)
    except PaymentUnavailable:
        return False
    return True


def _checkout(record: Order | Donation, **params) -> str:
    """
    Open a Checkout Session for an order or a donation and return its URL.
    If Stripe cannot be reached, the record fails rather than wait forever.
    """
    key = "order_id" if isinstance(record, Order) else "donation_id"
    if getattr(record, "coupon_id", None) is not None:
        # Paid after the hold, the coupon could be redeemed once too often:
        # the checkout closes a few minutes before the hold ends.
        closes_at = record.created_at + COUPON_HOLD - timedelta(minutes=5)
        params["expires_at"] = int(closes_at.timestamp())
    try:
        session = stripe.checkout_session_create(
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


# M-Pesa


def mpesa_course_purchase_start(
    *, user: User, course: CoursePage, phone: str, base_url: str, coupon: str = ""
) -> Payment:
    """Ask the buyer's phone to pay for a course in KES, less a `coupon`'s discount."""
    _buyer_check(user=user)
    _payments_set_up(Provider.MPESA)
    _course_sale_check(user=user, course=course, currency="KES")
    phone = daraja.phone_number(phone)
    quote = coupon_quote(
        user=user, code=coupon, price=course.price, currency="KES", course=course
    )
    order = _order_create(
        user=user,
        provider=Provider.MPESA,
        quote=quote,
        item=OrderItem(course=course, description=course.title, amount=course.price),
    )
    payment = Payment.objects.create(
        order=order,
        provider=Provider.MPESA,
        amount=order.total,
        currency="KES",
        phone_number=phone,
    )
    return mpesa_payment_push(payment=payment, base_url=base_url, description="Course")


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
    phone = daraja.phone_number(phone)
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
    return mpesa_payment_push(
        payment=payment, base_url=base_url, description="Donation"
    )
