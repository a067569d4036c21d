"""
Commerce's part in deleting an account: the records stay for the accounts,
without the person in them, and their Stripe customer is deleted at Stripe.
"""

from django.db import transaction

from members.models import User

from ..exceptions import PaymentUnavailable
from ..models import Donation, Membership, Order, Payment, StripeCustomer
from ..providers import stripe
from ..tasks import delete_stripe_customer


def commerce_records_anonymise(*, user: User) -> None:
    """
    For a deleted account: end its plans and strip its name, address and
    phone from the records, which stay for the accounts. Its Stripe customer
    is deleted at Stripe (which ends its subscriptions there) once the
    account's deletion is committed: Stripe being unreachable must neither
    stop nor undo it.
    """
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


def stripe_customer_delete(*, customer_pk: int) -> bool:
    """
    Delete at Stripe the customer of a deleted account, then our record of
    it. False if Stripe could not do it now (the record stays to try again),
    or if it is no deleted account's customer.
    """
    customer = StripeCustomer.objects.filter(pk=customer_pk, user=None).first()
    return customer is not None and _stripe_customer_delete(customer)


def _stripe_customer_delete(customer: StripeCustomer) -> bool:
    try:
        stripe.customer_delete(customer_id=customer.customer_id)
    except PaymentUnavailable:
        return False
    customer.delete()
    return True


def stripe_customers_delete_pending() -> int:
    """
    Try again to delete at Stripe the customers of deleted accounts that are
    still there; returns how many went.
    """
    return sum(
        _stripe_customer_delete(customer)
        for customer in StripeCustomer.objects.filter(user=None)
    )
