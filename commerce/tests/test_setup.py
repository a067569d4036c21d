"""The admin's Payment setup page: what the settings allow, never their values."""

import pytest

from commerce.services.stripe_events import STRIPE_HANDLERS
from commerce.setup import payment_setup
from members.factories import AdminFactory

pytestmark = pytest.mark.django_db

SETUP_URL = "/admin/commerce/setup/"
PUBLIC_SITE = "https://learn.example.org"


def by_name(base_url=PUBLIC_SITE):
    return {
        provider.name.split()[0]: provider
        for provider in payment_setup(base_url=base_url)
    }


def test_set_up_providers_take_payments_in_test_mode_and_sandbox():
    stripe, mpesa = by_name()["Stripe"], by_name()["M-Pesa"]

    assert (stripe.status, stripe.mode, stripe.missing) == (
        "Taking payments",
        "Test mode",
        [],
    )
    assert (mpesa.status, mpesa.mode, mpesa.missing) == (
        "Taking payments",
        "Sandbox",
        [],
    )
    assert dict(stripe.provider_needs) == {
        "Webhook endpoint": f"{PUBLIC_SITE}/payments/stripe/webhook/",
        "Events to send": ", ".join(STRIPE_HANDLERS),
    }
    assert dict(mpesa.provider_needs) == {
        "Callbacks come to addresses under": f"{PUBLIC_SITE}/payments/mpesa/callback/"
    }


def test_without_keys_nothing_takes_payments_and_every_setting_is_named(settings):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_WEBHOOK_SECRET = ""
    settings.MPESA_CONSUMER_KEY = settings.MPESA_CONSUMER_SECRET = ""
    settings.MPESA_PASSKEY = ""

    stripe, mpesa = by_name()["Stripe"], by_name()["M-Pesa"]

    assert (stripe.status, stripe.mode, stripe.warnings) == ("Not set up", "", [])
    assert stripe.missing == ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"]
    assert (mpesa.status, mpesa.mode, mpesa.warnings) == ("Not set up", "", [])
    assert mpesa.missing == [
        "MPESA_CONSUMER_KEY",
        "MPESA_CONSUMER_SECRET",
        "MPESA_PASSKEY",
    ]


def test_a_live_key_without_its_webhook_secret_is_incomplete(settings):
    settings.STRIPE_SECRET_KEY = "sk_live_lectern"
    settings.STRIPE_WEBHOOK_SECRET = ""

    stripe = by_name()["Stripe"]

    assert (stripe.status, stripe.mode) == ("Incomplete", "Live")
    assert stripe.missing == ["STRIPE_WEBHOOK_SECRET"]
    assert "none is confirmed" in stripe.warnings[0]


def test_production_mpesa_on_the_sandbox_shortcode_is_incomplete(settings):
    settings.MPESA_ENVIRONMENT = "production"

    mpesa = by_name()["M-Pesa"]

    assert (mpesa.status, mpesa.mode) == ("Incomplete", "Production")
    assert "MPESA_SHORTCODE is still the sandbox's" in mpesa.warnings[0]


def test_providers_are_warned_off_an_address_only_this_machine_reaches(settings):
    local = by_name("http://127.0.0.1:8000")
    settings.MPESA_CALLBACK_BASE_URL = "https://pay.example.org"
    mpesa_elsewhere = by_name("http://127.0.0.1:8000")["M-Pesa"]

    assert "Stripe cannot reach it" in local["Stripe"].warnings[0]
    assert (
        "Stripe cannot reach it" in by_name("http://192.168.1.20")["Stripe"].warnings[0]
    )
    assert (
        "Stripe cannot reach it"
        in by_name("http://lectern.local")["Stripe"].warnings[0]
    )
    assert "Safaricom cannot reach it" in local["M-Pesa"].warnings[0]
    assert mpesa_elsewhere.status == "Taking payments"
    assert dict(mpesa_elsewhere.provider_needs) == {
        "Callbacks come to addresses under": "https://pay.example.org/payments/mpesa/callback/"
    }


def test_admins_read_the_setup_without_any_secret_on_it(client, settings):
    client.force_login(AdminFactory())

    response = client.get(SETUP_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('data-testid="provider-setup"') == 2
    assert "http://testserver/payments/stripe/webhook/" in page
    for secret in (
        settings.STRIPE_SECRET_KEY,
        settings.MPESA_CONSUMER_KEY,
        settings.STRIPE_WEBHOOK_SECRET,
        settings.MPESA_CONSUMER_SECRET,
        settings.MPESA_PASSKEY,
    ):
        assert secret not in page


def test_teachers_and_students_get_no_payment_setup(client, teacher, buyer):
    # Wagtail sends a refused teacher back to the dashboard, saying so.
    client.force_login(teacher)
    refused = client.get(SETUP_URL)
    assert (refused.status_code, refused.url) == (302, "/admin/")
    # Students have no admin at all: they are asked to sign in as someone else.
    client.force_login(buyer)
    assert client.get(SETUP_URL).url.startswith("/accounts/login/")


def test_the_not_set_up_notice_links_admins_to_the_setup(client, buyer, settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.MPESA_CONSUMER_KEY = ""
    client.force_login(buyer)
    student_view = client.get("/payments/plans/").content.decode()
    client.force_login(AdminFactory())
    admin_view = client.get("/payments/plans/").content.decode()

    assert f'href="{SETUP_URL}"' in admin_view
    assert SETUP_URL not in student_view
