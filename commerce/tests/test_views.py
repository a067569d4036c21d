"""What the shop shows and does on a site with no payment provider set up."""

import pytest
import responses

from commerce.models import Donation, Order, StripeCustomer
from media_library.factories import MediaAssetFactory
from members.factories import AdminFactory

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
