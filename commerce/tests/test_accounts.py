"""Deleting an account: payment records kept anonymous, the Stripe customer deleted."""

from io import StringIO

from django.core.management import call_command

import pytest
import responses

from commerce.models import Order, Payment, StripeCustomer
from commerce.services import stripe_customers_delete_pending
from commerce.tests.conftest import buy, pay
from commerce.tests.fakes import STRIPE_API
from members.models import User
from members.services import account_delete

pytestmark = pytest.mark.django_db


def test_account_deletion_deletes_the_stripe_customer_and_anonymises_records(
    client, buyer, paid_course, fake_stripe, django_capture_on_commit_callbacks
):
    buy(client, buyer, paid_course)
    pay(client, fake_stripe.sessions[0])
    customer_id = StripeCustomer.objects.get().customer_id

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=buyer)
        # Stripe is asked only once the deletion is committed.
        assert not fake_stripe.deleted

    assert fake_stripe.deleted == [customer_id]
    order = Order.objects.get()
    assert (order.user, order.email, order.status) == (None, "", "paid")
    assert Payment.objects.get().payload == {}
    assert not StripeCustomer.objects.exists()


def test_a_stripe_outage_neither_stops_an_account_deletion_nor_is_forgotten(
    client, buyer, paid_course, fake_stripe, django_capture_on_commit_callbacks
):
    buy(client, buyer, paid_course)
    pay(client, fake_stripe.sessions[0])
    customer_id = StripeCustomer.objects.get().customer_id
    fake_stripe.down = True

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=buyer)

    assert not User.objects.filter(pk=buyer.pk).exists()
    assert Order.objects.get().email == ""
    assert not fake_stripe.deleted
    assert StripeCustomer.objects.get(user=None).customer_id == customer_id

    call_command("delete_stripe_customers", stdout=StringIO())  # Stripe still down
    assert StripeCustomer.objects.exists()

    fake_stripe.down = False
    call_command("delete_stripe_customers", stdout=StringIO())

    assert fake_stripe.deleted == [customer_id]
    assert not StripeCustomer.objects.exists()


def test_a_customer_stripe_already_deleted_is_deleted_here_too(buyer):
    StripeCustomer.objects.create(user=buyer, customer_id="cus_TestGone")

    with responses.RequestsMock() as mock:
        mock.add(
            responses.DELETE,
            f"{STRIPE_API}/customers/cus_TestGone",
            status=404,
            json={
                "error": {
                    "code": "resource_missing",
                    "message": "No such customer: 'cus_TestGone'",
                    "param": "id",
                    "type": "invalid_request_error",
                }
            },
        )
        account_delete(user=buyer)
        stripe_customers_delete_pending()

    assert not StripeCustomer.objects.exists()
