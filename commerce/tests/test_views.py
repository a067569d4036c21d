"""The shop's pages, and what they show on a site with no payment provider set up."""

import pytest
import responses

from commerce.models import Donation, Order, StripeCustomer
from commerce.tests.conftest import buy, pay
from media_library.factories import MediaAssetFactory, review
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

NOT_SET_UP = "Payments are not set up on this site yet."


@pytest.fixture
def no_payment_keys(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""
    settings.MPESA_CONSUMER_KEY = ""


@pytest.fixture
def outside_http():
    """Any request to Stripe or Daraja fails the test: none should be made."""
    with responses.RequestsMock() as mock:
        yield mock


@pytest.mark.usefixtures("no_payment_keys")
def test_a_paid_course_says_once_that_payments_are_not_set_up(
    client, buyer, paid_course
):
    anonymous = client.get(paid_course.url).content.decode()
    client.force_login(buyer)
    signed_in = client.get(paid_course.url).content.decode()

    for page in (anonymous, signed_in):
        assert page.count(NOT_SET_UP) == 1
        assert "/payments/courses/" not in page
        assert "Sign in to buy" not in page
        assert "/payments/plans/" not in page
        assert "STRIPE_SECRET_KEY" not in page


@pytest.mark.usefixtures("no_payment_keys")
def test_the_plans_page_offers_no_plan_and_tells_admins_what_to_set(
    client, buyer, term_plan
):
    client.force_login(buyer)
    student_view = client.get("/payments/plans/").content.decode()
    client.force_login(AdminFactory())
    admin_view = client.get("/payments/plans/").content.decode()

    for page in (student_view, admin_view):
        assert term_plan.name in page
        assert page.count(NOT_SET_UP) == 1
        assert f"/payments/plans/{term_plan.pk}/buy/" not in page
        assert f"Choose {term_plan.name}" not in page
    assert "STRIPE_SECRET_KEY" not in student_view
    assert "STRIPE_SECRET_KEY" in admin_view
    assert "MPESA_CONSUMER_KEY" in admin_view


def test_with_card_payments_the_plans_page_offers_each_plan(client, term_plan):
    page = client.get("/payments/plans/").content.decode()

    assert f"/payments/plans/{term_plan.pk}/buy/" in page
    assert NOT_SET_UP not in page


def test_plans_are_not_offered_when_only_mpesa_is_set_up(client, term_plan, settings):
    settings.STRIPE_SECRET_KEY = ""

    page = client.get("/payments/plans/").content.decode()

    assert f"/payments/plans/{term_plan.pk}/buy/" not in page
    assert "Plans are paid by card, which this site does not take yet." in page


@pytest.mark.usefixtures("no_payment_keys", "outside_http")
def test_buying_without_payment_keys_is_refused_and_records_nothing(
    client, buyer, paid_course, kes_course, term_plan
):
    # A buyer Stripe knew before: nothing stands between them and an order.
    StripeCustomer.objects.create(user=buyer, customer_id="cus_TestKnown")
    client.force_login(buyer)

    attempts = [
        (f"/payments/courses/{paid_course.pk}/buy/", {}, "Card"),
        (f"/payments/plans/{term_plan.pk}/buy/", {}, "Card"),
        (
            f"/payments/courses/{kes_course.pk}/buy/mpesa/",
            {"phone": "0712345678"},
            "M-Pesa",
        ),
    ]
    for url, form, provider in attempts:
        response = client.post(url, form, follow=True)

        message = f"{provider} payments are not set up on this site yet."
        assert message in response.content.decode()
    assert not Order.objects.exists()


@pytest.mark.usefixtures("no_payment_keys", "outside_http")
def test_donating_without_payment_keys_is_not_found(client, buyer, teacher):
    client.force_login(buyer)
    url = f"/payments/donate/{teacher.pk}/"
    form = {"method": "stripe", "amount": "5", "email": buyer.email, "country": "KE"}

    assert client.get(url).status_code == 404
    assert client.post(url, form).status_code == 404
    assert not Donation.objects.exists()


@pytest.mark.usefixtures("no_payment_keys")
def test_no_donate_button_without_payment_keys(client, buyer, teacher):
    asset = MediaAssetFactory(owner=teacher)
    client.force_login(AdminFactory())  # admins see every asset
    media_page = client.get(asset.get_absolute_url())
    client.force_login(buyer)
    profile = client.get(teacher.get_absolute_url())

    for response in (media_page, profile):
        assert response.status_code == 200
        assert 'data-testid="donate"' not in response.content.decode()
        assert "/payments/donate/" not in response.content.decode()


def test_a_course_that_does_not_exist_is_a_404(client, buyer, fake_stripe):
    client.force_login(buyer)

    assert client.post("/payments/courses/999999/buy/").status_code == 404


def test_buyers_verify_their_email_first(client, paid_course, fake_stripe):
    client.force_login(UserFactory())

    response = client.post(f"/payments/courses/{paid_course.pk}/buy/")

    assert response.status_code == 302
    assert not fake_stripe.sessions


def test_the_order_page_confirms_then_shows_the_result(
    client, buyer, paid_course, fake_stripe
):
    buy(client, buyer, paid_course)
    order = Order.objects.get()
    url = order.get_absolute_url()

    pending = client.get(url, headers={"HX-Request": "true"})
    pay(client, fake_stripe.sessions[0])
    settled = client.get(url, headers={"HX-Request": "true"})

    assert b"Confirming your payment" in pending.content
    assert b'hx-trigger="every 2s"' in pending.content
    assert b"Payment received" in settled.content
    assert b"hx-trigger" not in settled.content


def test_nobody_else_sees_an_order(client, buyer, paid_course, fake_stripe):
    buy(client, buyer, paid_course)
    client.force_login(UserFactory())

    assert client.get(Order.objects.get().get_absolute_url()).status_code == 404


def test_orders_and_donations_are_not_found_by_counting(
    client, buyer, teacher, paid_course, fake_stripe
):
    buy(client, buyer, paid_course)
    client.logout()
    client.post(
        f"/payments/donate/{teacher.pk}/",
        {"method": "stripe", "amount": "5", "email": "a@example.com", "country": "KE"},
    )
    order, donation = Order.objects.get(), Donation.objects.get()
    client.force_login(buyer)

    # Checkout sends the buyer and the donor back to addresses nobody guesses.
    order_session, donation_session = fake_stripe.sessions
    assert order_session["success_url"].endswith(order.get_absolute_url())
    assert donation_session["success_url"].endswith(donation.get_absolute_url())
    assert str(order.public_id) in order.get_absolute_url()
    assert client.get(order.get_absolute_url()).status_code == 200
    assert client.get(f"/payments/orders/{order.pk}/").status_code == 404
    client.logout()
    assert client.get(donation.get_absolute_url()).status_code == 200
    assert client.get(f"/payments/donations/{donation.pk}/").status_code == 404


def test_a_plan_not_for_sale_or_unknown_is_refused(
    client, buyer, term_plan, fake_stripe
):
    term_plan.active = False
    term_plan.save()
    client.force_login(buyer)

    assert client.post(f"/payments/plans/{term_plan.pk}/buy/").status_code == 404
    assert client.post("/payments/plans/987654/buy/").status_code == 404
    assert not fake_stripe.sessions


def test_the_course_page_offers_card_and_mpesa_for_kes_courses(
    client, buyer, kes_course, paid_course
):
    client.force_login(buyer)

    kes = client.get(kes_course.url).content.decode()
    usd = client.get(paid_course.url).content.decode()

    assert f"/payments/courses/{kes_course.pk}/buy/" in kes
    assert f"/payments/courses/{kes_course.pk}/buy/mpesa/" in kes
    assert f"/payments/courses/{paid_course.pk}/buy/" in usd
    assert "/buy/mpesa/" not in usd


def test_the_donate_button_shows_on_teachers_media_and_profile(client, teacher, buyer):
    asset = MediaAssetFactory(owner=teacher, visibility="private")
    client.force_login(teacher)
    own_page = client.get(asset.get_absolute_url()).content.decode()
    client.force_login(AdminFactory())  # admins see every asset
    media_page = client.get(asset.get_absolute_url()).content.decode()
    client.force_login(buyer)
    profile = client.get(teacher.get_absolute_url()).content.decode()
    student_profile = client.get(buyer.get_absolute_url()).content.decode()

    assert 'data-testid="donate"' not in own_page  # not to oneself
    assert f"/payments/donate/{teacher.pk}/" in profile
    assert f"/payments/donate/{teacher.pk}/" in media_page
    assert "/payments/donate/" not in student_profile


def test_members_who_take_donations_get_the_button_on_their_media_and_profile(
    client, buyer
):
    giver = UserFactory(
        takes_donations=True, profile_is_public=True, email_verified=True
    )
    keeper = UserFactory(profile_is_public=True, email_verified=True)
    given = MediaAssetFactory(owner=giver, visibility="public")
    kept = MediaAssetFactory(owner=keeper, visibility="public")
    for asset in (given, kept):
        review(asset)
    client.force_login(buyer)

    assert f"/payments/donate/{giver.pk}/" in page(client, given.get_absolute_url())
    assert f"/payments/donate/{giver.pk}/" in page(client, giver.get_absolute_url())
    assert "/payments/donate/" not in page(client, kept.get_absolute_url())
    assert "/payments/donate/" not in page(client, keeper.get_absolute_url())
    client.force_login(giver)
    assert "/payments/donate/" not in page(client, given.get_absolute_url())


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_member_sees_the_donations_they_received_and_no_one_else_s(client, buyer):
    member = UserFactory(takes_donations=True)
    other = UserFactory(takes_donations=True)
    paid = {"provider": "stripe", "paid_at": "2026-11-20T10:00Z"}
    Donation.objects.create(
        recipient=member,
        donor=buyer,
        amount=5,
        currency="USD",
        status="paid",
        message="For the sunset photos!",
        **paid,
    )
    Donation.objects.create(
        recipient=member, amount=500, currency="KES", status="paid", **paid
    )
    Donation.objects.create(
        recipient=member, amount=7, currency="USD", status="refunded", **paid
    )
    Donation.objects.create(recipient=member, amount=9, currency="USD")  # pending
    Donation.objects.create(
        recipient=other, amount=11, currency="USD", status="paid", **paid
    )

    assert client.get("/payments/donations/received/").status_code == 302
    client.force_login(member)
    received = page(client, "/payments/donations/received/")

    assert "$5.00" in received
    assert "“For the sunset photos!”" in received
    assert str(buyer) in received
    assert "KES 500" in received
    assert "$7.00 <span" in received
    assert "(refunded)" in received
    assert "$9.00" not in received
    assert "$11.00" not in received
    # Kept: the refund is not counted.
    totals = received.split('data-testid="donation-totals"')[1].split("</ul>")[0]
    assert (
        '$5.00</span> <span class="text-sm text-stone-600">from 1 donation<' in totals
    )
    assert "KES 500" in totals
    assert "Donations received" in page(client, "/accounts/profile/")


def test_a_member_chooses_to_take_donations_in_their_profile(client, api_client):
    student = UserFactory()
    client.force_login(student)
    form = client.get("/accounts/profile/").content.decode()
    assert 'name="takes_donations"' in form

    client.post(
        "/accounts/profile/",
        {
            "display_name": student.display_name or "Sam",
            "handle": student.handle,
            "takes_donations": "on",
        },
    )

    student.refresh_from_db()
    assert student.takes_donations
    api = api_client(student)
    assert api.get("/api/v1/me").json()["takes_donations"] is True
    api.patch("/api/v1/me", {"takes_donations": False}, content_type="application/json")
    student.refresh_from_db()
    assert not student.takes_donations
    teacher = TeacherFactory()
    client.force_login(teacher)
    assert (
        'name="takes_donations"'
        not in client.get("/accounts/profile/").content.decode()
    )
    assert api_client(teacher).get("/api/v1/me").json()["takes_donations"] is True
