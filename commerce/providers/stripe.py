"""
Stripe's API, through its Python library: customers, Checkout Sessions,
the invoices a payment paid, and the signature on webhook events. Every
refusal, or Stripe out of reach, raises PaymentUnavailable.
"""

import logging
from decimal import Decimal

from django.conf import settings

import stripe

from ..exceptions import PaymentUnavailable
from ..models import minor_units

logger = logging.getLogger(__name__)


def customer_create(*, email: str, name: str, user_id: int) -> str:
    """A new Stripe customer for one of our users; returns its id."""
    customer = _call(
        stripe.Customer.create,
        email=email,
        name=name,
        metadata={"user_id": str(user_id)},
    )
    return customer.id


def customer_delete(*, customer_id: str) -> None:
    """Delete a customer at Stripe; one Stripe no longer has counts as deleted."""
    try:
        _call(stripe.Customer.delete, customer_id)
    except PaymentUnavailable as error:
        refusal = error.__cause__
        already_gone = (
            isinstance(refusal, stripe.InvalidRequestError)
            and refusal.http_status == 404
        )
        if not already_gone:
            raise


def checkout_session_create(**params) -> stripe.checkout.Session:
    """Open a Checkout Session; it has the `id` and `url` the buyer goes to."""
    return _call(stripe.checkout.Session.create, **params)


# The smallest charge Stripe takes in each currency (its "Minimum and
# maximum charge amounts"), for the currencies it lists.
MINIMUM_CHARGE = {
    currency: Decimal(amount)
    for currency, amount in {
        "USD": "0.50", "EUR": "0.50", "GBP": "0.30", "AUD": "0.50",
        "CAD": "0.50", "CHF": "0.50", "NZD": "0.50", "SGD": "0.50",
        "INR": "0.50", "BRL": "0.50", "HKD": "4.00", "JPY": "50",
        "MXN": "10", "SEK": "3.00", "NOK": "3.00", "DKK": "2.50",
        "PLN": "2.00", "CZK": "15.00", "HUF": "175.00", "AED": "2.00",
        "MYR": "2", "THB": "10", "RON": "2.00", "BGN": "1.00",
    }.items()
}  # fmt: skip


def checkout_session_expire(session_id: str) -> stripe.checkout.Session:
    """Close an open Checkout Session, so that it can no longer be paid."""
    return _call(stripe.checkout.Session.expire, session_id)


def line_item(
    *, name: str, amount: Decimal, currency: str, description: str = ""
) -> dict:
    """One thing sold at our price, as a Checkout Session line item."""
    product = {"name": name}
    if description:
        product["description"] = description
    return {
        "price_data": {
            "currency": currency.lower(),
            "unit_amount": minor_units(amount, currency),
            "product_data": product,
        },
        "quantity": 1,
    }


def coupon_once(
    *, name: str, amount_off: Decimal, currency: str, redeem_by: int
) -> str:
    """
    A Stripe coupon of our discount off a subscription's first payment, for
    one checkout until `redeem_by` (a Unix time; subscriptions are priced at
    Stripe); returns its id.
    """
    coupon = _call(
        stripe.Coupon.create,
        name=name,
        amount_off=minor_units(amount_off, currency),
        currency=currency.lower(),
        duration="once",
        max_redemptions=1,
        redeem_by=redeem_by,
    )
    return coupon.id


def invoices_paid_by(payment_intent: str) -> list[str]:
    """The ids of the invoices a payment intent paid (Stripe's invoice payments)."""
    payments = _call(
        stripe.InvoicePayment.list,
        payment={"type": "payment_intent", "payment_intent": payment_intent},
    )
    return [invoice_payment.invoice for invoice_payment in payments.data]


def webhook_signature_valid(*, payload: bytes, header: str | None) -> bool:
    """Whether a webhook's Stripe-Signature header signs its body, and recently."""
    try:
        stripe.WebhookSignature.verify_header(
            payload,
            header,
            settings.STRIPE_WEBHOOK_SECRET,
            tolerance=stripe.Webhook.DEFAULT_TOLERANCE,
        )
    except (ValueError, stripe.SignatureVerificationError):
        return False
    return True


def _call(call, *args, **params):
    try:
        return call(*args, api_key=settings.STRIPE_SECRET_KEY, **params)
    except stripe.StripeError as error:
        logger.warning("Stripe refused %s: %s", call.__qualname__, error)
        raise PaymentUnavailable(
            "Card payments are unavailable right now; please try again shortly."
        ) from error
