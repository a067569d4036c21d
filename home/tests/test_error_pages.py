from django.test import Client

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("home.tests.urls")]


def test_404_page_uses_the_site_template(client, home_page):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content
    assert "Back to the home page" in content
    assert 'data-testid="account-nav"' in content
    assert "/static/css/site.css" in content


def test_403_page_uses_the_site_template(client, home_page):
    response = client.get("/forbidden/")

    assert response.status_code == 403
    content = response.content.decode()
    assert "Access denied" in content
    assert "/static/css/site.css" in content


def test_400_page_uses_the_site_template(client, home_page):
    response = client.get("/bad-request/")

    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_csrf_failure_page_uses_the_site_template(home_page):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"login": "a@example.com"})

    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


def test_500_page_uses_the_site_template(client, home_page):
    client.raise_request_exception = False

    response = client.get("/broken/")

    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong" in content
    assert "/static/css/site.css" in content
