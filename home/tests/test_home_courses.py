from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest
import wagtail_factories

from courses.factories import CourseIndexPageFactory, CoursePageFactory
from home.models import HomePageFeaturedCourse
from home.selectors import NEWEST_COURSES_SHOWN, home_page_courses

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(home_page):
    return CourseIndexPageFactory(parent=home_page, slug="learn")


def course(catalog, title: str, days_old: int = 0, **fields):
    return CoursePageFactory(
        parent=catalog,
        title=title,
        first_published_at=timezone.now() - timedelta(days=days_old),
        **fields,
    )


def feature(home_page, *courses) -> None:
    for position, chosen in enumerate(courses):
        HomePageFeaturedCourse.objects.create(
            page=home_page, course=chosen, sort_order=position
        )


def test_featured_courses_come_in_the_editors_order_then_the_newest_others(
    home_page, catalog
):
    oldest = course(catalog, "Oldest", days_old=3)
    older = course(catalog, "Older", days_old=2)
    newest = course(catalog, "Newest", days_old=1)
    feature(home_page, older, oldest)

    shown = home_page_courses(page=home_page)

    assert shown.catalog == catalog
    assert shown.featured == [older, oldest]
    assert shown.newest == [newest]


def test_a_preview_shows_the_editors_unsaved_choice(home_page, catalog):
    first, second = course(catalog, "First"), course(catalog, "Second")
    feature(home_page, first)

    home_page.featured_courses = [
        HomePageFeaturedCourse(course=second),
        HomePageFeaturedCourse(course=first),
    ]

    assert home_page_courses(page=home_page).featured == [second, first]


def test_only_courses_the_catalog_lists_are_featured(home_page, catalog):
    listed = course(catalog, "Listed")
    draft = course(catalog, "Draft", live=False)
    private = course(catalog, "Private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    feature(home_page, draft, private, listed)

    shown = home_page_courses(page=home_page)

    assert shown.featured == [listed]
    assert shown.newest == []


def test_without_featured_courses_the_home_page_shows_the_newest(
    client, home_page, catalog
):
    courses = [course(catalog, f"Course {n}", days_old=n) for n in range(8)]

    response = client.get("/")

    shown = response.context["home_courses"]
    assert shown.featured == []
    assert shown.newest == courses[:NEWEST_COURSES_SHOWN]
    content = response.content.decode()
    assert "Featured courses" not in content
    assert "Newest courses" in content
    assert content.count('href="/learn/">Browse all courses</a>') == 1


def test_the_home_page_shows_featured_before_newest_with_the_catalog_link(
    client, home_page, catalog
):
    course(catalog, "Bread baking", days_old=1)
    feature(home_page, course(catalog, "Beekeeping", days_old=2))

    content = client.get("/").content.decode()

    assert (
        content.index("Featured courses")
        < content.index("Beekeeping")
        < content.index("Newest courses")
        < content.index("Bread baking")
    )
    assert content.count('href="/learn/">Browse all courses</a>') == 2


def test_no_course_sections_without_a_live_catalog(client, home_page, catalog):
    course(catalog, "Bread baking")
    catalog.unpublish()

    content = client.get("/").content.decode()

    assert "Bread baking" not in content
    assert "Newest courses" not in content


def home_page_queries(client) -> int:
    client.get("/")  # renditions are made on the first view
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_home_page_queries_do_not_grow_with_the_catalog(client, home_page, catalog):
    def add_courses(count: int) -> None:
        # Half of them featured, with thumbnails and subjects of their own.
        for n in range(count):
            added = CoursePageFactory(
                parent=catalog, thumbnail=wagtail_factories.ImageFactory()
            )
            if n % 2:
                feature(home_page, added)

    add_courses(2)
    small = home_page_queries(client)
    add_courses(8)
    large = home_page_queries(client)

    assert large == small
