"""
Security headers (settings/base.py, portal/security.py): a strict Content
Security Policy on the site's pages, the looser one the Wagtail admin needs
on its own, none on what is not a page; Permissions-Policy and
Referrer-Policy everywhere.
"""

from html.parser import HTMLParser

from django.http import HttpResponse, JsonResponse
from django.test import RequestFactory

import pytest

from courses.factories import CourseIndexPageFactory, CoursePageFactory
from members.factories import AdminFactory, UserFactory
from portal.security import ContentSecurityPolicyMiddleware

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values for name, *values in (part.split() for part in policy.split(";"))
    }


class InlineScripts(HTMLParser):
    """The inline scripts and inline event handlers of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if (
            tag == "script"
            and "src" not in attributes
            and attributes.get("type") != "application/json"
        ):
            self.found.append("<script> without src")
        self.found += [f"{tag} {name}" for name in attributes if name.startswith("on")]


@pytest.fixture
def public_pages(home_page) -> list[str]:
    index = CourseIndexPageFactory(parent=home_page)
    course = CoursePageFactory(parent=index)
    return [home_page.url, index.url, course.url, "/accounts/login/", "/search/"]


def test_public_pages_run_only_the_sites_own_scripts(client, public_pages):
    for url in public_pages:
        response = client.get(url)

        assert response.status_code == 200, url
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        # ... and have nothing inline that the policy would refuse.
        parser = InlineScripts()
        parser.feed(response.content.decode())
        assert parser.found == [], url


def test_signed_in_pages_have_the_strict_policy_too(client, public_pages):
    client.force_login(UserFactory())

    response = client.get(public_pages[0])

    assert directives(response)["script-src"] == ["'self'"]


def test_the_wagtail_admin_gets_the_looser_policy_it_needs(client):
    client.force_login(AdminFactory())

    response = client.get("/admin/")

    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    # Its dashboard asks wagtail.org whether Wagtail has a new release.
    assert policy["connect-src"] == ["'self'", "https://releases.wagtail.org"]


def test_a_preview_gets_the_admins_policy_so_the_editor_may_frame_it():
    def preview(request):
        # As Wagtail's make_preview_request marks the page's own path.
        request.is_preview = True
        return HttpResponse("<p>Draft</p>")

    request = RequestFactory().get("/courses/knots/")
    response = ContentSecurityPolicyMiddleware(preview)(request)

    assert directives(response)["frame-ancestors"] == ["'self'"]


def test_what_is_not_a_page_has_no_policy(client):
    assert "Content-Security-Policy" not in client.get("/api/v1/me")
    assert "Content-Security-Policy" not in client.get("/healthz")


def test_a_page_with_a_nonce_is_never_shared_by_a_cache():
    def page_with_inline_script(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">go()</script>')

    request = RequestFactory().get("/somewhere/")
    response = ContentSecurityPolicyMiddleware(page_with_inline_script)(request)

    nonce = request.csp_nonce
    assert f"'nonce-{nonce}'" in directives(response)["script-src"]
    assert "private" in response["Cache-Control"]


def test_a_page_without_a_nonce_stays_cacheable():
    request = RequestFactory().get("/somewhere/")
    response = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("hi"))(
        request
    )

    assert directives(response)["script-src"] == ["'self'"]
    assert not response.has_header("Cache-Control")


def test_json_gets_no_policy_from_the_middleware():
    request = RequestFactory().get("/somewhere/")
    response = ContentSecurityPolicyMiddleware(lambda request: JsonResponse({}))(
        request
    )

    assert not response.has_header("Content-Security-Policy")


def test_pages_deny_powerful_features_and_keep_referrers_to_the_origin(
    client, home_page
):
    response = client.get(home_page.url)

    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    # An embedded video player may still go full screen.
    assert "fullscreen" not in permissions
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
