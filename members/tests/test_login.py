import pytest

from members.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase"


def test_login_by_email_ignores_case(client, home_page):
    UserFactory(email="learner@example.com", password=PASSWORD)

    response = client.post(
        "/accounts/login/",
        {"login": "LEARNER@example.com", "password": PASSWORD},
    )

    assert response.status_code == 302
    assert client.get("/").context["user"].email == "learner@example.com"


def test_signed_in_user_can_sign_in_as_someone_else(client, home_page):
    first = UserFactory(password=PASSWORD)
    second = UserFactory(password=PASSWORD)
    client.post("/accounts/login/", {"login": first.email, "password": PASSWORD})
    first_session = client.session.session_key

    assert client.get("/accounts/login/").status_code == 200
    client.post("/accounts/login/", {"login": second.email, "password": PASSWORD})

    assert client.session["_auth_user_id"] == str(second.pk)
    # The first user's session is over, not handed on.
    assert client.session.session_key != first_session


def test_wrong_password_changes_nothing(client, home_page):
    user = UserFactory(password=PASSWORD)
    client.force_login(user)

    response = client.post(
        "/accounts/login/", {"login": user.email, "password": "wrong-password"}
    )

    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert client.session["_auth_user_id"] == str(user.pk)
