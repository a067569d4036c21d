"""
Coupons: a percentage or an amount off a course or a plan, reckoned in
minor units, checked on the server before checkout (Stripe and M-Pesa),
recorded on the order, limited, and not to be guessed.
"""

from datetime import timedelta
from decimal import Decimal

from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from commerce.models import Coupon, Order, PaymentStatus
from commerce.selectors import revenue_summary
from commerce.services.coupons import coupon_discount, coupon_quote
from commerce.tests.conftest import course_on_sale, pay
from courses.access import user_has_course_access
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db


def coupon(code="SPRING15", **fields) -> Coupon:
    fields.setdefault("percent_off", 15 if fields.get("kind") != "amount" else None)
    made = Coupon(code=code, **fields)
    made.full_clean()
    made.save()
    return made


def buy(client, buyer, course, code="SPRING15"):
    client.force_login(buyer)
    return client.post(f"/payments/courses/{course.pk}/buy/", {"coupon": code})


@pytest.mark.parametrize(
    ("fields", "price", "currency", "discount"),
    [
        ({"percent_off": 15}, "29.00", "USD", "4.35"),
        # Rounded down to the cent: 149.85 cents.
        ({"percent_off": 15}, "9.99", "USD", "1.49"),
        ({"percent_off": 33}, "0.10", "USD", "0.03"),
        # Whole yen, as Stripe takes them: 299.85 yen.
        ({"percent_off": 15}, "1999", "JPY", "299"),
        # Whole shillings, as M-Pesa moves them: 224.85 shillings.
        ({"percent_off": 15}, "1499.00", "KES", "224.00"),
        ({"kind": "amount", "amount_off": "5.00"}, "29.00", "USD", "5.00"),
        ({"kind": "amount", "amount_off": "99.50"}, "1500.00", "KES", "99.00"),
        # Never more than the price.
        ({"kind": "amount", "amount_off": "50.00"}, "29.00", "USD", "29.00"),
    ],
)
def test_a_discount_is_reckoned_in_minor_units_without_drift(
    fields, price, currency, discount
):
    fields = {"kind": "percent", **fields}
    if "amount_off" in fields:
        fields["amount_off"] = Decimal(fields["amount_off"])
    off = coupon_discount(
        coupon=Coupon(**fields), price=Decimal(price), currency=currency
    )

    assert off == Decimal(discount)
    assert (Decimal(price) - off) + off == Decimal(price)
    assert off.as_tuple().exponent >= Decimal(price).as_tuple().exponent


def test_a_card_checkout_charges_the_price_less_the_coupon(
    client, buyer, paid_course, fake_stripe, django_capture_on_commit_callbacks
):
    coupon()

    response = buy(client, buyer, paid_course, code=" spring15 ")

    (session,) = fake_stripe.sessions
    assert response.status_code == 303
    form = session["form"]
    assert form["line_items[0][price_data][unit_amount]"] == "2465"
    assert form["line_items[0][price_data][product_data][description]"] == (
        "Coupon SPRING15: 4.35 off 29.00 USD"
    )
    # The checkout closes five minutes before the coupon's hold ends.
    closes_in = int(form["expires_at"]) - timezone.now().timestamp()
    assert 55 * 60 - 60 < closes_in <= 55 * 60
    order = Order.objects.get()
    assert (order.total, order.discount, order.coupon_code) == (
        Decimal("24.65"),
        Decimal("4.35"),
        "SPRING15",
    )
    assert order.items.get().amount == Decimal("29.00")

    with django_capture_on_commit_callbacks(execute=True):
        pay(client, session, amount_total=2465)

    order.refresh_from_db()
    assert order.status == "paid"
    assert order.payments.get().amount == Decimal("24.65")
    assert user_has_course_access(user=buyer, course=paid_course)
    [receipt] = mail.outbox
    assert "Coupon SPRING15: $4.35 off" in receipt.body
    page = client.get(order.get_absolute_url()).content.decode()
    assert "Coupon SPRING15: $4.35 off" in page


def test_an_mpesa_push_asks_for_the_price_less_the_coupon(
    client, buyer, kes_course, daraja
):
    coupon()
    client.force_login(buyer)

    client.post(
        f"/payments/courses/{kes_course.pk}/buy/mpesa/",
        {"phone": "0712 345 678", "coupon": "SPRING15"},
    )

    (push,) = daraja.pushes
    assert push["Amount"] == 1275
    order = Order.objects.get()
    assert (order.total, order.discount) == (Decimal("1275.00"), Decimal("225.00"))
    assert order.payments.get().amount == Decimal("1275.00")


def test_a_plan_paid_once_costs_less_with_a_coupon(
    client, buyer, term_plan, fake_stripe
):
    coupon(kind="amount", amount_off="10.00", currency="usd")
    client.force_login(buyer)

    client.post(f"/payments/plans/{term_plan.pk}/buy/", {"coupon": "SPRING15"})

    form = fake_stripe.sessions[0]["form"]
    assert form["line_items[0][price_data][unit_amount]"] == "3000"
    assert Order.objects.get().total == Decimal("30.00")


def test_a_renewing_plans_first_payment_is_discounted_at_stripe(
    client, buyer, monthly_plan, fake_stripe
):
    coupon(percent_off=25)
    client.force_login(buyer)

    client.post(f"/payments/plans/{monthly_plan.pk}/buy/", {"coupon": "SPRING15"})

    (stripe_coupon,) = fake_stripe.coupons
    assert (stripe_coupon["amount_off"], stripe_coupon["currency"]) == (300, "usd")
    assert (stripe_coupon["duration"], stripe_coupon["max_redemptions"]) == ("once", 1)
    form = fake_stripe.sessions[0]["form"]
    assert form["discounts[0][coupon]"] == stripe_coupon["id"]
    assert form["line_items[0][price]"] == "price_1QAllAccessMonthly"
    assert Order.objects.get().total == Decimal("9.00")
    # It lapses with the hold, after the checkout.
    assert stripe_coupon["redeem_by"] >= int(form["expires_at"])


def test_a_renewing_plan_whose_stripe_coupon_fails_holds_nothing(
    client, buyer, monthly_plan, fake_stripe
):
    coupon(percent_off=25, max_redemptions=1)
    fake_stripe.down = True
    client.force_login(buyer)

    client.post(f"/payments/plans/{monthly_plan.pk}/buy/", {"coupon": "SPRING15"})

    assert not Order.objects.exists()


def test_without_a_coupon_nothing_changes(client, buyer, paid_course, fake_stripe):
    coupon()

    buy(client, buyer, paid_course, code="")

    form = fake_stripe.sessions[0]["form"]
    assert form["line_items[0][price_data][unit_amount]"] == "2900"
    assert "expires_at" not in form
    assert Order.objects.get().coupon is None


def other_paid_order(used: Coupon, status=PaymentStatus.PAID, **fields) -> Order:
    return Order.objects.create(
        user=UserFactory(),
        provider="stripe",
        currency="USD",
        total=Decimal("1.00"),
        coupon=used,
        status=status,
        **fields,
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda course: None, "There is no coupon “SPRING15”."),
        (lambda course: coupon(active=False), "There is no coupon “SPRING15”."),
        (
            lambda course: coupon(
                expires_at=timezone.make_aware(timezone.datetime(2026, 1, 31, 12))
            ),
            "This coupon expired on 31 January 2026.",
        ),
        (
            lambda course: coupon().courses.add(
                course_on_sale(course.get_parent(), course.owner, "Other", "5", "USD")
            ),
            "This coupon is not for this course.",
        ),
        (
            lambda course: coupon(kind="amount", amount_off="5", currency="EUR"),
            "This coupon is for prices in EUR.",
        ),
        (
            lambda course: other_paid_order(coupon(max_redemptions=1)),
            "This coupon has been used up.",
        ),
        (
            lambda course: other_paid_order(
                coupon(max_redemptions=1), status=PaymentStatus.PENDING
            ),
            "This coupon has been used up.",
        ),
        (
            lambda course: coupon(kind="amount", amount_off="29", currency="USD"),
            "This coupon is worth the whole price, so it cannot be used on it.",
        ),
    ],
    ids=[
        "unknown",
        "inactive",
        "expired",
        "other-course",
        "other-currency",
        "used-up",
        "held-by-an-unpaid-order",
        "free",
    ],
)
def test_a_coupon_that_does_not_apply_is_refused_and_nothing_is_started(
    client, buyer, paid_course, fake_stripe, make, message
):
    make(paid_course)
    orders_before = Order.objects.count()

    response = buy(client, buyer, paid_course)

    assert response.status_code == 302
    assert response["Location"] == paid_course.url
    page = client.get(paid_course.url).content.decode()
    assert message in page
    assert Order.objects.count() == orders_before
    assert fake_stripe.sessions == []


def test_an_unpaid_order_holds_its_redemption_only_for_an_hour(
    client, buyer, paid_course, fake_stripe
):
    held = other_paid_order(coupon(max_redemptions=1), status=PaymentStatus.PENDING)
    Order.objects.filter(pk=held.pk).update(
        created_at=timezone.now() - timedelta(hours=1, minutes=1)
    )

    buy(client, buyer, paid_course)

    assert Order.objects.filter(coupon__code="SPRING15").count() == 2


def test_each_member_redeems_a_coupon_once(client, buyer, paid_course, fake_stripe):
    coupon()
    buy(client, buyer, paid_course)
    # Left unpaid, it gives way to a new try,
    assert buy(client, buyer, paid_course)["Location"].startswith("https://")
    pay(client, fake_stripe.sessions[-1])
    other = course_on_sale(paid_course.get_parent(), paid_course.owner, "B", "9", "USD")

    # but once paid it is used.
    response = buy(client, buyer, other)

    assert response["Location"] == other.url
    page = client.get(other.url).content.decode()
    assert "You have used this coupon already." in page


def test_the_revenue_by_course_counts_what_was_paid(
    client, buyer, paid_course, fake_stripe
):
    coupon()
    buy(client, buyer, paid_course)
    pay(client, fake_stripe.sessions[-1])

    [row] = revenue_summary()["by_course"]

    assert (row["description"], row["total"]) == (paid_course.title, Decimal("24.65"))


def test_a_second_checkout_with_a_coupon_closes_the_first(
    client, buyer, paid_course, fake_stripe
):
    coupon(max_redemptions=5)
    other = course_on_sale(paid_course.get_parent(), paid_course.owner, "B", "9", "USD")
    buy(client, buyer, paid_course)
    first = fake_stripe.sessions[-1]

    buy(client, buyer, other)

    # A member cannot pay two checkouts with one coupon: the first is closed.
    assert first["status"] == "expired"
    assert list(Order.objects.order_by("pk").values_list("status", flat=True)) == [
        PaymentStatus.FAILED,
        PaymentStatus.PENDING,
    ]


def test_a_checkout_with_a_coupon_being_paid_keeps_it(
    client, buyer, paid_course, fake_stripe
):
    coupon()
    other = course_on_sale(paid_course.get_parent(), paid_course.owner, "B", "9", "USD")
    buy(client, buyer, paid_course)
    fake_stripe.sessions[-1]["status"] = "complete"  # paid; its webhook is on its way

    response = buy(client, buyer, other)

    assert response["Location"] == other.url
    assert "Your earlier payment with this coupon is still open" in (
        client.get(other.url).content.decode()
    )
    assert Order.objects.get().status == PaymentStatus.PENDING
    assert len(fake_stripe.sessions) == 1


def test_a_coupon_not_for_plans_is_refused_for_one(client, buyer, term_plan):
    coupon(for_plans=False)
    client.force_login(buyer)

    response = client.post(
        f"/payments/plans/{term_plan.pk}/buy/", {"coupon": "SPRING15"}, follow=True
    )

    assert "This coupon is not for plans." in response.content.decode()
    assert not Order.objects.exists()


def test_guessing_codes_is_stopped_after_a_few_tries(
    client, buyer, paid_course, fake_stripe, settings
):
    settings.COMMERCE_COUPON_RATE = "3/3600"
    coupon()
    for guess in ("AAAA", "BBBB", "CCCC"):
        buy(client, buyer, paid_course, code=guess)

    response = buy(client, buyer, paid_course, code="SPRING15")

    page = client.get(paid_course.url).content.decode()
    assert response["Location"] == paid_course.url
    assert "Too many coupon codes were tried. Try again in an hour." in page
    assert not Order.objects.exists()
    # Another member is not held back.
    assert buy(client, UserFactory(email_verified=True), paid_course).status_code == 303


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("X" * 41, "Ensure this value has at most 40 characters"),
        ("SPRING\x0015", "Null characters are not allowed."),
    ],
)
def test_a_tampered_coupon_field_is_refused_with_a_message(
    client, buyer, paid_course, fake_stripe, code, message
):
    coupon()

    response = buy(client, buyer, paid_course, code=code)

    assert response.status_code == 302
    assert message in client.get(paid_course.url).content.decode()
    assert not Order.objects.exists()


def test_a_coupon_for_chosen_courses_is_not_for_plans(buyer, paid_course, term_plan):
    coupon(for_plans=True).courses.add(paid_course)

    with pytest.raises(ValidationError, match="not for plans"):
        coupon_quote(
            user=buyer,
            code="spring15",
            price=term_plan.price,
            currency="USD",
            plan=term_plan,
        )


@pytest.mark.parametrize(
    ("fields", "price", "currency"),
    [
        # 1 % of 50 yen rounds down to nothing.
        ({"percent_off": 1}, "50", "JPY"),
        ({"kind": "amount", "amount_off": "0.5", "currency": "JPY"}, "50", "JPY"),
    ],
)
def test_a_coupon_that_takes_nothing_off_is_refused(buyer, fields, price, currency):
    coupon(**fields)

    with pytest.raises(ValidationError, match="takes nothing off"):
        coupon_quote(
            user=buyer, code="spring15", price=Decimal(price), currency=currency
        )


def test_a_card_price_below_stripes_smallest_charge_is_refused(
    client, buyer, paid_course, fake_stripe
):
    coupon(kind="amount", percent_off=None, amount_off="28.75", currency="USD")

    response = buy(client, buyer, paid_course)

    assert response["Location"] == paid_course.url
    assert "less than the smallest card payment, 0.50 USD" in (
        client.get(paid_course.url).content.decode()
    )
    assert not fake_stripe.sessions
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "percent", "percent_off": None}, "percent_off"),
        ({"kind": "percent", "percent_off": 100}, "percent_off"),
        ({"kind": "amount", "amount_off": None, "currency": "USD"}, "amount_off"),
        ({"kind": "amount", "amount_off": "5", "currency": "XX"}, "currency"),
        ({"code": "no spaces"}, "code"),
    ],
)
def test_a_coupon_must_say_what_it_takes_off(fields, field):
    made = Coupon(**{"code": "SUMMER", "kind": "percent", "percent_off": 10, **fields})

    with pytest.raises(ValidationError) as refused:
        made.full_clean()

    assert field in refused.value.message_dict


# The API


def test_the_api_checks_out_with_a_coupon(api_client, buyer, paid_course, fake_stripe):
    coupon()
    client = api_client(buyer)

    response = client.post(
        "/api/v1/commerce/checkouts",
        {"course_id": paid_course.pk, "coupon": "spring15"},
        content_type="application/json",
    )

    assert response.status_code == 201
    form = fake_stripe.sessions[0]["form"]
    assert form["line_items[0][price_data][unit_amount]"] == "2465"
    [order] = client.get("/api/v1/commerce/orders").json()["results"]
    assert (order["coupon_code"], order["discount"], order["total"]) == (
        "SPRING15",
        "4.35",
        "24.65",
    )


def test_the_api_refuses_a_bad_coupon_and_then_too_many(
    api_client, buyer, paid_course, fake_stripe, settings
):
    settings.COMMERCE_COUPON_RATE = "2/3600"
    client = api_client(buyer)

    def checkout(code):
        return client.post(
            "/api/v1/commerce/checkouts",
            {"course_id": paid_course.pk, "coupon": code},
            content_type="application/json",
        )

    refused = checkout("NOPE")
    assert refused.status_code == 400
    assert refused.json()["code"] == "unknown"
    checkout("NOPE")
    assert checkout("NOPE").status_code == 429
    assert checkout("X" * 41).status_code == 422
    assert not Order.objects.exists()


# The admin


def test_admins_add_coupons_in_the_wagtail_admin(client):
    client.force_login(AdminFactory())

    response = client.post(
        "/admin/snippets/commerce/coupon/add/",
        {
            "code": "welcome-back",
            "kind": "amount",
            "amount_off": "5.00",
            "currency": "usd",
            "for_plans": "on",
            "active": "on",
        },
    )

    assert response.status_code == 302
    added = Coupon.objects.get()
    assert (added.code, added.currency, added.amount_off) == (
        "WELCOME-BACK",
        "USD",
        Decimal("5.00"),
    )
    other_paid_order(added)
    listing = client.get("/admin/snippets/commerce/coupon/").content.decode()
    assert "WELCOME-BACK" in listing
    assert "5.00 USD off" in listing
    assert "Paid orders" in listing


@pytest.mark.parametrize(
    ("member", "sent_to"),
    [(UserFactory, "/accounts/login/"), (TeacherFactory, "/admin/")],
)
def test_coupons_are_for_admins_alone_to_manage(client, member, sent_to):
    client.force_login(member())

    for url in (
        "/admin/snippets/commerce/coupon/",
        "/admin/snippets/commerce/coupon/add/",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(sent_to)
