import pytest

from members.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def test_admin_login_page_sends_users_to_the_allauth_login(client):
    response = client.get("/admin/login/?next=/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"


def test_admin_login_page_cannot_be_posted_to(client):
    teacher = TeacherFactory()

    response = client.post(
        "/admin/login/", {"username": teacher.email, "password": PASSWORD}
    )

    assert response.status_code in (302, 405)
    assert "_auth_user_id" not in client.session


def test_anonymous_admin_visit_redirects_to_the_allauth_login(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_teacher_signs_in_through_allauth_and_reaches_the_admin(client, home_page):
    teacher = TeacherFactory()

    response = client.post(
        "/accounts/login/?next=/admin/", {"login": teacher.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"

    assert client.get("/admin/").status_code == 200


def test_student_is_kept_out_of_the_admin(client, home_page):
    client.force_login(UserFactory())

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/")
    assert not response["Location"].startswith("/admin/")


def test_admin_password_reset_is_switched_off(client):
    assert client.get("/admin/password_reset/").status_code == 404


def test_admin_pages_do_not_load_gravatar(client, home_page):
    client.force_login(TeacherFactory())

    assert "gravatar" not in client.get("/admin/").content.decode()
