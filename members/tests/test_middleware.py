from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

import pytest

from members.factories import UserFactory
from members.middleware import PrivateCacheMiddleware

pytestmark = pytest.mark.django_db


def test_ones_own_profile_page_is_for_them_alone(client, home_page):
    member = UserFactory()
    client.force_login(member)

    for url in (reverse("members:profile", args=[member.pk]), "/"):
        assert "private" in client.get(url)["Cache-Control"], url


def test_anonymous_pages_stay_cacheable(client, home_page):
    member = UserFactory()

    for url in (reverse("members:profile", args=[member.pk]), "/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "private" not in response.get("Cache-Control", ""), url


def response_through_middleware(session_data: dict, view_cache_control: str = ""):
    stored = SessionStore()
    stored.update(session_data)
    stored.save()
    request = RequestFactory().get("/")
    request.session = SessionStore(session_key=stored.session_key)

    def view(request):
        request.session.get("anything")
        response = HttpResponse("ok")
        if view_cache_control:
            response["Cache-Control"] = view_cache_control
        return response

    return PrivateCacheMiddleware(view)(request)


def test_a_session_with_anything_in_it_makes_the_response_private():
    # An email verified without an account: whatever the
    # view could have read is the visitor's own.
    response = response_through_middleware({"verified_email": "a@example.com"})

    assert response["Cache-Control"] == "private"


def test_the_views_own_choice_stands():
    response = response_through_middleware(
        {"verified_email": "a@example.com"}, "public, max-age=3600"
    )

    assert response["Cache-Control"] == "public, max-age=3600"


def test_a_message_shown_once_makes_the_page_private():
    # Messages live in a cookie, not the session.
    request = RequestFactory().get("/")
    request.session = SessionStore()

    def view(request):
        response = HttpResponse("Check your inbox")
        response.delete_cookie("messages")
        return response

    response = PrivateCacheMiddleware(view)(request)

    assert response["Cache-Control"] == "private"
