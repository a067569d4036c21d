import datetime as dt
import json
from io import BytesIO

from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from wagtail import hooks

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django_tasks_db.models import DBTaskResult
from PIL import Image

from members.factories import TeacherFactory, UserFactory
from members.models import TeacherAssignment, User
from members.services import account_delete, account_delete_if_due, accounts_delete_due

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
DELETE_URL = "/accounts/delete/"
CANCEL_URL = "/accounts/delete/cancel/"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def with_avatar(user: User) -> User:
    buffer = BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "PNG")
    user.avatar.save("a.png", ContentFile(buffer.getvalue()))
    return user


@pytest.fixture
def database_tasks(settings):
    """Tasks go to the database, as in production, for the worker to run."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0
    )


def test_wrong_password_schedules_nothing(client, home_page):
    user = UserFactory()
    client.force_login(user)

    response = client.post(DELETE_URL, {"password": "not-my-password"})

    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    user.refresh_from_db()
    assert user.deletion_due_at is None
    assert not mail.outbox


def test_request_schedules_deletion_in_30_days_and_shows_a_countdown(
    client, home_page, django_capture_on_commit_callbacks, database_tasks
):
    user = UserFactory()
    client.force_login(user)

    with time_machine.travel(START, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(DELETE_URL, {"password": PASSWORD})
        page = client.get(DELETE_URL)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.deletion_due_at == START + dt.timedelta(days=30)
    # (Saving the account queues its search indexing too.)
    task = DBTaskResult.objects.get(task_path="members.tasks.delete_account_when_due")
    assert task.run_after == START + dt.timedelta(days=30)
    assert mail.outbox[0].to == [user.email]
    assert "1 April 2026" in mail.outbox[0].body
    assert "/accounts/delete/" in mail.outbox[0].body
    content = page.content.decode()
    assert "30 days left" in content
    assert 'href="/privacy/"' not in content  # no legal pages set up here
    assert "no-store" in page["Cache-Control"]


def test_pending_deletion_shows_a_banner_on_every_page(client, home_page):
    user = UserFactory(deletion_due_at=timezone.now() + dt.timedelta(days=3))
    client.force_login(user)

    for url in ("/", "/accounts/profile/", f"/people/{user.pk}/"):
        assert 'data-testid="deletion-banner"' in client.get(url).content.decode()


def test_cancel_needs_no_password_and_ends_the_banner(client, home_page):
    user = UserFactory(deletion_due_at=timezone.now() + dt.timedelta(days=3))
    client.force_login(user)

    response = client.post(CANCEL_URL)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.deletion_due_at is None
    assert 'data-testid="deletion-banner"' not in client.get("/").content.decode()


def test_cancel_only_by_post(client, home_page):
    user = UserFactory(deletion_due_at=timezone.now() + dt.timedelta(days=3))
    client.force_login(user)

    assert client.get(CANCEL_URL).status_code == 405
    user.refresh_from_db()
    assert user.deletion_due_at is not None


def test_deletion_pages_need_login(client):
    assert client.get(DELETE_URL)["Location"].startswith("/accounts/login/")
    assert client.post(CANCEL_URL)["Location"].startswith("/accounts/login/")


# The worker closes its database connection after each task, as it should:
# the test cannot run inside a transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_lifecycle_request_cancel_request_again_and_the_task_at_day_30(
    client, home_page, django_capture_on_commit_callbacks, database_tasks
):
    user = with_avatar(UserFactory())
    avatar = user.avatar.name
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    teacher = with_avatar(TeacherFactory())
    TeacherAssignment.objects.create(teacher=teacher, student=user)
    bystander = with_avatar(UserFactory())
    client.force_login(user)

    with (
        time_machine.travel(START, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(DELETE_URL, {"password": PASSWORD})
    with time_machine.travel(START + dt.timedelta(days=2), tick=False):
        client.post(CANCEL_URL)
    with (
        time_machine.travel(START + dt.timedelta(days=5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(DELETE_URL, {"password": PASSWORD})

    # Day 30 of the first request: it was cancelled, so nothing happens.
    with time_machine.travel(START + dt.timedelta(days=30, minutes=1)):
        run_worker()
    assert User.objects.filter(pk=user.pk).exists()

    # Day 30 of the second request.
    with (
        time_machine.travel(START + dt.timedelta(days=35, minutes=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run_worker()

    assert not User.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email=user.email).exists()
    assert not TeacherAssignment.objects.exists()
    assert not default_storage.exists(avatar)
    # Nobody else's data is touched.
    teacher.refresh_from_db()
    bystander.refresh_from_db()
    assert default_storage.exists(teacher.avatar.name)
    assert default_storage.exists(bystander.avatar.name)
    assert User.objects.count() == 2


def test_sweep_deletes_only_accounts_that_are_due():
    due = UserFactory(deletion_due_at=timezone.now() - dt.timedelta(minutes=1))
    later = UserFactory(deletion_due_at=timezone.now() + dt.timedelta(days=1))
    staying = UserFactory()

    call_command("delete_due_accounts", verbosity=0)

    assert set(User.objects.values_list("pk", flat=True)) == {later.pk, staying.pk}
    assert not User.objects.filter(pk=due.pk).exists()
    assert accounts_delete_due() == 0


def test_other_apps_take_part_in_deletion_through_the_hook():
    user = UserFactory()
    seen = []

    def forget(deleting_user):
        # The user still exists while the hook runs.
        seen.append(User.objects.filter(pk=deleting_user.pk).exists())

    with hooks.register_temporarily("before_delete_account", forget):
        account_delete(user=user)

    assert seen == [True]
    assert not User.objects.filter(pk=user.pk).exists()


def test_export_holds_the_user_s_data_and_nobody_else_s(client):
    user = UserFactory(
        display_name="Nia", bio="Maths fan", phone_number="+254700000001"
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    other = UserFactory(display_name="Someone Else", bio="Secret bio")
    TeacherAssignment.objects.create(
        teacher=TeacherFactory(display_name="Mr. K"), student=user
    )
    client.force_login(user)

    response = client.get("/accounts/export/")

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="lectern-data-'
    )
    assert "private" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["profile"]["email"] == user.email
    assert data["profile"]["bio"] == "Maths fan"
    assert data["profile"]["phone_number"] == "+254700000001"
    assert data["email_addresses"] == [
        {"email": user.email, "verified": True, "primary": True}
    ]
    assert data["teachers"][0]["teacher"] == "Mr. K"
    text = response.content.decode()
    assert other.email not in text
    assert "Secret bio" not in text
    assert "password" not in text


def test_export_needs_login(client):
    assert client.get("/accounts/export/")["Location"].startswith("/accounts/login/")


def test_countdown_counts_whole_days_left(client, home_page):
    user = UserFactory()
    client.force_login(user)
    with time_machine.travel(START, tick=False):
        client.post(DELETE_URL, {"password": PASSWORD})
        assert "30 days left" in client.get(DELETE_URL).content.decode()
    with time_machine.travel(START + dt.timedelta(days=29, hours=1), tick=False):
        assert "1 day left" in client.get(DELETE_URL).content.decode()
    with time_machine.travel(START + dt.timedelta(days=30, seconds=1), tick=False):
        assert "Less than a day left" in client.get(DELETE_URL).content.decode()


def test_without_a_deferring_task_backend_the_sweep_deletes(
    client, home_page, django_capture_on_commit_callbacks
):
    # The test settings' immediate backend cannot run a task 30 days later.
    user = UserFactory()
    client.force_login(user)

    with (
        time_machine.travel(START, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(DELETE_URL, {"password": PASSWORD})
    assert response.status_code == 302

    with time_machine.travel(START + dt.timedelta(days=30, minutes=1)):
        call_command("delete_due_accounts", verbosity=0)
    assert not User.objects.filter(pk=user.pk).exists()


def test_one_failing_account_does_not_stop_the_sweep():
    past = timezone.now() - dt.timedelta(minutes=1)
    failing, fine = UserFactory(deletion_due_at=past), UserFactory(deletion_due_at=past)

    def refuse(user):
        if user.pk == failing.pk:
            raise RuntimeError("a hook failed")

    with hooks.register_temporarily("before_delete_account", refuse):
        assert accounts_delete_due() == 1

    assert User.objects.filter(pk=failing.pk).exists()
    assert not User.objects.filter(pk=fine.pk).exists()


def test_a_cancelled_deletion_is_not_carried_out():
    user = UserFactory(deletion_due_at=timezone.now() - dt.timedelta(minutes=1))
    User.objects.filter(pk=user.pk).update(deletion_due_at=None)

    assert not account_delete_if_due(user_id=user.pk)
    assert User.objects.filter(pk=user.pk).exists()


def test_guessing_the_password_for_deletion_is_rate_limited(client, home_page):
    user = UserFactory()
    client.force_login(user)
    for _ in range(10):
        client.post(DELETE_URL, {"password": "guess"})

    response = client.post(DELETE_URL, {"password": PASSWORD})

    assert "Too many attempts" in response.content.decode()
    user.refresh_from_db()
    assert user.deletion_due_at is None
