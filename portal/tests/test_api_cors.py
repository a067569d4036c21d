"""
Cross-origin calls to the API (django-cors-headers, portal/settings/base.py):
browser clients on the origins listed in CORS_ALLOWED_ORIGINS may call
/api/ with a token; no other origin, and no other path, gets CORS headers.
By default no origin is listed. Cookies are not the API's credential, so no
origin is allowed to send them.
"""

from django.test import override_settings

import pytest

pytestmark = pytest.mark.django_db

APP = "https://app.example.org"
PREFLIGHT = {
    "Access-Control-Request-Method": "PATCH",
    "Access-Control-Request-Headers": "authorization, content-type",
}


def preflight(client, path: str, origin: str):
    return client.options(path, headers={"Origin": origin, **PREFLIGHT})


def comma_list(value: str) -> set[str]:
    return {part.strip().lower() for part in value.split(",")}


@override_settings(CORS_ALLOWED_ORIGINS=[APP])
def test_a_preflight_from_an_allowed_origin_may_send_a_token(client):
    response = preflight(client, "/api/v1/me", APP)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    assert {"authorization", "content-type"} <= comma_list(
        response["Access-Control-Allow-Headers"]
    )
    assert {"get", "post", "patch", "delete"} <= comma_list(
        response["Access-Control-Allow-Methods"]
    )
    assert "Access-Control-Allow-Credentials" not in response


@override_settings(CORS_ALLOWED_ORIGINS=[APP])
def test_an_allowed_origin_may_read_the_answer(client):
    response = client.get("/api/v1/me", headers={"Origin": APP})

    assert response.status_code == 401
    assert response["Access-Control-Allow-Origin"] == APP
    assert "Access-Control-Allow-Credentials" not in response
    assert "origin" in comma_list(response["Vary"])


@override_settings(CORS_ALLOWED_ORIGINS=[APP])
@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example.org",
        "http://app.example.org",  # another scheme is another origin
        "https://app.example.org:8443",
        "null",
    ],
)
def test_other_origins_get_no_cors_headers(client, origin):
    for response in (
        preflight(client, "/api/v1/me", origin),
        client.get("/api/v1/me", headers={"Origin": origin}),
    ):
        assert not cors_headers(response)


def test_by_default_no_origin_gets_cors_headers(client, settings):
    assert settings.CORS_ALLOWED_ORIGINS == []

    for response in (
        preflight(client, "/api/v1/me", APP),
        client.get("/api/v1/me", headers={"Origin": APP}),
    ):
        assert not cors_headers(response)


@override_settings(CORS_ALLOWED_ORIGINS=[APP])
@pytest.mark.parametrize("path", ["/", "/search/", "/accounts/login/"])
def test_pages_outside_the_api_get_no_cors_headers(client, home_page, path):
    for response in (
        preflight(client, path, APP),
        client.get(path, headers={"Origin": APP}),
    ):
        assert not cors_headers(response)


def cors_headers(response) -> list[str]:
    return [name for name in response.headers if name.lower().startswith("access-")]
