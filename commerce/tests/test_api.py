"""
The commerce API: a member's own orders and payments, and starting to pay,
with Stripe and Daraja faked at their HTTP boundary (see fakes.py).
"""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from commerce.factories import (
    DonationFactory,
    OrderFactory,
    OrderItemFactory,
    PaymentFactory,
)
from commerce.models import Order, Payment
from commerce.tests.conftest import pay
from courses.factories import CoursePageFactory
from courses.models import Enrollment
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/commerce"


def checkout(client, **payload):
    return client.post(f"{API}/checkouts", payload, content_type="application/json")


def error_of(response) -> tuple[int, str]:
    return response.status_code, response.json()["message"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/orders"),
        ("get", "/orders/1"),
        ("get", "/payments"),
        ("post", "/checkouts"),
        ("post", "/mpesa-payments"),
    ],
)
def test_anonymous_callers_must_sign_in(api_client, method, path):
    response = getattr(api_client(), method)(API + path)

    assert response.status_code == 401


# Orders and payments


def test_my_orders_newest_first_with_what_each_bought(
    api_client, buyer, paid_course, term_plan
):
    older = OrderFactory(user=buyer)
    Order.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - timedelta(days=1)
    )
    OrderItemFactory(order=older, plan=term_plan, description="One term")
    newer = OrderFactory(user=buyer, status="paid", paid_at=timezone.now())
    OrderItemFactory(order=newer, course=paid_course, description="Web development")
    OrderFactory(total="99.00")

    body = api_client(buyer).get(f"{API}/orders").json()

    assert [order["id"] for order in body["results"]] == [newer.pk, older.pk]
    latest, earlier = body["results"]
    assert (latest["status"], latest["total"], latest["currency"]) == (
        "paid",
        "29.00",
        "USD",
    )
    assert latest["url"] == f"http://testserver{API}/orders/{newer.pk}"
    assert latest["html_url"] == f"http://testserver{newer.get_absolute_url()}"
    (item,) = latest["items"]
    assert (item["description"], item["amount"], item["plan"]) == (
        "Web development",
        "29.00",
        None,
    )
    assert item["course"]["id"] == paid_course.pk
    assert earlier["items"][0]["plan"] == {"id": term_plan.pk, "name": term_plan.name}
    assert "99.00" not in str(body)


def test_an_order_of_mine(api_client, buyer):
    order = OrderFactory(user=buyer)
    OrderItemFactory(order=order, description="Web development")

    response = api_client(buyer).get(f"{API}/orders/{order.pk}")

    assert response.status_code == 200
    assert response.json()["items"][0]["description"] == "Web development"


def test_nobody_else_finds_my_order(api_client, buyer):
    order = OrderFactory(user=buyer)
    OrderItemFactory(order=order, description="Secret purchase")

    for user in (UserFactory(), None):
        response = api_client(user).get(f"{API}/orders/{order.pk}")
        assert response.status_code in (401, 404)
        assert "Secret purchase" not in response.content.decode()
    assert api_client(UserFactory()).get(f"{API}/orders").json()["results"] == []
    assert api_client(buyer).get(f"{API}/orders/987654").status_code == 404
    assert api_client(buyer).get(f"{API}/orders/{2**63}").status_code == 422


@pytest.mark.parametrize("size", [2, 6])
def test_my_orders_cost_the_same_queries_however_many(
    api_client, buyer, paid_course, term_plan, size
):
    for _ in range(size):
        order = OrderFactory(user=buyer)
        OrderItemFactory(order=order, course=paid_course)
        OrderItemFactory(order=order, plan=term_plan)
    client = api_client(buyer)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{API}/orders")

    assert len(response.json()["results"]) == size
    # The same few, however many orders: none for each order or item.
    assert len(queries) == 7


def test_my_payments_for_orders_and_donations_and_no_one_elses(api_client, buyer):
    order_payment = PaymentFactory(
        order=OrderFactory(user=buyer), reference="pi_3TestMine", status="paid"
    )
    donation = DonationFactory(donor=buyer)
    donation_payment = PaymentFactory(order=None, donation=donation)
    PaymentFactory(reference="pi_3TestTheirs")

    body = api_client(buyer).get(f"{API}/payments").json()

    by_id = {payment["id"]: payment for payment in body["results"]}
    assert set(by_id) == {order_payment.pk, donation_payment.pk}
    paid = by_id[order_payment.pk]
    assert (paid["status"], paid["reference"], paid["amount"]) == (
        "paid",
        "pi_3TestMine",
        "29.00",
    )
    assert paid["order"] == {
        "id": order_payment.order_id,
        "url": f"http://testserver{API}/orders/{order_payment.order_id}",
    }
    assert paid["donation_html_url"] is None
    given = by_id[donation_payment.pk]
    assert given["order"] is None
    assert given["donation_html_url"] == (
        f"http://testserver{donation.get_absolute_url()}"
    )
    # The callback's secret URL and what the provider sent stay on the server.
    content = str(body)
    assert order_payment.callback_token not in content
    assert "payload" not in paid
    assert "pi_3TestTheirs" not in content


@pytest.mark.parametrize("size", [2, 6])
def test_my_payments_cost_the_same_queries_however_many(api_client, buyer, size):
    for _ in range(size):
        PaymentFactory(order=OrderFactory(user=buyer))
        PaymentFactory(order=None, donation=DonationFactory(donor=buyer))
    client = api_client(buyer)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{API}/payments")

    assert response.json()["count"] == 2 * size
    assert len(queries) == 3


# Checkouts


def test_a_course_checkout_opens_stripe_at_the_price_in_the_database(
    api_client, buyer, paid_course, fake_stripe
):
    response = checkout(api_client(buyer), course_id=paid_course.pk, price="0.01")

    (session,) = fake_stripe.sessions
    assert response.status_code == 201
    assert response.json() == {"checkout_url": session["url"]}
    assert session["url"].startswith("https://checkout.stripe.com/")
    assert session["form"]["line_items[0][price_data][unit_amount]"] == "2900"
    order = Order.objects.get()
    assert (order.user, order.status, order.stripe_session_id) == (
        buyer,
        "pending",
        session["id"],
    )
    assert session["success_url"] == f"http://testserver{order.get_absolute_url()}"


def test_the_order_is_paid_when_stripe_says_so(
    client, api_client, buyer, paid_course, fake_stripe
):
    checkout(api_client(buyer), course_id=paid_course.pk)
    order = Order.objects.get()
    before = api_client(buyer).get(f"{API}/orders/{order.pk}").json()

    pay(client, fake_stripe.sessions[0])

    after = api_client(buyer).get(f"{API}/orders/{order.pk}").json()
    assert (before["status"], after["status"]) == ("pending", "paid")


def test_a_plan_checkout_is_a_subscription_for_a_renewing_plan(
    api_client, buyer, monthly_plan, fake_stripe
):
    response = checkout(api_client(buyer), plan_id=monthly_plan.pk)

    form = fake_stripe.sessions[0]["form"]
    assert response.status_code == 201
    assert form["mode"] == "subscription"
    assert form["line_items[0][price]"] == "price_1QAllAccessMonthly"


def test_checkouts_refused_by_the_sale_say_why_and_record_nothing(
    api_client, buyer, catalog, teacher, paid_course, fake_stripe
):
    owned = paid_course
    Enrollment.objects.create(user=buyer, course=owned, source="purchase")
    free = CoursePageFactory(parent=catalog, owner=teacher, access_level="open")
    client = api_client(buyer)

    assert error_of(checkout(client, course_id=owned.pk)) == (
        400,
        "You already have this course.",
    )
    assert error_of(checkout(client, course_id=free.pk)) == (
        400,
        "This course is not for sale.",
    )
    assert not fake_stripe.sessions
    assert not Order.objects.exists()


def test_a_plan_one_has_is_not_sold_again(api_client, buyer, term_plan, fake_stripe):
    checkout(api_client(buyer), plan_id=term_plan.pk)
    pay(api_client(), fake_stripe.sessions[0])

    response = checkout(api_client(buyer), plan_id=term_plan.pk)

    assert error_of(response) == (400, "You already have this plan.")
    assert len(fake_stripe.sessions) == 1


def test_buyers_verify_their_email_first(api_client, paid_course, fake_stripe):
    response = checkout(api_client(UserFactory()), course_id=paid_course.pk)

    assert response.status_code == 400
    assert response.json()["code"] == "email_unverified"
    assert not fake_stripe.sessions
    assert not Order.objects.exists()


def test_without_payment_keys_checkouts_are_refused(
    api_client, buyer, paid_course, settings
):
    settings.STRIPE_SECRET_KEY = ""

    response = checkout(api_client(buyer), course_id=paid_course.pk)

    assert response.status_code == 400
    assert response.json() == {
        "code": "payment_unavailable",
        "message": "Card payments are not set up on this site yet.",
        "fields": {},
        "detail": {},
    }
    assert not Order.objects.exists()


def test_when_stripe_is_down_the_order_fails_and_the_buyer_is_told(
    api_client, buyer, paid_course, fake_stripe
):
    fake_stripe.down = True

    response = checkout(api_client(buyer), course_id=paid_course.pk)

    assert response.status_code == 400
    assert response.json()["code"] == "payment_unavailable"


def test_inactive_plans_and_unknown_or_unpublished_courses_are_not_found(
    api_client, buyer, paid_course, term_plan, fake_stripe
):
    term_plan.active = False
    term_plan.save()
    paid_course.unpublish()
    client = api_client(buyer)

    for payload in (
        {"plan_id": term_plan.pk},
        {"plan_id": 987654},
        {"course_id": paid_course.pk},
        {"course_id": 987654},
    ):
        assert checkout(client, **payload).status_code == 404, payload
    assert not fake_stripe.sessions


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"course_id": 1, "plan_id": 1},
        {"course_id": "a course"},
        {"course_id": 1, "provider": "mpesa"},
    ],
)
def test_a_checkout_needs_one_course_or_plan_by_card(api_client, buyer, payload):
    response = checkout(api_client(buyer), **payload)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert not Order.objects.exists()


# M-Pesa


def test_an_mpesa_payment_asks_the_buyers_phone(api_client, buyer, kes_course, daraja):
    response = api_client(buyer).post(
        f"{API}/mpesa-payments",
        {"course_id": kes_course.pk, "phone": "0712 345 678"},
        content_type="application/json",
    )

    (push,) = daraja.pushes
    payment = Payment.objects.get()
    assert response.status_code == 202
    body = response.json()
    assert (body["id"], body["status"], body["provider"]) == (
        payment.pk,
        "pending",
        "mpesa",
    )
    assert body["order"]["id"] == payment.order_id
    assert push["PhoneNumber"] == "254712345678"
    assert push["Amount"] == 1500
    assert payment.callback_token not in response.content.decode()


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("+44 7700 900123", "Enter a Kenyan mobile number"),
        ("x" * 21, "at most 20 characters"),
    ],
)
def test_an_mpesa_payment_needs_a_kenyan_mobile_number(
    api_client, buyer, kes_course, daraja, phone, message
):
    response = api_client(buyer).post(
        f"{API}/mpesa-payments",
        {"course_id": kes_course.pk, "phone": phone},
        content_type="application/json",
    )

    assert response.status_code in (400, 422)
    assert message in str(response.json())
    assert not daraja.pushes
    assert not Order.objects.exists()


def test_courses_sold_in_another_currency_are_not_paid_by_mpesa(
    api_client, buyer, paid_course, daraja
):
    response = api_client(buyer).post(
        f"{API}/mpesa-payments",
        {"course_id": paid_course.pk, "phone": "0712345678"},
        content_type="application/json",
    )

    assert error_of(response) == (400, "This course is sold in USD.")
    assert not daraja.pushes
