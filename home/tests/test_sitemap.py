import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import CoursePage
from home.factories import ContactPageFactory
from home.models import StandardPage

pytestmark = pytest.mark.django_db


def sitemap_paths(client, url: str = "/sitemap-pages.xml") -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    return {
        re.sub(r"^https?://[^/]+", "", location)
        for location in re.findall(r"<loc>(.*?)</loc>", response.content.decode())
    }


def course(catalog, slug: str, **fields) -> tuple[CoursePage, list]:
    """A course with a module, a lesson and a free-preview lesson."""
    page = CoursePageFactory(parent=catalog, slug=slug, **fields)
    module = ModulePageFactory(parent=page, slug="module")
    lessons = [
        LessonPageFactory(parent=module, slug="lesson"),
        LessonPageFactory(parent=module, slug="preview", free_preview=True),
    ]
    return page, [module, *lessons]


@pytest.fixture
def catalog(home_page):
    return CourseIndexPageFactory(parent=home_page, slug="courses")


def test_the_sitemap_lists_what_anyone_may_read(client, home_page, catalog):
    ContactPageFactory(parent=home_page)
    course(catalog, "open")
    course(catalog, "paid", access_level=CoursePage.AccessLevel.PURCHASE, price=10)
    course(catalog, "email", access_level=CoursePage.AccessLevel.EMAIL)
    course(catalog, "members", access_level=CoursePage.AccessLevel.MEMBERS)
    course(catalog, "soon", availability=CoursePage.Availability.COMING_SOON)

    paths = sitemap_paths(client)

    assert paths == {
        "/",
        "/contact/",
        "/courses/",
        "/courses/open/",
        "/courses/open/module/",
        "/courses/open/module/lesson/",
        "/courses/open/module/preview/",
        # Outlines are public; of a gated course's lessons, only free previews.
        "/courses/paid/",
        "/courses/paid/module/",
        "/courses/paid/module/preview/",
        "/courses/email/",
        "/courses/email/module/",
        "/courses/email/module/preview/",
        "/courses/members/",
        "/courses/members/module/",
        "/courses/members/module/preview/",
        # Nothing of a course coming soon opens yet.
        "/courses/soon/",
        "/courses/soon/module/",
    }


def test_drafts_and_private_pages_stay_out_of_the_sitemap(client, home_page, catalog):
    draft_course, draft_parts = course(catalog, "draft")
    draft_course.unpublish()
    _, (draft_module, *_lessons) = course(catalog, "draft-module")
    draft_module.unpublish()
    _, (_module, draft_lesson, _preview) = course(catalog, "draft-lesson")
    draft_lesson.unpublish()
    private = StandardPage(title="Staff only", slug="staff")
    home_page.add_child(instance=private)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    private.add_child(instance=StandardPage(title="Below it", slug="below"))

    paths = sitemap_paths(client)

    assert paths == {
        "/",
        "/courses/",
        "/courses/draft-module/",
        "/courses/draft-lesson/",
        "/courses/draft-lesson/module/",
        "/courses/draft-lesson/module/preview/",
    }


def test_the_index_and_robots_txt_lead_to_the_sitemap(client, home_page):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert re.search(r"<loc>http://[^<]+/sitemap-pages\.xml</loc>", index.text)

    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert robots["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in robots.text
    assert "Disallow: /admin/" in robots.text.splitlines()
    assert client.post("/robots.txt").status_code == 405


@pytest.mark.parametrize(
    "url", ["/sitemap-pages.xml?p=2", "/sitemap-pages.xml?p=x", "/sitemap-other.xml"]
)
def test_no_such_sitemap_is_not_found(client, home_page, url):
    assert client.get(url).status_code == 404


def test_the_sitemap_costs_the_same_queries_however_many_courses(
    client, home_page, catalog
):
    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            sitemap_paths(client)
            client.get("/sitemap.xml")
        return len(captured)

    course(catalog, "first", access_level=CoursePage.AccessLevel.PURCHASE, price=10)
    few = queries()
    for number in range(5):
        course(catalog, f"more-{number}", access_level=CoursePage.AccessLevel.OPEN)

    assert queries() == few
