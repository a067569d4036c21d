"""allauth's own flows, as configured for Lectern: what users rely on."""

import datetime as dt
import re

from django.core import mail

import pytest
import time_machine
from allauth.account.models import EmailAddress

from members.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "a-new-and-unusual-passphrase"


def link_in_last_mail(path: str) -> str:
    return re.search(rf"https?://[^/\s]+({path}\S*)", mail.outbox[-1].body)[1]


def test_password_reset_link_works_once(client, home_page):
    user = UserFactory()
    client.post("/accounts/password/reset/", {"email": user.email})
    reset_link = link_in_last_mail("/accounts/password/reset/key/")

    # allauth moves the key from the URL into the session, then shows the form.
    form_url = client.get(reset_link)["Location"]
    passwords = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert client.post(form_url, passwords).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    response = client.get(reset_link)
    assert "Bad Token" in response.content.decode()
    client.post(reset_link, {"password1": "x" * 20, "password2": "x" * 20})
    client.post(form_url, {"password1": "x" * 20, "password2": "x" * 20})
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_reset_for_an_unknown_address_reveals_nothing(client, home_page):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"


def sign_up(client, email: str) -> str:
    """Sign up and return the path of the verification link sent."""
    client.post(
        "/accounts/signup/",
        {
            "email": email,
            "display_name": "New Member",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    return link_in_last_mail("/accounts/confirm-email/")


def test_expired_verification_link_verifies_nothing(client, home_page):
    start = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        confirm_url = sign_up(client, "late@example.com")

    with time_machine.travel(start + dt.timedelta(days=4), tick=False):
        page = client.get(confirm_url)
        response = client.post(confirm_url)

    assert "expired or is invalid" in page.content.decode()
    assert response.status_code == 404
    assert not EmailAddress.objects.get(email="late@example.com").verified


def test_verification_link_works_once(client, home_page):
    confirm_url = sign_up(client, "once@example.com")
    client.post(confirm_url)
    assert EmailAddress.objects.get(email="once@example.com").verified

    page = client.get(confirm_url)

    assert "expired or is invalid" in page.content.decode()
    assert client.post(confirm_url).status_code == 404
    assert EmailAddress.objects.filter(email="once@example.com").count() == 1


def test_a_new_email_address_must_be_verified_before_it_signs_in(client, home_page):
    user = UserFactory(email="old@example.com")
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    client.force_login(user)

    client.post("/accounts/email/", {"action_add": "", "email": "new@example.com"})

    new_address = EmailAddress.objects.get(email="new@example.com")
    assert not new_address.verified
    assert not new_address.primary
    assert mail.outbox[-1].to == ["new@example.com"]
    # Making an unverified address primary is refused.
    client.post("/accounts/email/", {"action_primary": "", "email": "new@example.com"})
    user.refresh_from_db()
    assert user.email == "old@example.com"


def test_changing_password_needs_the_current_one(client, home_page):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_repeated_failed_logins_are_rate_limited(client, home_page):
    user = UserFactory()
    for _ in range(5):
        client.post("/accounts/login/", {"login": user.email, "password": "wrong"})

    response = client.post(
        "/accounts/login/", {"login": user.email, "password": PASSWORD}
    )

    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
