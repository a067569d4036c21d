import re
from html import unescape

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

import pytest

from courses.factories import CourseIndexPageFactory, CoursePageFactory
from home.factories import ContactPageFactory
from home.models import LegalPages, StandardPage
from members.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db


def header(client, path: str = "/") -> str:
    content = client.get(path).content.decode()
    return re.search(r"<header.*?</header>", content, re.DOTALL).group()


def link_labels(html: str) -> list[str]:
    return [
        " ".join(unescape(re.sub(r"<[^>]+>", " ", label)).split())
        for label in re.findall(r"<a [^>]*>(.*?)</a>", html, re.DOTALL)
    ]


@pytest.fixture
def catalog(home_page):
    return CourseIndexPageFactory(parent=home_page, title="Courses", slug="learn")


def test_visitors_find_the_catalog_where_its_page_lives(client, catalog):
    html = header(client)

    assert '<a href="/learn/"' in html
    assert link_labels(html) == [
        "L Lectern",
        "Courses",
        "Media",
        "Community",
        "Log in",
        "Sign up",
    ]


def test_no_link_to_an_unpublished_catalog(client, catalog):
    catalog.unpublish()

    assert "Courses" not in link_labels(header(client))


def test_members_have_their_sections_and_account_menu(client, catalog):
    client.force_login(UserFactory(first_name="Wanjiru", last_name="Kamau"))

    html = header(client)

    assert link_labels(html) == [
        "L Lectern",
        "Courses",
        "My learning",
        "Media",
        "Community",
        "Chats",
        "Notifications, 0 unread",
        "Profile and settings",
        "My media",
    ]
    assert "Wanjiru Kamau" in html
    assert "Log out" in html


def test_teachers_also_reach_their_students_media_and_the_admin(client, catalog):
    client.force_login(TeacherFactory())

    labels = link_labels(header(client))

    # Teachers take donations, and see what they were given.
    assert labels[-3:] == ["Students' media", "Donations received", "Admin"]


def test_the_section_being_visited_is_marked(client, catalog):
    course = CoursePageFactory(parent=catalog, slug="baking")

    assert 'href="/learn/" aria-current="page"' in header(client, "/learn/")
    assert 'href="/learn/" aria-current="true"' in header(client, course.url)
    assert 'aria-current="' not in header(client, "/")


def test_the_menu_button_controls_the_links(client, catalog):
    html = header(client)

    assert 'aria-expanded="false" aria-controls="site-menu"' in html
    assert 'id="site-menu"' in html


def test_the_server_error_page_header_needs_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        content = render_to_string("500.html")

    assert "Something went wrong" in content


def footer(client, path: str = "/") -> tuple[str, int]:
    """The footer of the page at `path`, and how many queries the page cost."""
    with CaptureQueriesContext(connection) as queries:
        content = client.get(path).content.decode()
    return re.search(r"<footer.*?</footer>", content, re.DOTALL).group(), len(queries)


def test_a_text_page_shows_its_body(client, home_page):
    terms = StandardPage(
        title="Terms",
        slug="terms",
        intro="What you agree to.",
        body=[("paragraph", "<p>Be <b>kind</b> in the forums.</p>")],
    )
    home_page.add_child(instance=terms)

    response = client.get("/terms/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "What you agree to." in html
    assert "<p>Be <b>kind</b> in the forums.</p>" in html


def test_the_footer_links_the_published_legal_and_contact_pages(client, home_page):
    legal = LegalPages.for_site(home_page.get_site())
    footer(client)
    html, without_links = footer(client)
    assert link_labels(html) == []
    legal.privacy_policy = StandardPage(title="Privacy", slug="privacy")
    home_page.add_child(instance=legal.privacy_policy)
    legal.terms = StandardPage(title="Terms", slug="terms", live=False)
    home_page.add_child(instance=legal.terms)
    legal.contact = ContactPageFactory(parent=home_page)
    legal.save()

    html, _queries = footer(client, "/contact/")

    # The unpublished terms are not linked.
    assert link_labels(html) == ["Privacy policy", "Contact us"]
    assert '<a class="hover:text-brand-700" href="/privacy/">' in html
    assert 'href="/contact/" aria-current="page"' in html
    # Read with the setting itself: no query of their own.
    _html, home_queries = footer(client)
    assert home_queries == without_links
