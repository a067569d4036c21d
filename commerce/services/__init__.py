"""
Selling courses and plans, and passing on donations: the writes, by concern.

Nothing here marks money as received on the word of a browser: orders and
donations are paid when a verified provider event says so (a Stripe webhook
whose signature checks out, an M-Pesa callback on its secret URL, or
Daraja's own answer to a status query), and each event is acted on once.

- sales: what is for sale, and starting a Stripe Checkout or an M-Pesa push
- ledger: orders, donations and payments moving forward; grants, receipts
- stripe_events: Stripe's webhook events
- mpesa: the STK push, its callback, and settling a push with no callback
- accounts: commerce's part in deleting an account
"""

from .accounts import (
    commerce_records_anonymise,
    stripe_customers_delete_pending,
)
from .ledger import (
    donation_mark_paid,
    order_mark_paid,
    payment_mark_failed,
    payment_mark_refunded,
    provider_event_set_aside,
)
from .mpesa import (
    mpesa_callback_process,
    mpesa_payments_settle_due,
)
from .sales import (
    course_checkout_start,
    donation_checkout_start,
    mpesa_course_purchase_start,
    mpesa_donation_start,
    plan_checkout_start,
)
from .stripe_events import stripe_event_process

__all__ = [
    "commerce_records_anonymise",
    "course_checkout_start",
    "donation_checkout_start",
    "donation_mark_paid",
    "mpesa_callback_process",
    "mpesa_course_purchase_start",
    "mpesa_donation_start",
    "mpesa_payments_settle_due",
    "order_mark_paid",
    "payment_mark_failed",
    "payment_mark_refunded",
    "plan_checkout_start",
    "provider_event_set_aside",
    "stripe_customers_delete_pending",
    "stripe_event_process",
]
