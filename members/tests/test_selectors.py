from django.contrib.auth.models import AnonymousUser

from wagtail import hooks

import pytest
from allauth.account.models import EmailAddress

from members.factories import UserFactory
from members.selectors import (
    ProfileSection,
    handle_is_taken,
    profile_section_list,
    user_data_export,
    user_has_verified_email,
    user_list_by_handles,
)

pytestmark = pytest.mark.django_db


def test_verified_email_means_the_sign_in_address_is_verified():
    user = UserFactory(email="me@example.com")
    assert not user_has_verified_email(user=user)

    EmailAddress.objects.create(user=user, email="other@example.com", verified=True)
    assert not user_has_verified_email(user=user)

    EmailAddress.objects.create(
        user=user, email="me@example.com", verified=True, primary=True
    )
    assert user_has_verified_email(user=user)
    assert not user_has_verified_email(user=AnonymousUser())


def test_profile_sections_come_from_the_hook_in_its_order():
    member = UserFactory()
    first = ProfileSection(template_name="first.html", context={"n": 1})
    second = ProfileSection(template_name="second.html", context={"n": 2})

    with (
        hooks.register_temporarily(
            "register_profile_section", lambda m: second, order=-1
        ),
        hooks.register_temporarily(
            "register_profile_section", lambda m: first, order=-2
        ),
    ):
        sections = profile_section_list(member=member)

    assert sections[:2] == [first, second]


def test_members_are_found_by_their_handles_whatever_the_case():
    ada = UserFactory(handle="Ada_L")
    grace = UserFactory(handle="grace")
    UserFactory(handle="gone", is_active=False)
    UserFactory(handle="other")

    found = user_list_by_handles(handles=["ada_l", "GRACE", "Grace", "gone", "nobody"])

    assert set(found) == {ada, grace}
    assert not user_list_by_handles(handles=[]).exists()


def test_a_handle_is_taken_by_anyone_else_even_inactive():
    user = UserFactory(handle="mine")
    UserFactory(handle="Theirs", is_active=False)

    assert handle_is_taken(handle="THEIRS", user=user)
    assert handle_is_taken(handle="MINE")
    assert not handle_is_taken(handle="MINE", user=user)
    assert not handle_is_taken(handle="free")


def test_the_data_export_holds_the_handle():
    user = UserFactory(handle="exported")

    assert user_data_export(user=user)["profile"]["handle"] == "exported"
