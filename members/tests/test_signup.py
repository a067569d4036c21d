import re

from django.core import mail

import pytest
from allauth.account.forms import SignupForm
from allauth.account.models import EmailAddress

from members.adapters import AccountAdapter
from members.factories import UserFactory
from members.models import User

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/accounts/signup/"


def signup_data(**extra):
    return {
        "email": "Learner@Example.com",
        "display_name": "Lulu Learner",
        "password1": "a-long-unusual-passphrase",
        "password2": "a-long-unusual-passphrase",
        **extra,
    }


def test_signup_creates_a_student_and_sends_a_verification_email(client, home_page):
    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 302
    user = User.objects.get(email="learner@example.com")
    assert user.role == User.Role.STUDENT
    assert list(user.groups.values_list("name", flat=True)) == ["Students"]
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["learner@example.com"]
    assert mail.outbox[0].subject.startswith("[Lectern] ")
    assert "Hello from Lectern!" in mail.outbox[0].body


def test_forged_fields_cannot_give_a_higher_role(client, home_page):
    client.post(
        SIGNUP_URL,
        signup_data(
            role=User.Role.TEACHER,
            is_superuser="on",
            is_staff="on",
            groups="1",
        ),
    )

    user = User.objects.get(email="learner@example.com")
    assert user.role == User.Role.STUDENT
    assert not user.is_superuser
    assert not user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == ["Students"]
    assert not user.has_perm("wagtailadmin.access_admin")


def test_signup_refuses_an_email_already_taken_in_another_case(client, home_page):
    UserFactory(email="learner@example.com")

    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 200
    assert "already registered" in response.content.decode()
    assert User.objects.filter(email__iexact="learner@example.com").count() == 1


@pytest.mark.parametrize("role", [User.Role.TEACHER, User.Role.ADMIN])
def test_adapter_makes_a_student_whatever_the_form_set(rf, role):
    # Even if a future sign-up form (or a bug) put a role on the user,
    # saving a sign-up makes a student.
    request = rf.post("/accounts/signup/")
    user = User(email="forged@example.com", role=role, is_superuser=True, is_staff=True)
    form = SignupForm(data=signup_data(email="forged@example.com"))
    assert form.is_valid(), form.errors

    AccountAdapter().save_user(request, user, form)

    user.refresh_from_db()
    assert user.role == User.Role.STUDENT
    assert not user.is_superuser
    assert not user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == ["Students"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("close_thread_connections")
async def test_users_created_asynchronously_get_their_role_group():
    user = await User.objects.acreate_user(email="async@example.com", password="x")

    names = [name async for name in user.groups.values_list("name", flat=True)]
    assert names == ["Students"]


def test_signup_spam_trap_is_clipped_in_place_not_pushed_off_screen(client, home_page):
    content = client.get(SIGNUP_URL).content.decode()

    (trap,) = re.findall(r'<input[^>]*name="website"[^>]*>', content)
    # allauth's inline `right: -99999px` made the page 100,000px wide on phones.
    assert "style=" not in trap
    assert 'tabindex="-1"' in trap
    assert '<div class="sr-only" aria-hidden="true">' in content


def test_a_bot_that_fills_the_spam_trap_gets_no_account(client, home_page):
    client.post(SIGNUP_URL, signup_data(website="https://spam.example"))

    assert not User.objects.filter(email="learner@example.com").exists()


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", "Enter your name: it is how others see you on Lectern."),
        ("   ", "Enter your name: it is how others see you on Lectern."),
        ("\u200b.", "Enter a name with at least one letter or digit."),
        ("x" * 81, "Ensure this value has at most 80 characters (it has 81)."),
    ],
)
def test_signup_asks_for_a_name_and_says_what_is_wrong(client, home_page, name, error):
    response = client.post(SIGNUP_URL, signup_data(display_name=name))

    assert response.status_code == 200
    assert response.context["form"].errors["display_name"] == [error]
    assert not User.objects.filter(email="learner@example.com").exists()


def test_signup_trims_the_name(client, home_page):
    client.post(SIGNUP_URL, signup_data(display_name="  Lulu Learner  "))

    assert User.objects.get(email="learner@example.com").display_name == "Lulu Learner"


def test_signup_gives_a_handle_from_the_name_numbered_when_taken(client, home_page):
    UserFactory(handle="Lulu_Learner")

    client.post(SIGNUP_URL, signup_data(display_name="Lulu Learnér", handle="admin"))

    user = User.objects.get(email="learner@example.com")
    # A forged handle field is not the sign-up form's: it is ignored.
    assert user.handle == "lulu_learner2"
    assert user.display_name == "Lulu Learnér"
