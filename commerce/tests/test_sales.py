"""Starting to pay: Stripe Checkout for courses, plans and donations."""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from commerce.models import Donation, Membership, Order, StripeCustomer
from commerce.services import donation_checkout_start
from commerce.tests.conftest import buy, buy_plan, course_on_sale, pay
from courses.access import user_has_course_access
from courses.models import LessonPage
from members.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_buying_a_course_opens_checkout_at_the_price_in_the_database(
    client, buyer, paid_course, fake_stripe
):
    response = buy(client, buyer, paid_course)

    (session,) = fake_stripe.sessions
    assert response.status_code == 303
    assert response["Location"] == session["url"]
    form = session["form"]
    assert form["mode"] == "payment"
    assert form["line_items[0][price_data][unit_amount]"] == "2900"
    assert form["line_items[0][price_data][currency]"] == "usd"
    assert form["line_items[0][price_data][product_data][name]"] == "Web development"
    order = Order.objects.get()
    assert (order.status, order.total, order.stripe_session_id) == (
        "pending",
        paid_course.price,
        session["id"],
    )
    assert form["payment_intent_data[metadata][order_id]"] == str(order.pk)
    assert not user_has_course_access(user=buyer, course=paid_course)


def test_a_tampered_price_in_the_form_is_ignored(
    client, buyer, paid_course, fake_stripe
):
    client.force_login(buyer)

    client.post(
        f"/payments/courses/{paid_course.pk}/buy/",
        {"price": "0.01", "amount": "1", "currency": "KES"},
    )

    assert (
        fake_stripe.sessions[0]["form"]["line_items[0][price_data][unit_amount]"]
        == "2900"
    )


def test_one_stripe_customer_per_buyer(
    client, buyer, paid_course, catalog, teacher, fake_stripe
):

    other = course_on_sale(catalog, teacher, "Databases", "19.00", "USD")
    buy(client, buyer, paid_course)
    buy(client, buyer, other)

    assert len(fake_stripe.customers) == 1
    customer = StripeCustomer.objects.get(user=buyer)
    assert {s["customer"] for s in fake_stripe.sessions} == {customer.customer_id}


@pytest.mark.parametrize(
    ("course_fields", "message"),
    [
        ({"access_level": "open", "price": None}, b"not for sale"),
        ({"availability": "coming_soon"}, b"not for sale"),
    ],
)
def test_courses_not_for_sale_open_no_checkout(
    client, buyer, paid_course, fake_stripe, course_fields, message
):
    for field, value in course_fields.items():
        setattr(paid_course, field, value)
    paid_course.save_revision().publish()

    response = buy(client, buyer, paid_course)

    assert response.status_code == 302
    assert not fake_stripe.sessions
    assert not Order.objects.exists()
    assert message in client.get(response["Location"]).content


def test_a_course_without_published_lessons_is_not_for_sale(
    client, buyer, paid_course, fake_stripe
):
    LessonPage.objects.descendant_of(paid_course).get().unpublish()

    response = buy(client, buyer, paid_course)

    assert not fake_stripe.sessions
    assert not Order.objects.exists()
    assert b"not for sale" in client.get(response["Location"]).content


def test_a_renewing_plan_is_a_subscription_checkout(
    client, buyer, monthly_plan, fake_stripe
):
    response = buy_plan(client, buyer, monthly_plan)

    form = fake_stripe.sessions[0]["form"]
    assert response.status_code == 303
    assert form["mode"] == "subscription"
    assert form["line_items[0][price]"] == "price_1QAllAccessMonthly"
    assert form["subscription_data[metadata][plan_id]"] == str(monthly_plan.pk)


def test_a_fixed_term_plan_that_ended_can_be_bought_again(
    client, buyer, term_plan, fake_stripe
):
    Membership.objects.create(
        user=buyer,
        plan=term_plan,
        status=Membership.Status.ACTIVE,  # never changed when the term ends
        current_period_end=timezone.now() - timedelta(minutes=1),
    )

    response = buy_plan(client, buyer, term_plan)

    assert response.status_code == 303
    assert len(fake_stripe.sessions) == 1


@pytest.mark.parametrize("status", ["active", "past_due"])
def test_a_plan_still_current_is_not_sold_twice(
    client, buyer, term_plan, fake_stripe, status
):
    Membership.objects.create(
        user=buyer,
        plan=term_plan,
        status=status,
        current_period_end=timezone.now() + timedelta(days=1),
    )

    response = buy_plan(client, buyer, term_plan)

    assert response.status_code == 302
    assert not fake_stripe.sessions
    assert b"You already have this plan" in client.get(response["Location"]).content


def test_donations_by_card_within_the_limits(
    client, buyer, teacher, fake_stripe, settings
):
    settings.DONATION_EXCLUDED_COUNTRIES = ["KP"]
    client.force_login(buyer)
    url = f"/payments/donate/{teacher.pk}/"
    form = {
        "method": "stripe",
        "amount": "5.00",
        "message": "Thanks for the lessons!",
        "email": buyer.email,
        "country": "KE",
    }

    too_much = client.post(url, {**form, "amount": "100000"})
    excluded = client.post(url, {**form, "country": "KP"})
    response = client.post(url, form)

    assert too_much.status_code == 400
    assert excluded.status_code == 400
    assert response.status_code == 303
    (session,) = fake_stripe.sessions
    assert session["form"]["line_items[0][price_data][unit_amount]"] == "500"
    donation = Donation.objects.get()
    assert (donation.recipient, donation.amount, donation.status) == (
        teacher,
        5,
        "pending",
    )
    pay(client, session)
    assert Donation.objects.get().status == "paid"


def test_only_who_takes_donations_is_given_them_and_others_look_like_nobody(
    client, buyer, fake_stripe
):
    client.force_login(buyer)
    form = {"method": "stripe", "amount": "5", "email": buyer.email, "country": "KE"}
    nobody = (
        UserFactory(),
        TeacherFactory(is_active=False),
        UserFactory(takes_donations=True, is_active=False),
    )

    for user in nobody:
        assert client.get(f"/payments/donate/{user.pk}/").status_code == 404
        assert client.post(f"/payments/donate/{user.pk}/", form).status_code == 404
    assert client.get("/payments/donate/987654/").status_code == 404
    assert not fake_stripe.sessions
    with pytest.raises(ValidationError, match="This member does not take donations."):
        donation_checkout_start(
            donor=buyer,
            recipient=nobody[0],
            amount=Decimal(5),
            message="",
            country="KE",
            email=buyer.email,
            base_url="http://testserver",
        )

    member = UserFactory(takes_donations=True)
    assert client.get(f"/payments/donate/{member.pk}/").status_code == 200
    response = client.post(f"/payments/donate/{member.pk}/", form)
    assert response.status_code == 303
    assert Donation.objects.get().recipient == member
    assert len(fake_stripe.sessions) == 1
