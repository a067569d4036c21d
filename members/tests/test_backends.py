"""
Permissions come from one query (members/backends.py), and say what
Django's model backend says; signing in is left to the backends before.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_migrate
from django.test import Client

import pytest

from members.backends import PERMISSIONS_GENERATION_KEY, OneQueryPermissionsBackend
from members.factories import UserFactory
from members.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_with_permissions() -> User:
    member = UserFactory()
    member.user_permissions.add(Permission.objects.get(codename="access_admin"))
    editors = Group.objects.create(name="Editors of snippets")
    editors.permissions.add(Permission.objects.get(codename="add_image"))
    member.groups.add(editors)
    return member


def test_own_and_group_permissions_come_from_one_query(
    member_with_permissions, django_assert_num_queries
):
    member = User.objects.get(pk=member_with_permissions.pk)

    with django_assert_num_queries(1):
        assert member.has_perm("wagtailadmin.access_admin")
        assert member.has_perm("wagtailimages.add_image")
        assert not member.has_perm("wagtailimages.delete_image")

    fresh = User.objects.get(pk=member.pk)
    assert OneQueryPermissionsBackend().get_all_permissions(fresh) == (
        ModelBackend().get_all_permissions(User.objects.get(pk=member.pk))
    )


def test_inactive_members_have_no_permission(member_with_permissions):
    member_with_permissions.is_active = False
    member_with_permissions.save()

    member = User.objects.get(pk=member_with_permissions.pk)
    assert not member.has_perm("wagtailadmin.access_admin")
    assert OneQueryPermissionsBackend().get_all_permissions(member) == set()


def test_a_session_from_djangos_own_backend_stays_signed_in(member_with_permissions):
    client = Client()
    session = client.session
    session[SESSION_KEY] = str(member_with_permissions.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = member_with_permissions.get_session_auth_hash()
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key

    response = client.get("/accounts/profile/")

    assert response.status_code == 200
    assert response.wsgi_request.user == member_with_permissions


def test_the_permissions_backend_signs_nobody_in(member_with_permissions):
    member_with_permissions.set_password("right-password-1")
    member_with_permissions.save()
    credentials = {
        "email": member_with_permissions.email,
        "password": "right-password-1",
    }

    assert OneQueryPermissionsBackend().authenticate(None, **credentials) is None
    assert ModelBackend().authenticate(None, **credentials) == member_with_permissions


def _signed_in(member: User) -> User:
    """The member as the next request reads them: a fresh row, no permissions yet."""
    return User.objects.get(pk=member.pk)


def test_permissions_are_kept_between_requests(
    member_with_permissions, django_assert_num_queries
):
    assert _signed_in(member_with_permissions).has_perm("wagtailadmin.access_admin")

    member = _signed_in(member_with_permissions)
    with django_assert_num_queries(0):
        assert member.has_perm("wagtailadmin.access_admin")
        assert not member.has_perm("wagtailimages.delete_image")


@pytest.mark.parametrize(
    "revoke",
    [
        pytest.param(
            lambda member, group: member.groups.remove(group), id="left group"
        ),
        pytest.param(lambda member, group: group.user_set.clear(), id="group emptied"),
        pytest.param(lambda member, group: group.delete(), id="group deleted"),
        pytest.param(
            lambda member, group: group.permissions.set([]), id="group's permissions"
        ),
    ],
)
def test_a_revoked_group_permission_is_gone_from_the_next_request(
    member_with_permissions, revoke
):
    editors = Group.objects.get(name="Editors of snippets")
    assert _signed_in(member_with_permissions).has_perm("wagtailimages.add_image")

    revoke(member_with_permissions, editors)

    assert not _signed_in(member_with_permissions).has_perm("wagtailimages.add_image")


def test_a_revoked_own_permission_is_gone_from_the_next_request(
    member_with_permissions,
):
    assert _signed_in(member_with_permissions).has_perm("wagtailadmin.access_admin")

    member_with_permissions.user_permissions.clear()

    assert not _signed_in(member_with_permissions).has_perm("wagtailadmin.access_admin")


def test_a_granted_permission_shows_on_the_next_request(member_with_permissions):
    assert not _signed_in(member_with_permissions).has_perm(
        "wagtailimages.change_image"
    )

    Group.objects.get(name="Editors of snippets").permissions.add(
        Permission.objects.get(codename="change_image")
    )

    assert _signed_in(member_with_permissions).has_perm("wagtailimages.change_image")


def test_permissions_read_before_a_change_commits_are_not_kept(
    member_with_permissions, commit
):
    """
    A request that reads the permissions while another's change has not
    committed yet reads the old set; the commit makes it stale all the same.
    """
    editors = Group.objects.get(name="Editors of snippets")
    kept = f"permissions:user:{member_with_permissions.pk}"
    with commit(), transaction.atomic():
        member_with_permissions.groups.remove(editors)
        # What a concurrent request keeps after the change's first new
        # versions: the rows it read were still the old ones.
        versions = cache.get_many(
            [
                PERMISSIONS_GENERATION_KEY,
                f"permissions:user-version:{member_with_permissions.pk}",
            ]
        )
        cache.set(kept, (tuple(versions.values()), {"wagtailimages.add_image"}))

    assert not _signed_in(member_with_permissions).has_perm("wagtailimages.add_image")


def test_an_emptied_cache_reads_the_permissions_again(member_with_permissions):
    assert _signed_in(member_with_permissions).has_perm("wagtailimages.add_image")
    cache.clear()

    assert _signed_in(member_with_permissions).has_perm("wagtailimages.add_image")


def test_one_members_new_group_leaves_the_others_kept_permissions(
    member_with_permissions, django_assert_num_queries
):
    assert _signed_in(member_with_permissions).has_perm("wagtailimages.add_image")

    UserFactory().groups.add(Group.objects.get(name="Editors of snippets"))
    member = _signed_in(member_with_permissions)

    with django_assert_num_queries(0):
        assert member.has_perm("wagtailimages.add_image")


def test_a_migration_makes_kept_permissions_stale(member_with_permissions):
    assert _signed_in(member_with_permissions).has_perm("wagtailimages.add_image")
    # As a data migration revokes, through historical models: no m2m signal.
    Group.permissions.through.objects.filter(group__name="Editors of snippets").delete()

    members = apps.get_app_config("members")
    post_migrate.send(
        sender=members,
        app_config=members,
        verbosity=0,
        interactive=False,
        using="default",
        apps=apps,
        plan=[],
    )

    assert not _signed_in(member_with_permissions).has_perm("wagtailimages.add_image")
