import re
import time

from django.core import mail

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase"


def totp_code(secret: str, steps_ago: int = 0) -> str:
    """What an authenticator app shows for `secret` now, or `steps_ago` steps back."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 - steps_ago))


def log_in(client, email: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_signup_verify_enable_totp_and_sign_in_with_it_or_a_recovery_code(
    client, home_page
):
    client.post(
        "/accounts/signup/",
        {
            "email": "zawadi@example.com",
            "display_name": "Zawadi",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    confirm_url = re.search(
        r"http://\S+(/accounts/confirm-email/\S+/)", mail.outbox[0].body
    )[1]
    # Authenticator apps need a verified address first.
    assert client.get("/accounts/2fa/totp/activate/").status_code == 302
    client.post(confirm_url)
    client.post("/accounts/logout/")
    log_in(client, "zawadi@example.com")

    # Setting up a second factor asks for the password once more.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    client.post(response["Location"], {"password": PASSWORD})
    response = client.get("/accounts/2fa/totp/activate/")
    secret = response.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    recovery_codes = client.get("/accounts/2fa/recovery-codes/").context["unused_codes"]
    assert len(recovery_codes) == 10

    client.post("/accounts/logout/")
    response = log_in(client, "zawadi@example.com")
    # The password alone is not enough any more.
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session

    client.post("/accounts/logout/")
    log_in(client, "zawadi@example.com")
    client.post("/accounts/2fa/authenticate/", {"code": recovery_codes[0]})
    assert "_auth_user_id" in client.session

    client.post("/accounts/logout/")
    log_in(client, "zawadi@example.com")
    response = client.post("/accounts/2fa/authenticate/", {"code": recovery_codes[0]})
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_totp_code_is_refused(client, home_page):
    user = UserFactory(password=PASSWORD)
    secret = "JBSWY3DPEHPK3PXP"
    TOTP.activate(user, secret)
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"

    log_in(client, user.email)
    response = client.post("/accounts/2fa/authenticate/", {"code": wrong})

    assert "Incorrect code" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_code_from_the_step_just_ended_is_accepted_but_not_an_older_one(
    client, home_page
):
    user = UserFactory(password=PASSWORD)
    secret = "JBSWY3DPEHPK3PXP"
    TOTP.activate(user, secret)
    log_in(client, user.email)

    with time_machine.travel(time.time(), tick=False):
        too_old = totp_code(secret, steps_ago=2)
        just_ended = totp_code(secret, steps_ago=1)
        response = client.post("/accounts/2fa/authenticate/", {"code": too_old})
        assert "Incorrect code" in response.content.decode()

        client.post("/accounts/2fa/authenticate/", {"code": just_ended})
    assert "_auth_user_id" in client.session


ADMIN_URLS = ["/admin/", "/admin/pages/", "/admin/images/", "/admin/documents/"]


@pytest.mark.parametrize("factory", [TeacherFactory, AdminFactory])
@pytest.mark.parametrize("url", ADMIN_URLS)
def test_admin_refuses_staff_without_mfa_when_required(
    client, settings, home_page, factory, url
):
    settings.ADMIN_MFA_REQUIRED = True
    client.force_login(factory())

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_admin_opens_for_a_teacher_with_mfa_when_required(client, settings, home_page):
    settings.ADMIN_MFA_REQUIRED = True
    teacher = TeacherFactory()
    TOTP.activate(teacher, "JBSWY3DPEHPK3PXP")
    RecoveryCodes.activate(teacher)
    client.force_login(teacher)

    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/images/").status_code == 200


def test_admin_does_not_require_mfa_when_the_setting_is_off(
    client, settings, home_page
):
    settings.ADMIN_MFA_REQUIRED = False
    client.force_login(TeacherFactory())

    assert client.get("/admin/").status_code == 200
    assert not Authenticator.objects.exists()


def test_students_browse_the_site_without_mfa_when_required(
    client, settings, home_page
):
    settings.ADMIN_MFA_REQUIRED = True
    client.force_login(UserFactory())

    assert client.get("/").status_code == 200
