import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def subdomains(settings):
    settings.COURSE_SUBDOMAIN_DOMAIN = "lectern.example.com"
    settings.ALLOWED_HOSTS = [
        "lectern.example.com",
        ".lectern.example.com",
        "testserver",
    ]


def test_course_subdomain_redirects_to_the_course(client, make_course, subdomains):
    course = make_course(title="Algebra", slug="algebra")

    response = client.get("/", HTTP_HOST="algebra.lectern.example.com")

    assert response.status_code == 302
    assert response["Location"] == course.full_url


def test_unknown_subdomain_goes_to_the_site(client, make_course, subdomains):
    response = client.get("/", HTTP_HOST="nothing-here.lectern.example.com")

    assert response["Location"] == "http://lectern.example.com/"


def test_unpublished_course_subdomain_reveals_nothing(client, make_course, subdomains):
    course = make_course(slug="secret")
    course.unpublish()

    response = client.get("/", HTTP_HOST="secret.lectern.example.com")

    assert response["Location"] == "http://lectern.example.com/"


def test_subdomains_are_off_by_default(client, make_course, settings):
    settings.ALLOWED_HOSTS = [".lectern.example.com", "testserver"]
    make_course(slug="algebra")

    response = client.get("/", HTTP_HOST="algebra.lectern.example.com")

    assert response.status_code == 200
