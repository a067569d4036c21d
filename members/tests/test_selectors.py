from django.contrib.auth.models import AnonymousUser

from wagtail import hooks

import pytest
from allauth.account.models import EmailAddress

from members.factories import UserFactory
from members.selectors import (
    ProfileSection,
    profile_section_list,
    user_has_verified_email,
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
