import pytest

from members.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def test_admin_login_page_sends_users_to_the_allauth_login(client):
    response = client.get("/admin/login/?next=/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"


@pytest.mark.parametrize("login_path", ["/admin/login/", "/_util/login/"])
def test_no_sign_in_form_but_allauths_can_be_posted_to(client, home_page, login_path):
    # Wagtail's private-page sign-in would skip allauth's rate limits and MFA.
    teacher = TeacherFactory()

    response = client.post(
        login_path, {"username": teacher.email, "password": PASSWORD}
    )

    assert response.status_code in (302, 405)
    assert "_auth_user_id" not in client.session
    assert client.get(f"{login_path}?next=/x/")["Location"] == (
        "/accounts/login/?next=/x/"
    )


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

    response = client.get("/admin/", follow=True)

    # Sent to sign in as someone who may, with a message saying why.
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/admin/"
    assert response.templates[0].name == "account/login.html"
    assert "You do not have permission to access the admin" in response.content.decode()


def test_teachers_may_upload_images_and_documents_students_may_not(client, home_page):
    client.force_login(TeacherFactory())
    assert client.get("/admin/images/multiple/add/").status_code == 200
    assert client.get("/admin/documents/multiple/add/").status_code == 200

    client.force_login(UserFactory())
    assert client.get("/admin/images/multiple/add/").status_code == 302


def test_admin_account_page_cannot_change_email_or_password(client, home_page):
    teacher = TeacherFactory(email="teacher@example.com")
    client.force_login(teacher)

    page = client.get("/admin/account/").content.decode()
    client.post(
        "/admin/account/",
        {
            "name_email-first_name": "T",
            "name_email-last_name": "Eacher",
            "name_email-email": "other@example.com",
            "password-old_password": PASSWORD,
            "password-new_password1": "a-brand-new-passphrase",
            "password-new_password2": "a-brand-new-passphrase",
        },
    )

    assert 'name="name_email-email"' not in page
    assert 'name="password-new_password1"' not in page
    teacher.refresh_from_db()
    assert teacher.email == "teacher@example.com"
    assert teacher.check_password(PASSWORD)


def test_admin_password_reset_is_switched_off(client):
    assert client.get("/admin/password_reset/").status_code == 404


def test_admin_pages_do_not_load_gravatar(client, home_page):
    client.force_login(TeacherFactory())

    assert "gravatar" not in client.get("/admin/").content.decode()
