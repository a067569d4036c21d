from wagtail.blocks import StructBlockValidationError

import pytest

from home.blocks import CallToActionBlock
from members.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_home_page_renders_for_anonymous_visitor(client, home_page):
    response = client.get("/")

    assert response.status_code == 200
    assert "home/home_page.html" in [t.name for t in response.templates]
    assert "base.html" in [t.name for t in response.templates]
    content = response.content.decode()
    assert home_page.hero_title in content
    assert 'href="/accounts/login/"' in content
    assert 'href="/accounts/signup/"' in content
    assert "Log out" not in content


def test_navigation_shows_the_logged_in_user(client, home_page):
    user = UserFactory(first_name="Wanjiru", last_name="Kamau")
    client.force_login(user)

    content = client.get("/").content.decode()

    assert "Wanjiru Kamau" in content
    assert "Log out" in content
    assert 'href="/accounts/login/"' not in content
    # Students have no business in the admin, so no link to it.
    assert 'href="/admin/"' not in content


def test_navigation_links_teachers_to_the_admin(client, home_page):
    client.force_login(TeacherFactory())

    assert 'href="/admin/"' in client.get("/").content.decode()


def test_home_page_renders_its_streamfield(client, home_page):
    home_page.body = [
        ("paragraph", "<p>Study at your own pace.</p>"),
        (
            "call_to_action",
            {
                "title": "Teach with us",
                "text": "",
                "page": home_page,
                "url": "",
                "button_label": "Start",
            },
        ),
    ]
    home_page.save_revision().publish()

    content = client.get("/").content.decode()

    assert "Study at your own pace." in content
    assert "Teach with us" in content


def test_call_to_action_needs_a_page_or_a_url():
    block = CallToActionBlock()
    value = block.to_python(
        {"title": "Go", "text": "", "page": None, "url": "", "button_label": "Go"}
    )

    with pytest.raises(StructBlockValidationError):
        block.clean(value)


@pytest.mark.parametrize(
    ("url", "valid"),
    [
        ("/accounts/signup/", True),
        ("https://example.com/courses/", True),
        ("//evil.example/", False),
        ("javascript:alert(1)", False),
        ("courses", False),
    ],
)
def test_call_to_action_links_are_full_urls_or_site_paths(url, valid):
    block = CallToActionBlock()
    value = block.to_python(
        {"title": "Go", "text": "", "page": None, "url": url, "button_label": "Go"}
    )

    if valid:
        assert block.clean(value)["url"] == url
    else:
        with pytest.raises(StructBlockValidationError):
            block.clean(value)


def test_anonymous_pages_set_no_csrf_cookie(client, home_page):
    # A cookie on every page would keep shared caches from storing them.
    response = client.get("/")

    assert "csrftoken" not in response.cookies
