import re

from django.core import mail

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP

from members.factories import TeacherFactory, UserFactory
from members.selectors import mask_email

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
AUTHENTICATE_URL = "/accounts/2fa/authenticate/"
SEND_URL = "/accounts/2fa/email-code/"


def pass_password_step(client, user) -> None:
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": PASSWORD}
    )
    assert response["Location"] == AUTHENTICATE_URL


@pytest.fixture
def user_at_second_step(client, home_page):
    """A member with an authenticator app, past the password step."""
    user = UserFactory(email="jane@example.com")
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    pass_password_step(client, user)
    return user


def sent_code() -> str:
    return re.search(r"^(\d{6})$", mail.outbox[-1].body, re.MULTILINE)[1]


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("jane@example.com", "j***@e***.com"),
        ("a@b.co.uk", "a***@b***.uk"),
        ("x@localhost", "x***@***localhost"),
    ],
)
def test_mask_email(address, masked):
    assert mask_email(address) == masked


def test_second_step_shows_the_address_masked(client, user_at_second_step):
    content = client.get(AUTHENTICATE_URL).content.decode()

    assert "j***@e***.com" in content
    assert "jane@example.com" not in content


def test_member_signs_in_with_an_emailed_code(client, user_at_second_step):
    response = client.post(SEND_URL, follow=True)

    assert "We sent a code to j***@e***.com" in response.content.decode()
    assert mail.outbox[-1].to == ["jane@example.com"]
    client.post(AUTHENTICATE_URL, {"code": sent_code()})
    assert client.session["_auth_user_id"] == str(user_at_second_step.pk)


def test_a_code_works_once(client, user_at_second_step):
    client.post(SEND_URL)
    code = sent_code()
    client.post(AUTHENTICATE_URL, {"code": code})
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"login": "jane@example.com", "password": PASSWORD})

    response = client.post(AUTHENTICATE_URL, {"code": code})

    assert "Incorrect code" in response.content.decode()
    assert "_auth_user_id" not in client.session


# Resending: see test_mfa_sms_code, which waits the same for both.


def test_a_code_expires_after_ten_minutes(client, user_at_second_step):
    with time_machine.travel(1_800_000_000, tick=False) as clock:
        pass_password_step(client, user_at_second_step)
        client.post(SEND_URL)
        clock.shift(10 * 60 + 1)
        response = client.post(AUTHENTICATE_URL, {"code": sent_code()})

    assert "Incorrect code" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_wrong_guesses_burn_the_code(client, user_at_second_step):
    client.post(SEND_URL)
    code = sent_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        client.post(AUTHENTICATE_URL, {"code": wrong})

    response = client.post(AUTHENTICATE_URL, {"code": code})

    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_codes_are_sent_only_during_the_second_step(client, home_page):
    response = client.post(SEND_URL)

    assert response["Location"] == "/accounts/login/"
    assert not mail.outbox


def test_a_code_sent_to_one_member_does_not_sign_in_another(client, home_page):
    first = UserFactory()
    TOTP.activate(first, "JBSWY3DPEHPK3PXP")
    second = UserFactory()
    TOTP.activate(second, "JBSWY3DPEHPK3PXQ")
    client.post("/accounts/login/", {"login": first.email, "password": PASSWORD})
    client.post(SEND_URL)
    code = sent_code()

    client.post("/accounts/login/", {"login": second.email, "password": PASSWORD})
    client.post(AUTHENTICATE_URL, {"code": code})

    assert "_auth_user_id" not in client.session


def test_admin_users_cannot_use_email_codes_when_the_admin_needs_two_factors(
    client, home_page, settings
):
    settings.ADMIN_MFA_REQUIRED = True
    teacher = TeacherFactory()
    TOTP.activate(teacher, "JBSWY3DPEHPK3PXP")
    pass_password_step(client, teacher)

    assert "Email me a code" not in client.get(AUTHENTICATE_URL).content.decode()
    response = client.post(SEND_URL, follow=True)

    assert "Use your authenticator app" in response.content.decode()
    assert not mail.outbox
