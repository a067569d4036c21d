from datetime import timedelta

from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from wagtail import hooks
from wagtail.models import PageViewRestriction

import pytest
import time_machine

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.published import GENERATION_KEY
from home.factories import ContactPageFactory
from home.models import LegalPages
from members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def course(home_page):
    index = CourseIndexPageFactory(parent=home_page)
    course = CoursePageFactory(parent=index, title="Astronomy")
    module = ModulePageFactory(parent=course, title="The sky")
    LessonPageFactory(parent=module, title="Stars")
    return course


# Hits, misses and HTTP caching


def test_anonymous_page_is_kept_then_served_without_a_query(
    client, course, django_assert_num_queries
):
    first = client.get(course.url)
    assert first["X-Page-Cache"] == "miss"
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert "Cookie" in first["Vary"]
    assert first.cookies == {}

    with django_assert_num_queries(0):
        hit = client.get(course.url)
    assert hit["X-Page-Cache"] == "hit"
    assert hit.content == first.content
    assert hit["ETag"] == first["ETag"]
    assert hit["Last-Modified"] == first["Last-Modified"]
    assert hit["X-Frame-Options"] == first["X-Frame-Options"]


def test_hits_cost_no_query_whatever_the_course_size(
    client, course, commit, django_assert_num_queries
):
    client.get(course.url)
    with django_assert_num_queries(0):
        client.get(course.url)
    module = course.get_children().first()
    for number in range(20):
        LessonPageFactory(parent=module, title=f"Lesson {number}")
    with commit():
        course.save_revision().publish()
    client.get(course.url)
    with django_assert_num_queries(0):
        assert "Lesson 19" in client.get(course.url).text


def test_head_is_answered_from_the_kept_get_but_never_kept(client, course):
    assert "X-Page-Cache" not in client.head(course.url)
    client.get(course.url)
    response = client.head(course.url)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"


def test_a_visitor_who_has_the_page_gets_304(client, course):
    first = client.get(course.url)
    by_etag = client.get(course.url, headers={"If-None-Match": first["ETag"]})
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    by_date = client.get(
        course.url, headers={"If-Modified-Since": first["Last-Modified"]}
    )
    assert by_date.status_code == 304
    changed = client.get(course.url, headers={"If-None-Match": '"other"'})
    assert changed.status_code == 200


def test_a_lost_generation_makes_every_kept_page_a_miss(client, course):
    # Evicted by Redis, or the cache emptied: nothing kept before is trusted.
    client.get(course.url)
    cache.delete(GENERATION_KEY)
    assert client.get(course.url)["X-Page-Cache"] == "miss"
    assert client.get(course.url)["X-Page-Cache"] == "hit"


def test_campaign_parameters_get_the_kept_page(client, course):
    client.get(course.url)
    response = client.get(course.url, {"utm_source": "newsletter", "fbclid": "x"})
    assert response["X-Page-Cache"] == "hit"


# Never kept, never served from the cache


def test_other_query_strings_are_neither_kept_nor_served(client, home_page, course):
    index = course.get_parent()
    client.get(index.url)
    response = client.get(index.url, {"subject": "nothing", "page": "2"})
    assert "X-Page-Cache" not in response
    again = client.get(index.url, {"subject": "nothing", "page": "2"})
    assert "X-Page-Cache" not in again


def test_signed_in_member_gets_a_private_page_not_the_kept_one(client, course):
    client.get(course.url)
    member = UserFactory()
    client.force_login(member)
    response = client.get(course.url)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert member.email in response.text or str(member) in response.text
    client.logout()
    client.cookies.clear()
    assert client.get(course.url)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer some-token"},
        {"HX-Request": "true"},
    ],
)
def test_requests_with_credentials_or_from_htmx_bypass_the_cache(
    client, course, headers
):
    client.get(course.url)
    response = client.get(course.url, headers=headers)
    assert "X-Page-Cache" not in response


@pytest.mark.parametrize("cookie", ["sessionid", CookieStorage.cookie_name])
def test_a_session_or_messages_cookie_bypasses_the_cache(client, course, cookie):
    client.get(course.url)
    client.cookies[cookie] = "anything"
    assert "X-Page-Cache" not in client.get(course.url)


def test_other_cookies_still_get_the_kept_page(client, course):
    client.get(course.url)
    client.cookies["csrftoken"] = "x" * 32
    client.cookies["_ga"] = "tracker"
    assert client.get(course.url)["X-Page-Cache"] == "hit"


def test_a_page_with_a_csrf_token_is_not_kept(client, home_page):
    contact = ContactPageFactory(parent=home_page)
    response = client.get(contact.url)
    assert "csrfmiddlewaretoken" in response.text
    assert "X-Page-Cache" not in response
    assert "X-Page-Cache" not in client.get(contact.url)


def test_a_page_showing_a_message_is_not_kept(client, course):
    def greet(page, request, serve_args, serve_kwargs):
        messages.info(request, "Welcome back, stargazer")

    with hooks.register_temporarily("before_serve_page", greet):
        response = client.get(course.url)
    assert "Welcome back, stargazer" in response.text
    assert "X-Page-Cache" not in response
    assert "stargazer" not in client.get(course.url).text


def test_views_other_than_wagtail_pages_are_not_kept(client, home_page):
    client.get("/community/")
    response = client.get("/community/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


@pytest.mark.parametrize("path", ["/community/", "/robots.txt", "/no/such/page.txt"])
def test_other_views_are_not_looked_up_in_the_cache(
    client, home_page, path, monkeypatch
):
    looked_up = []

    def lookup(key):
        looked_up.append(key)
        return "generation", None

    monkeypatch.setattr("portal.page_cache.middleware.page_cache_get", lookup)
    client.get(path)
    assert looked_up == []


def test_the_sitemap_is_kept_and_a_publish_shows_on_it(client, course, commit):
    assert client.get("/sitemap.xml")["X-Page-Cache"] == "miss"
    assert client.get("/sitemap.xml")["X-Page-Cache"] == "hit"
    client.get("/sitemap-pages.xml")
    module = course.get_children().first()
    lesson = LessonPageFactory(
        parent=module, title="Planets", live=False, slug="planets"
    )
    kept = client.get("/sitemap-pages.xml")
    assert kept["X-Page-Cache"] == "hit"
    assert "/planets/" not in kept.text
    with commit():
        lesson.save_revision().publish()
    response = client.get("/sitemap-pages.xml")
    assert response["X-Page-Cache"] == "miss"
    assert "/planets/" in response.text


def test_nothing_is_kept_when_the_cache_is_off(client, course, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(course.url)
    assert "X-Page-Cache" not in client.get(course.url)


# Invalidation: whatever public pages show


def test_publishing_a_lesson_shows_on_the_kept_course_page(client, course, commit):
    client.get(course.url)
    module = course.get_children().first()
    lesson = LessonPageFactory(parent=module, title="Planets", live=False)
    assert "Planets" not in client.get(course.url).text
    with commit():
        lesson.save_revision().publish()
    response = client.get(course.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Planets" in response.text


def test_unpublishing_a_course_takes_its_kept_pages_away(client, course, commit):
    lesson = course.get_descendants().type(LessonPageFactory._meta.model).first()
    index = course.get_parent()
    for url in (course.url, lesson.url, index.url):
        assert client.get(url).status_code == 200
    with commit():
        course.unpublish()
    assert client.get(course.url).status_code == 404
    assert client.get(lesson.url).status_code == 404
    assert "Astronomy" not in client.get(index.url).text


def test_moving_and_deleting_pages_invalidate(client, course, commit):
    module = course.get_children().first().specific
    other = ModulePageFactory(parent=course, title="The planets")
    client.get(course.url)
    with commit():
        other.move(module, pos="left")
    text = client.get(course.url).text
    assert text.index("The planets") < text.index("The sky")
    with commit():
        other.delete()
    assert "The planets" not in client.get(course.url).text


def test_a_scheduled_publish_shows_on_the_kept_pages(client, course, commit):
    module = course.get_children().first()
    lesson = LessonPageFactory(parent=module, title="Comets", live=False)
    lesson.go_live_at = timezone.now() + timedelta(hours=1)
    lesson.save_revision().publish()  # scheduled, not live yet
    assert "Comets" not in client.get(course.url).text
    with time_machine.travel(timedelta(hours=2)), commit():
        call_command("publish_scheduled")
    assert "Comets" in client.get(course.url).text


def test_renaming_a_subject_shows_on_the_kept_catalog(client, course, commit):
    index = course.get_parent()
    assert course.subject.name in client.get(index.url).text
    with commit():
        course.subject.name = "Stargazing"
        course.subject.save()
    assert "Stargazing" in client.get(index.url).text


def test_a_site_setting_shows_on_every_kept_page(client, home_page, course, commit):
    client.get(course.url)
    privacy = home_page.add_child(
        instance=home_page.__class__(title="Privacy", slug="privacy")
    )
    legal = LegalPages.for_site(home_page.get_site())
    with commit():
        legal.privacy_policy = privacy
        legal.save()
    assert "Privacy policy" in client.get(course.url).text


def test_migrating_a_new_release_invalidates(client, course):
    client.get(course.url)
    call_command("migrate", verbosity=0)
    assert client.get(course.url)["X-Page-Cache"] == "miss"


def test_making_a_page_private_stops_serving_the_kept_copy(client, course, commit):
    assert client.get(course.url).status_code == 200
    with commit():
        PageViewRestriction.objects.create(
            page=course, restriction_type=PageViewRestriction.LOGIN
        )
    assert client.get(course.url).status_code == 302
