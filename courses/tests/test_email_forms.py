"""
The email forms of a course page ("Notify me" on a coming-soon course, "Email
me a link" on an email-verified one) carry a CSRF token, which no page kept
for every visitor may hold: visitors' course pages load them with htmx from
the form's own address, which also serves them as a page without JavaScript.
"""

import re

from django.test import Client

import pytest

from courses.models import CoursePage
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def soon(make_course) -> CoursePage:
    return make_course(title="Astronomy", availability="coming_soon")


@pytest.fixture
def email_course(make_course) -> CoursePage:
    return make_course(title="Botany", access_level=CoursePage.AccessLevel.EMAIL)


@pytest.fixture
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def form_url(course: CoursePage) -> str:
    name = "notify-me" if course.is_coming_soon else "email-access"
    return f"/learning/{course.pk}/{name}/"


@pytest.mark.usefixtures("_page_cache_on")
@pytest.mark.parametrize("course_name", ["soon", "email_course"])
def test_a_visitors_course_page_is_kept_and_fetches_its_form(
    client, request, course_name
):
    course = request.getfixturevalue(course_name)

    first = client.get(course.url)
    assert first["X-Page-Cache"] == "miss"
    assert client.get(course.url)["X-Page-Cache"] == "hit"
    html = first.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert f'hx-get="{form_url(course)}"' in html
    # Without JavaScript, a link to the form's own page.
    assert f'href="{form_url(course)}"' in html


@pytest.mark.parametrize(
    ("course_name", "button"),
    [("soon", "Notify me"), ("email_course", "Email me a link")],
)
def test_htmx_gets_the_form_alone_and_a_plain_visit_its_page(
    client, request, course_name, button
):
    course = request.getfixturevalue(course_name)

    fragment = client.get(form_url(course), **HTMX)
    page = client.get(form_url(course))

    assert fragment.status_code == page.status_code == 200
    for response in (fragment, page):
        assert "HX-Request" in response["Vary"]
        html = response.content.decode()
        assert "csrfmiddlewaretoken" in html
        assert button in html
    assert "<html" not in fragment.content.decode()
    assert "<html" in page.content.decode()
    assert course.title in page.content.decode()


def test_the_form_fetched_carries_a_token_that_is_accepted(soon):
    browser = Client(enforce_csrf_checks=True)
    fragment = browser.get(form_url(soon), **HTMX).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', fragment)[1]

    refused = browser.post(form_url(soon), {"email": "star@example.com"})
    response = browser.post(
        form_url(soon),
        {"email": "star@example.com", "csrfmiddlewaretoken": token},
        follow=True,
    )

    assert refused.status_code == 403
    assert "we sent it a link to confirm" in response.content.decode()


def test_a_member_gets_the_form_in_the_page_with_their_address(client, soon):
    member = UserFactory(email="member@example.com")
    client.force_login(member)

    html = client.get(soon.url).content.decode()

    assert "csrfmiddlewaretoken" in html
    assert 'value="member@example.com"' in html
    assert (
        "hx-get" not in html.split('data-testid="enrollment"')[1].split("</aside>")[0]
    )


def test_no_form_for_a_course_that_does_not_take_one(client, make_course):
    open_course = make_course(title="Open")
    paid = make_course(title="Paid", access_level=CoursePage.AccessLevel.PURCHASE)

    assert client.get(f"/learning/{open_course.pk}/notify-me/").status_code == 404
    assert client.get(f"/learning/{paid.pk}/email-access/").status_code == 404
    assert client.get("/learning/999999/notify-me/").status_code == 404
    assert client.put(f"/learning/{open_course.pk}/notify-me/").status_code == 405
