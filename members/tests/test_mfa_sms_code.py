"""
Sign-in codes by text message: a member confirms a phone with a code texted
to it, then may have a code texted there at the second step of signing in.
Twilio is faked at the HTTP boundary, answering as its Messages API does.
"""

import re
from datetime import timedelta

from django.contrib.sessions.middleware import SessionMiddleware
from django.core import mail
from django.utils import timezone

import pytest
import requests
import responses
import time_machine
from allauth.mfa.totp.internal.auth import TOTP

from members.factories import TeacherFactory, UserFactory
from members.models import TwoFactorPhone
from members.selectors import account_data_export, mask_phone
from members.services import (
    email_code_verify,
    phone_confirm,
    phone_confirmation_send,
    sms_code_send,
    sms_code_verify,
)
from members.sms import SmsUnavailable
from members.tests.fakes import MESSAGES_URL, twilio_settings

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
AUTHENTICATE_URL = "/accounts/2fa/authenticate/"
SEND_URL = "/accounts/2fa/sms-code/"
PHONE_URL = "/accounts/2fa/phone/"
NUMBER = "+254712345678"


@pytest.fixture
def member(client, home_page):
    """
    A member with an authenticator app, signed in, who gave their password
    just now (as changing a second factor asks).
    """
    user = UserFactory(email="jane@example.com")
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    client.force_login(user)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    return user


def confirmed_phone(user, number=NUMBER) -> TwoFactorPhone:
    return TwoFactorPhone.objects.create(
        user=user, number=number, confirmed_at=timezone.now()
    )


def pass_password_step(client, user) -> None:
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": PASSWORD}
    )
    assert response["Location"] == AUTHENTICATE_URL


@pytest.mark.parametrize(
    ("number", "masked"),
    [("+254712345678", "+254••••••678"), ("+14155550123", "+1•••••••123")],
)
def test_mask_phone(number, masked):
    assert mask_phone(number) == masked


# Confirming a phone


def test_a_member_confirms_a_phone_with_the_code_texted_to_it(client, member, twilio):
    response = client.post(PHONE_URL, {"action": "send", "number": "+254 712 345 678"})
    assert response["Location"] == PHONE_URL
    [sent] = twilio.sent
    assert sent["To"] == NUMBER
    assert sent["From"] == "+15005550006"
    assert "code to confirm your phone" in sent["Body"]
    page = client.get(PHONE_URL).content.decode()
    assert "+254••••••678" in page
    assert not TwoFactorPhone.objects.exists()

    response = client.post(
        PHONE_URL, {"action": "confirm", "code": twilio.last_code()}, follow=True
    )

    assert "Your phone is confirmed" in response.content.decode()
    phone = TwoFactorPhone.objects.get(user=member)
    assert phone.number == NUMBER
    assert account_data_export(user=member)["two_factor_phone"][0]["number"] == NUMBER


def test_a_wrong_code_confirms_nothing_and_five_burn_it(client, member, twilio):
    client.post(PHONE_URL, {"action": "send", "number": NUMBER})
    code = twilio.last_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    response = client.post(PHONE_URL, {"action": "confirm", "code": wrong})
    assert response.status_code == 400
    assert "not the code we sent" in response.content.decode()
    for _ in range(4):
        client.post(PHONE_URL, {"action": "confirm", "code": wrong})
    client.post(PHONE_URL, {"action": "confirm", "code": code})

    assert not TwoFactorPhone.objects.exists()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("not a number", "international format"),
        ("0712345678", "international format"),
        ("+254202222222", "not a mobile number"),
    ],
)
def test_a_number_that_cannot_take_texts_is_refused_before_sending(
    client, member, twilio, number, message
):
    confirmed_phone(member, "+254700000001")

    response = client.post(PHONE_URL, {"action": "send", "number": number})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not twilio.sent
    assert TwoFactorPhone.objects.get().number == "+254700000001"


@pytest.mark.parametrize(
    ("code", "status", "message"),
    [
        (21614, 400, "cannot receive our text messages"),
        (20003, 401, "cannot be sent right now"),
        (20500, 500, "cannot be sent right now"),
    ],
)
def test_what_twilio_refuses_is_said_plainly(
    client, member, twilio, code, status, message
):
    twilio.refuse(code, "Twilio's own words", status=status)

    response = client.post(PHONE_URL, {"action": "send", "number": NUMBER}, follow=True)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Type it here" not in response.content.decode()


def test_twilio_out_of_reach_is_said_plainly(client, member, settings):
    twilio_settings(settings)
    settings.TWILIO_FROM = "MG0123456789abcdef0123456789abcdef"
    with responses.RequestsMock() as mock:
        mock.add(
            responses.POST, MESSAGES_URL, body=requests.ConnectionError("unreachable")
        )
        response = client.post(
            PHONE_URL, {"action": "send", "number": NUMBER}, follow=True
        )
        assert "MessagingServiceSid=MG" in mock.calls[0].request.body

    assert "cannot be sent right now" in response.content.decode()


def test_a_member_removes_their_phone(client, member, twilio):
    confirmed_phone(member)

    client.post(PHONE_URL, {"action": "remove"})

    assert not TwoFactorPhone.objects.exists()


def test_changing_the_phone_asks_for_the_password_again_after_a_while(
    client, member, twilio
):
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        assert client.get(PHONE_URL).status_code == 200
        response = client.post(PHONE_URL, {"action": "send", "number": NUMBER})

    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not twilio.sent


# Signing in


@pytest.fixture
def user_at_second_step(client, member):
    """The member, with a confirmed phone, past the password step."""
    confirmed_phone(member)
    pass_password_step(client, member)
    return member


def test_a_member_signs_in_with_a_texted_code(client, user_at_second_step, twilio):
    page = client.get(AUTHENTICATE_URL).content.decode()
    assert "+254••••••678" in page
    assert NUMBER not in page

    response = client.post(SEND_URL, follow=True)

    assert "We sent a code to +254••••••678" in response.content.decode()
    [sent] = twilio.sent
    assert (sent["To"], "sign-in code" in sent["Body"]) == (NUMBER, True)
    client.post(AUTHENTICATE_URL, {"code": twilio.last_code()})
    assert client.session["_auth_user_id"] == str(user_at_second_step.pk)
    methods = client.session["account_authentication_methods"]
    assert methods[-1]["type"] == "sms_code"


@pytest.mark.parametrize("by", ["text", "email"])
def test_resending_a_code_waits_45_seconds_and_says_how_long(
    client, user_at_second_step, twilio, by
):
    send_url = {"text": SEND_URL, "email": "/accounts/2fa/email-code/"}[by]
    with time_machine.travel(1_800_000_000, tick=False) as clock:
        pass_password_step(client, user_at_second_step)
        client.post(send_url)
        clock.shift(10)
        response = client.post(send_url, follow=True)
        assert "Please wait 35 seconds" in response.content.decode()
        clock.shift(36)
        client.post(send_url)

    assert len(twilio.sent if by == "text" else mail.outbox) == 2


def test_a_code_serves_only_its_purpose_and_its_member(rf, member, twilio):
    request = rf.post("/")
    SessionMiddleware(lambda request: None).process_request(request)
    other = UserFactory()
    confirmed_phone(member)
    confirmed_phone(other, "+254700000003")

    phone_confirmation_send(request=request, user=member, number="+254700000002")
    confirmation = twilio.last_code()
    assert not sms_code_verify(request=request, user=member, code=confirmation)
    assert not email_code_verify(request=request, user=member, code=confirmation)
    sms_code_send(request=request, user=member)
    assert not sms_code_verify(request=request, user=other, code=twilio.last_code())

    assert sms_code_verify(request=request, user=member, code=twilio.last_code())
    assert phone_confirm(request=request, user=member, code=confirmation)


def test_a_texted_code_stops_working_when_the_phone_is_removed(
    client, user_at_second_step, twilio
):
    client.post(SEND_URL)
    TwoFactorPhone.objects.all().delete()

    client.post(AUTHENTICATE_URL, {"code": twilio.last_code()})

    assert "_auth_user_id" not in client.session


def test_without_a_confirmed_phone_no_text_is_offered_or_sent(client, member, twilio):
    pass_password_step(client, member)

    assert "Text me a code" not in client.get(AUTHENTICATE_URL).content.decode()
    response = client.post(SEND_URL, follow=True)

    assert "Use your authenticator app" in response.content.decode()
    assert not twilio.sent


def test_without_twilio_set_up_texts_are_not_offered(client, member, settings):
    settings.SMS_PROVIDER = "twilio"
    settings.TWILIO_ACCOUNT_SID = ""
    confirmed_phone(member)

    page = client.get(PHONE_URL).content.decode()
    assert 'data-testid="sms-unavailable"' in page
    assert "Text me a code" not in page
    pass_password_step(client, member)
    assert "Text me a code" not in client.get(AUTHENTICATE_URL).content.decode()


def test_admin_users_cannot_use_texts_when_the_admin_needs_two_factors(
    client, home_page, settings, twilio
):
    settings.ADMIN_MFA_REQUIRED = True
    teacher = TeacherFactory()
    TOTP.activate(teacher, "JBSWY3DPEHPK3PXP")
    confirmed_phone(teacher)
    client.force_login(teacher)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.post(PHONE_URL, {"action": "send", "number": NUMBER}, follow=True)
    assert "not offered on this account" in response.content.decode()
    pass_password_step(client, teacher)

    assert "Text me a code" not in client.get(AUTHENTICATE_URL).content.decode()
    response = client.post(SEND_URL, follow=True)

    assert "Use your authenticator app" in response.content.decode()
    assert not twilio.sent


def test_members_without_the_app_are_sent_to_turn_it_on_first(client, home_page):
    client.force_login(UserFactory())

    page = client.get(PHONE_URL).content.decode()

    assert 'data-testid="sms-needs-app"' in page
    assert "Text me a code" not in page


def test_in_development_texts_are_printed(client, member, settings, capsys):
    settings.SMS_PROVIDER = "console"

    client.post(PHONE_URL, {"action": "send", "number": NUMBER})

    printed = capsys.readouterr().out
    assert f"Text message to {NUMBER}:" in printed
    code = re.search(r"(\d{6}) is your Lectern code to confirm", printed)[1]
    client.post(PHONE_URL, {"action": "confirm", "code": code})
    assert TwoFactorPhone.objects.filter(user=member).exists()


def test_sent_codes_are_refused_once_allauth_locks_out_wrong_codes(
    client, user_at_second_step, twilio
):
    client.post(SEND_URL)
    code = twilio.last_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    # Five wrong attempts burn the code; allauth's limit is reached too.
    for _ in range(5):
        client.post(AUTHENTICATE_URL, {"code": wrong})
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        client.post(SEND_URL)
    response = client.post(AUTHENTICATE_URL, {"code": twilio.last_code()})

    assert "Too many" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_member_gets_ten_texts_a_day_at_most(rf, member, twilio):
    request = rf.post("/")
    SessionMiddleware(lambda request: None).process_request(request)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(10):
            phone_confirmation_send(request=request, user=member, number=NUMBER)
            clock.shift(46)
        with pytest.raises(SmsUnavailable, match="Too many text messages"):
            phone_confirmation_send(request=request, user=member, number=NUMBER)

    assert len(twilio.sent) == 10


def test_without_the_app_a_phone_cannot_be_confirmed_by_posting(
    client, home_page, twilio
):
    user = UserFactory()
    client.force_login(user)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    response = client.post(PHONE_URL, {"action": "send", "number": NUMBER}, follow=True)

    assert "not offered on this account" in response.content.decode()
    assert not twilio.sent


def test_the_two_factor_page_shows_the_phone_masked(client, member):
    assert "No phone is confirmed." in client.get("/accounts/2fa/").content.decode()
    confirmed_phone(member)

    page = client.get("/accounts/2fa/").content.decode()

    assert "+254••••••678" in page
    assert NUMBER not in page
