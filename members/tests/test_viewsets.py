import re
from io import BytesIO

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from wagtail import hooks
from wagtail.models import ModelLogEntry

import pytest
from PIL import Image

from members.factories import AdminFactory, TeacherFactory, UserFactory
from members.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.search_index]


def edit_data(user: User, **extra) -> dict:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "handle": user.handle,
        "is_active": "on",
        "role": user.role,
        **extra,
    }


def group_names(user: User) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


@pytest.fixture
def admin_client(client):
    admin = AdminFactory()
    client.force_login(admin)
    client.admin = admin
    return client


def test_admin_promotes_a_student_to_teacher_and_it_is_logged(admin_client):
    student = UserFactory()

    response = admin_client.post(
        f"/admin/users/edit/{student.pk}/", edit_data(student, role="teacher")
    )

    assert response.status_code == 302
    student.refresh_from_db()
    assert student.role == User.Role.TEACHER
    assert group_names(student) == {"Teachers"}
    entry = ModelLogEntry.objects.get(action="members.change_role")
    assert entry.object_id == str(student.pk)
    assert entry.user == admin_client.admin
    assert entry.data == {"from": "student", "to": "teacher"}
    assert entry.message == "Role changed from Student to Teacher"


def test_admin_demotes_a_teacher_to_student(admin_client):
    teacher = TeacherFactory()

    admin_client.post(
        f"/admin/users/edit/{teacher.pk}/", edit_data(teacher, role="student")
    )

    teacher.refresh_from_db()
    assert teacher.role == User.Role.STUDENT
    assert group_names(teacher) == {"Students"}
    assert not teacher.has_perm("wagtailadmin.access_admin")


def test_editing_other_fields_keeps_role_groups_and_logs_no_role_change(admin_client):
    teacher = TeacherFactory()
    reviewers = Group.objects.create(name="Reviewers")

    admin_client.post(
        f"/admin/users/edit/{teacher.pk}/",
        edit_data(teacher, first_name="Renamed", groups=[reviewers.pk]),
    )

    teacher.refresh_from_db()
    assert teacher.first_name == "Renamed"
    assert group_names(teacher) == {"Teachers", "Reviewers"}
    assert not ModelLogEntry.objects.filter(action="members.change_role").exists()


@pytest.mark.parametrize("view", ["new", "edit"])
def test_user_forms_render_every_field_they_validate(admin_client, view):
    # A field the form validates but the page leaves out fails every save.
    Group.objects.create(name="Reviewers")  # so that "groups" has a box to show
    url = (
        "/admin/users/new/"
        if view == "new"
        else f"/admin/users/edit/{UserFactory().pk}/"
    )

    response = admin_client.get(url)

    html = response.content.decode()
    fields = response.context["form"].fields
    assert {name for name in fields if f'name="{name}"' not in html} == set()


def test_a_tampered_role_is_refused_beside_the_field_and_at_the_top(admin_client):
    student = UserFactory()

    response = admin_client.post(
        f"/admin/users/edit/{student.pk}/", edit_data(student, role="overlord")
    )

    assert response.status_code == 200
    error = "Select a valid choice. overlord is not one of the available choices."
    assert response.context["form"].errors == {"role": [error]}
    html = response.content.decode()
    assert f"<li>Role: {error}</li>" in html
    assert html.count(error) == 2
    student.refresh_from_db()
    assert student.role == User.Role.STUDENT
    assert group_names(student) == {"Students"}
    assert not ModelLogEntry.objects.filter(action="members.change_role").exists()


def test_users_listing_shows_each_role_and_filters_by_it(admin_client):
    teacher = TeacherFactory(first_name="Tamu", last_name="Teacher")
    UserFactory(first_name="Sifa", last_name="Student")

    response = admin_client.get("/admin/users/", {"role": "teacher"})

    assert [user.pk for user in response.context["object_list"]] == [teacher.pk]
    html = re.sub(r"\s+", " ", response.content.decode())
    assert re.search(r"<th[^>]*>.*?Role", html)
    assert "<td > Teacher </td>" in html
    assert "Sifa" not in html


@pytest.mark.parametrize("query", ["findme.person@example.org", "findme", "Ngozi"])
def test_admins_find_a_member_by_address_or_name_in_the_users_listing(
    admin_client, query
):
    UserFactory(email="findme.person@example.org", first_name="Ngozi")
    UserFactory(email="someone.else@example.org", first_name="Amara")

    content = admin_client.get("/admin/users/", {"q": query}).content.decode()

    assert "findme.person@example.org" in content
    assert "someone.else@example.org" not in content


def test_a_teacher_cannot_open_a_users_edit_page(client):
    student = UserFactory()
    client.force_login(TeacherFactory())

    response = client.get(f"/admin/users/edit/{student.pk}/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_role_groups_and_superuser_are_not_offered_directly(admin_client):
    student = UserFactory()

    form = admin_client.get(f"/admin/users/edit/{student.pk}/").context["form"]

    assert "is_superuser" not in form.fields
    offered = set(form.fields["groups"].queryset.values_list("name", flat=True))
    assert offered.isdisjoint({"Students", "Teachers", "Moderators"})


def test_forged_superuser_or_role_group_fields_are_ignored(admin_client):
    student = UserFactory()
    moderators = Group.objects.get(name="Moderators")

    admin_client.post(
        f"/admin/users/edit/{student.pk}/",
        edit_data(student, is_superuser="on", groups=[moderators.pk]),
    )

    student.refresh_from_db()
    assert not student.is_superuser
    assert group_names(student) == {"Students"}


def test_admin_creates_a_teacher(admin_client):
    response = admin_client.post(
        "/admin/users/new/",
        {
            "email": "new.teacher@example.com",
            "first_name": "",
            "last_name": "",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "role": "teacher",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.teacher@example.com")
    assert user.role == User.Role.TEACHER
    assert group_names(user) == {"Teachers"}


def test_admin_cannot_demote_themselves(admin_client):
    admin = admin_client.admin

    admin_client.post(
        f"/admin/users/edit/{admin.pk}/", edit_data(admin, role="student")
    )

    admin.refresh_from_db()
    assert admin.role == User.Role.ADMIN
    assert admin.is_superuser


@pytest.mark.parametrize("factory", [TeacherFactory, UserFactory])
def test_teachers_and_students_cannot_change_roles(client, factory):
    student = UserFactory()
    client.force_login(factory())

    response = client.post(
        f"/admin/users/edit/{student.pk}/", edit_data(student, role="admin")
    )

    assert response.status_code in (302, 403)
    student.refresh_from_db()
    assert student.role == User.Role.STUDENT


def test_deleting_a_user_in_the_admin_deletes_the_account_files_and_all(
    admin_client, django_capture_on_commit_callbacks
):
    buffer = BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG")
    user = UserFactory()
    user.avatar.save("a.png", ContentFile(buffer.getvalue()))
    avatar = user.avatar.name
    seen = []
    user_id = user.pk

    with (
        hooks.register_temporarily(
            "before_delete_account", lambda deleting: seen.append(deleting.pk)
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = admin_client.post(f"/admin/users/delete/{user.pk}/")

    assert response.status_code == 302
    assert not User.objects.filter(pk=user_id).exists()
    assert seen == [user_id]
    assert not default_storage.exists(avatar)


def test_bulk_deleting_users_deletes_their_accounts(admin_client):
    users = UserFactory.create_batch(2)
    seen = []

    with hooks.register_temporarily(
        "before_delete_account", lambda deleting: seen.append(deleting.pk)
    ):
        query = "&".join(f"id={user.pk}" for user in users)
        response = admin_client.post(
            f"/admin/bulk/members/user/delete/?next=/admin/users/&{query}"
        )

    assert response.status_code == 302
    assert sorted(seen) == sorted(user.pk for user in users)
    assert not User.objects.filter(pk__in=[user.pk for user in users]).exists()


def test_bulk_assigning_a_role_group_is_refused(admin_client):
    student = UserFactory()
    teachers = Group.objects.get(name="Teachers")

    admin_client.post(
        f"/admin/bulk/members/user/assign_role/?next=/admin/users/&id={student.pk}",
        {"role": teachers.pk},
    )

    assert group_names(student) == {"Students"}
    assert not student.has_perm("wagtailadmin.access_admin")


def new_user_data(**extra) -> dict:
    return {
        "email": "new.member@example.com",
        "first_name": "Ngozi",
        "last_name": "Adichie",
        "password1": "a-long-unusual-passphrase",
        "password2": "a-long-unusual-passphrase",
        "role": "student",
        **extra,
    }


def test_a_user_created_in_the_admin_without_a_handle_gets_one(admin_client):
    UserFactory(handle="ngozi_adichie")

    response = admin_client.post("/admin/users/new/", new_user_data(handle=""))

    assert response.status_code == 302
    user = User.objects.get(email="new.member@example.com")
    assert user.handle == "ngozi_adichie2"


def test_admin_gives_a_new_user_their_handle(admin_client):
    admin_client.post("/admin/users/new/", new_user_data(handle="@Ngozi"))

    assert User.objects.get(email="new.member@example.com").handle == "Ngozi"


@pytest.mark.parametrize(
    ("handle", "error"),
    [
        ("NGOZI", "@NGOZI is taken: choose another handle."),
        (
            "ngozi!",
            "A handle is 3 to 30 characters: letters A to Z without accents, "
            "digits and underscores.",
        ),
    ],
)
def test_a_taken_or_malformed_handle_is_refused_in_the_admin(
    admin_client, handle, error
):
    UserFactory(handle="ngozi")
    member = UserFactory(handle="kept")

    created = admin_client.post("/admin/users/new/", new_user_data(handle=handle))
    edited = admin_client.post(
        f"/admin/users/edit/{member.pk}/", edit_data(member, handle=handle)
    )

    for response in (created, edited):
        assert response.status_code == 200
        assert response.context["form"].errors == {"handle": [error]}
    assert not User.objects.filter(email="new.member@example.com").exists()
    member.refresh_from_db()
    assert member.handle == "kept"


def test_admin_changes_a_handle_and_finds_the_member_by_it(admin_client):
    member = UserFactory(handle="rude_word", email="member@example.org")

    admin_client.post(
        f"/admin/users/edit/{member.pk}/", edit_data(member, handle="renamed")
    )

    member.refresh_from_db()
    assert member.handle == "renamed"
    content = admin_client.get("/admin/users/", {"q": "renamed"}).content.decode()
    assert "member@example.org" in content
