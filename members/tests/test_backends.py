"""
Permissions come from one query (members/backends.py), and say what
Django's model backend says; signing in is left to the backends before.
"""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.test import Client

import pytest

from members.backends import OneQueryPermissionsBackend
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
