"""The REST API's accounts: registering, tokens (with two-factor) and /me."""

import io
import re
from datetime import timedelta

from django.core import mail
from django.test import Client
from django.utils import timezone

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from ninja_jwt.token_blacklist.models import BlacklistedToken
from PIL import Image

from members.api_base import RefreshToken
from members.factories import FACTORY_PASSWORD, TeacherFactory, UserFactory
from members.models import User

from .test_mfa import totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase"
SECRET = "JBSWY3DPEHPK3PXP"


def post(client: Client, path: str, data: dict):
    return client.post(f"/api/v1{path}", data, content_type="application/json")


def obtain(client: Client, email: str, password: str = FACTORY_PASSWORD, **extra):
    return post(client, "/auth/token", {"email": email, "password": password, **extra})


def bearer(access: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {access}"})


# Registering


def register(client: Client, email: str = "ada@example.com", **extra):
    data = {"email": email, "password": PASSWORD, "display_name": "Ada L", **extra}
    return post(client, "/auth/register", data)


def emailed_key(message) -> str:
    return re.search(r"/accounts/confirm-email/([^/]+)/", message.body).group(1)


def test_register_verify_and_sign_in(client, home_page):
    response = register(client)

    assert response.status_code == 202
    user = User.objects.get(email="ada@example.com")
    assert (user.role, user.display_name, user.handle) == ("student", "Ada L", "ada_l")
    assert not user.is_staff
    assert not EmailAddress.objects.get(user=user).verified

    response = post(client, "/auth/email/verify", {"key": emailed_key(mail.outbox[-1])})

    assert response.status_code == 200
    assert EmailAddress.objects.get(user=user).verified
    assert obtain(client, user.email, PASSWORD).status_code == 200
    # The verification signs nobody in on the API's behalf.
    assert "_auth_user_id" not in client.session


def test_register_refuses_an_address_that_has_an_account_as_the_site_does(client):
    UserFactory(email="taken@example.com")

    response = register(client, email="TAKEN@example.com")

    assert response.status_code == 400
    assert response.json()["fields"]["email"] == [
        "A user is already registered with this email address."
    ]
    assert User.objects.count() == 1
    assert not mail.outbox


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"password": "short"}, "password"),
        ({"password": "password123"}, "password"),
        ({"email": "not-an-address"}, "email"),
        ({"display_name": ""}, "display_name"),
    ],
)
def test_register_refuses_what_the_sign_up_page_refuses(client, extra, field):
    response = register(client, **extra)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["fields"][field]
    assert not User.objects.exists()


def test_register_is_rate_limited(client, settings):
    settings.API_REGISTER_RATE = "2/3600"

    codes = [register(client, email=f"u{n}@example.com").status_code for n in range(3)]

    assert codes == [202, 202, 429]
    assert User.objects.count() == 2


def test_a_bad_or_used_verification_key_is_refused(client, home_page):
    register(client)
    key = emailed_key(mail.outbox[-1])

    refused = post(client, "/auth/email/verify", {"key": "nonsense"})
    assert (refused.status_code, refused.json()["code"]) == (400, "invalid")
    assert "key" in refused.json()["fields"]
    assert post(client, "/auth/email/verify", {"key": key[:-2]}).status_code == 400
    assert not EmailAddress.objects.get().verified


def test_resend_sends_a_new_link_only_to_an_unverified_address(client, home_page):
    register(client)
    UserFactory(email="done@example.com", email_verified=True)
    sent = len(mail.outbox)

    for email in ("ada@example.com", "done@example.com", "nobody@example.com"):
        response = post(client, "/auth/email/resend", {"email": email})
        assert response.status_code == 202

    assert [m.to for m in mail.outbox[sent:]] == [["ada@example.com"]]


# Tokens


def test_obtain_refresh_and_use_tokens(client):
    user = UserFactory()

    pair = obtain(client, user.email).json()

    assert pair["token_type"] == "Bearer"
    assert pair["expires_in"] == 300
    assert bearer(pair["access"]).get("/api/v1/me").json()["email"] == user.email

    refreshed = post(client, "/auth/token/refresh", {"refresh": pair["refresh"]})

    assert refreshed.status_code == 200
    assert bearer(refreshed.json()["access"]).get("/api/v1/me").status_code == 200
    # The refresh token rotates: the old one is used up.
    again = post(client, "/auth/token/refresh", {"refresh": pair["refresh"]})
    assert (again.status_code, again.json()["code"]) == (401, "token_not_valid")


@pytest.mark.parametrize("password", ["wrong-password", "", FACTORY_PASSWORD.upper()])
def test_wrong_credentials_get_no_token(client, password):
    user = UserFactory()

    response = obtain(client, user.email, password)

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert "access" not in response.json()


def test_a_deactivated_member_gets_no_token(client):
    user = UserFactory(is_active=False)

    assert obtain(client, user.email).status_code == 401


def test_a_body_that_is_not_json_is_a_bad_request(client):
    response = client.post(
        "/api/v1/auth/token", "{not json", content_type="application/json"
    )

    assert (response.status_code, response.json()["code"]) == (400, "bad_request")


def test_the_tokens_of_an_account_that_is_gone_do_not_work(client):
    user = UserFactory()
    pair = obtain(client, user.email).json()
    user.delete()

    for response in (
        bearer(pair["access"]).get("/api/v1/me"),
        post(client, "/auth/token/refresh", {"refresh": pair["refresh"]}),
        post(client, "/auth/token/verify", {"token": pair["access"]}),
    ):
        assert (response.status_code, response.json()["code"]) == (
            401,
            "token_not_valid",
        )


def test_obtaining_tokens_is_rate_limited_per_address(client, settings):
    settings.API_TOKEN_RATE = "3/60"
    user = UserFactory()

    codes = [obtain(client, user.email, "guess").status_code for _ in range(3)]
    # The right password no longer helps until the window ends.
    codes.append(obtain(client, user.email).status_code)

    assert codes == [401, 401, 401, 429]
    assert obtain(client, user.email).headers["Retry-After"] == "60"


def test_two_factor_members_need_a_code_from_their_app(client):
    user = UserFactory()
    TOTP.activate(user, SECRET)

    response = obtain(client, user.email)

    assert response.status_code == 401
    assert response.json()["code"] == "mfa_required"
    wrong = f"{(int(totp_code(SECRET)) + 1) % 1_000_000:06d}"
    response = obtain(client, user.email, code=wrong)
    assert (response.status_code, response.json()["code"]) == (401, "mfa_code_invalid")

    response = obtain(client, user.email, code=totp_code(SECRET))

    assert response.status_code == 200
    assert bearer(response.json()["access"]).get("/api/v1/me").json()["mfa_enabled"]


def test_an_app_code_works_once(client):
    user = UserFactory()
    TOTP.activate(user, SECRET)
    code = totp_code(SECRET)

    assert obtain(client, user.email, code=code).status_code == 200
    assert obtain(client, user.email, code=code).status_code == 401


def test_a_recovery_code_works_once_in_place_of_the_app(client):
    user = UserFactory()
    TOTP.activate(user, SECRET)
    recovery = RecoveryCodes.activate(user)
    code = recovery.get_unused_codes()[0]

    assert obtain(client, user.email, code=code).status_code == 200
    assert obtain(client, user.email, code=code).status_code == 401


def test_a_code_does_not_stand_in_for_the_password(client):
    user = UserFactory()
    TOTP.activate(user, SECRET)

    response = obtain(client, user.email, "wrong", code=totp_code(SECRET))

    assert response.json()["code"] == "invalid_credentials"


def test_verify_says_whether_a_token_works(client):
    user = UserFactory()
    pair = obtain(client, user.email).json()

    for token in (pair["access"], pair["refresh"]):
        assert post(client, "/auth/token/verify", {"token": token}).status_code == 200
    tampered = pair["access"][:-3] + ("aaa" if pair["access"][-3:] != "aaa" else "bbb")
    assert post(client, "/auth/token/verify", {"token": tampered}).status_code == 401

    user.is_active = False
    user.save()

    response = post(client, "/auth/token/verify", {"token": pair["access"]})
    assert (response.status_code, response.json()["code"]) == (
        401,
        "account_unavailable",
    )


def test_logout_blacklists_the_refresh_token(client):
    user = UserFactory()
    pair = obtain(client, user.email).json()

    response = post(client, "/auth/logout", {"refresh": pair["refresh"]})

    assert response.status_code == 204
    assert BlacklistedToken.objects.filter(token__user=user).exists()
    refresh = post(client, "/auth/token/refresh", {"refresh": pair["refresh"]})
    assert refresh.status_code == 401
    # Logging out twice is refused too: the token is already gone.
    assert post(client, "/auth/logout", {"refresh": pair["refresh"]}).status_code == 401


def test_an_access_token_is_no_refresh_token(client):
    pair = obtain(client, UserFactory().email).json()

    response = post(client, "/auth/token/refresh", {"refresh": pair["access"]})

    assert response.status_code == 401


def test_expired_tampered_and_foreign_tokens_are_refused(client, settings):
    user = UserFactory()
    access = obtain(client, user.email).json()["access"]
    header, payload, signature = access.split(".")

    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        expired = bearer(access).get("/api/v1/me")
    tampered = bearer(f"{header}.{payload}x.{signature}").get("/api/v1/me")
    settings.NINJA_JWT = {**settings.NINJA_JWT}
    unsigned = bearer(f"{header}.{payload}.").get("/api/v1/me")

    for response in (expired, tampered, unsigned):
        assert response.status_code == 401
        assert response.json()["code"] == "token_not_valid"
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_refresh_token_is_no_access_token(client):
    pair = obtain(client, UserFactory().email).json()

    assert bearer(pair["refresh"]).get("/api/v1/me").status_code == 401


def test_tokens_stop_working_when_the_account_is_deactivated_or_deleted(client):
    user = UserFactory()
    pair = obtain(client, user.email).json()

    user.is_active = False
    user.save()

    assert bearer(pair["access"]).get("/api/v1/me").status_code == 401
    response = post(client, "/auth/token/refresh", {"refresh": pair["refresh"]})
    assert response.status_code == 401

    user.delete()

    assert bearer(pair["access"]).get("/api/v1/me").status_code == 401


def test_changing_the_password_ends_the_tokens_given_before(client, home_page):
    user = UserFactory()
    pair = obtain(client, user.email).json()
    site = Client()
    site.force_login(user)

    response = site.post(
        "/accounts/password/change/",
        {"oldpassword": FACTORY_PASSWORD, "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    refused = bearer(pair["access"]).get("/api/v1/me")
    assert refused.status_code == 401
    assert "password has changed" in refused.json()["message"]
    response = post(client, "/auth/token/refresh", {"refresh": pair["refresh"]})
    assert response.status_code == 401
    response = post(client, "/auth/token/verify", {"token": pair["refresh"]})
    assert response.status_code == 401
    # The new password gives tokens that work.
    fresh = obtain(client, user.email, PASSWORD).json()
    assert bearer(fresh["access"]).get("/api/v1/me").status_code == 200


def test_a_session_cookie_does_not_sign_in_to_the_api(client):
    client.force_login(UserFactory())

    response = client.get("/api/v1/me")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


# The signed-in member


def test_me_shows_the_account(api_client):
    user = UserFactory(email_verified=True, handle="ada", display_name="Ada")

    body = api_client(user).get("/api/v1/me").json()

    assert body["handle"] == "ada"
    assert body["email_verified"] is True
    assert body["url"].endswith("/api/v1/me")
    assert body["html_url"].endswith(f"/people/{user.pk}/")
    assert body["deletion_due_at"] is None


def test_me_update_changes_only_what_is_sent(api_client):
    user = UserFactory(handle="ada", display_name="Ada", bio="Old bio")

    response = api_client(user).patch(
        "/api/v1/me", {"display_name": "Ada Lovelace"}, content_type="application/json"
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.display_name, user.handle, user.bio) == (
        "Ada Lovelace",
        "ada",
        "Old bio",
    )


def test_me_update_can_make_a_student_profile_private_again(api_client):
    user = UserFactory(profile_is_public=True)
    client = api_client(user)

    client.patch(
        "/api/v1/me", {"profile_is_public": False}, content_type="application/json"
    )

    user.refresh_from_db()
    assert user.profile_is_public is False


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"handle": "taken"}, "handle"),
        ({"handle": "no spaces"}, "handle"),
        ({"phone_number": "not a number"}, "phone_number"),
        ({"display_name": ""}, "display_name"),
    ],
)
def test_me_update_refuses_bad_fields_and_changes_nothing(api_client, data, field):
    UserFactory(handle="taken")
    user = UserFactory(handle="ada", display_name="Ada")

    response = api_client(user).patch(
        "/api/v1/me", data, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["fields"][field]
    user.refresh_from_db()
    assert (user.handle, user.display_name, user.phone_number) == ("ada", "Ada", "")


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "teal").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "me.png"
    return buffer


def test_me_avatar_takes_a_picture_and_refuses_anything_else(api_client):
    user = UserFactory()
    client = api_client(user)

    not_a_picture = io.BytesIO(b"%PDF-1.4 not an image")
    not_a_picture.name = "me.png"
    refused = client.post("/api/v1/me/avatar", {"avatar": not_a_picture})
    assert refused.status_code == 400
    user.refresh_from_db()
    assert not user.avatar

    response = client.post("/api/v1/me/avatar", {"avatar": _png()})

    assert response.status_code == 200
    assert response.json()["avatar_url"]
    user.refresh_from_db()
    assert user.avatar


def test_me_export_is_the_sites_data_export(api_client):
    user = UserFactory(display_name="Ada")

    body = api_client(user).get("/api/v1/me/export").json()

    assert body["profile"]["email"] == user.email


def test_deletion_needs_the_password_and_can_be_cancelled(api_client):
    user = UserFactory()
    client = api_client(user)

    wrong = client.post(
        "/api/v1/me/deletion", {"password": "nope"}, content_type="application/json"
    )
    assert (wrong.status_code, list(wrong.json()["fields"])) == (400, ["password"])
    user.refresh_from_db()
    assert user.deletion_due_at is None

    response = client.post(
        "/api/v1/me/deletion",
        {"password": FACTORY_PASSWORD},
        content_type="application/json",
    )

    assert response.status_code == 201
    user.refresh_from_db()
    assert user.deletion_due_at is not None
    # Until it is cancelled, the token only sees the account and cancels.
    refused = client.get("/api/v1/me/export")
    assert (refused.status_code, refused.json()["code"]) == (401, "account_unavailable")
    assert client.get("/api/v1/me").json()["deletion_due_at"]

    assert client.delete("/api/v1/me/deletion").status_code == 204

    user.refresh_from_db()
    assert user.deletion_due_at is None
    assert client.get("/api/v1/me/export").status_code == 200


def test_a_pending_deletion_account_cannot_refresh_its_tokens(client):
    user = UserFactory()
    refresh = str(RefreshToken.for_user(user))
    user.deletion_due_at = timezone.now() + timedelta(days=30)
    user.save()

    response = post(client, "/auth/token/refresh", {"refresh": refresh})

    assert (response.status_code, response.json()["code"]) == (
        401,
        "account_unavailable",
    )


def test_teachers_profiles_stay_public(api_client):
    teacher = TeacherFactory(profile_is_public=True)

    api_client(teacher).patch(
        "/api/v1/me", {"profile_is_public": False}, content_type="application/json"
    )

    teacher.refresh_from_db()
    assert teacher.profile_is_public is True


# What every operation shares (members/api_base.py, portal/api.py)


def test_nul_characters_are_refused_in_bodies_and_queries(client):
    user = UserFactory()

    body = obtain(client, user.email + "\u0000")
    query = client.get("/api/v1/community/posts", {"tag": "a\x00b"})

    assert (body.status_code, body.json()["code"]) == (400, "bad_request")
    assert (query.status_code, query.json()["code"]) == (400, "invalid")


@pytest.mark.parametrize(
    "path", ["/api/v1/", "/api/v1/no-such-thing", "/api/v2/pages/"]
)
def test_unknown_api_addresses_get_the_apis_404(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_rate_limits_count_the_client_behind_the_proxy(client, settings):
    settings.API_TOKEN_RATE = "2/60"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    user = UserFactory()

    def attempt(address: str) -> int:
        response = client.post(
            "/api/v1/auth/token",
            {"email": f"{address}@example.com", "password": "x"},
            content_type="application/json",
            headers={"X-Forwarded-For": address},
        )
        return response.status_code

    assert [attempt("203.0.113.1") for _ in range(3)] == [401, 401, 429]
    # Another client behind the same proxy has its own count.
    assert attempt("203.0.113.2") == 401
    assert obtain(client, user.email).status_code == 200
