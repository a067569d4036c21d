from django.core.exceptions import ValidationError
from django.db import IntegrityError

import pytest

from members.factories import UserFactory
from members.handles import handle_from_text
from members.models import User

pytestmark = pytest.mark.django_db


def create(email: str = "someone@example.com", **fields) -> User:
    fields.setdefault("first_name", "")
    fields.setdefault("last_name", "")
    return User.objects.create_user(email, "a-long-unusual-passphrase", **fields)


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("Zoë Ångström", "zoe_angstrom"),
        ("  Amina   Yusuf ", "amina_yusuf"),
        ("Anne-Marie O’Brien", "anne_marie_obrien"),
        ("jean.dupont+lectern", "jean_dupont_lectern"),
        ("Dr. Ngozi 🎓 2nd", "dr_ngozi_2nd"),
        ("🎉🎉", ""),
        ("李小龙", ""),
        ("   ", ""),
        ("a" * 29 + " b", "a" * 29),
    ],
)
def test_a_handle_is_made_of_the_allowed_characters(text, handle):
    assert handle_from_text(text) == handle


def test_a_new_account_is_handled_by_its_display_name():
    user = create(display_name="Zoë Ångström", first_name="Zoe", last_name="Other")

    user.refresh_from_db()
    assert user.handle == "zoe_angstrom"


def test_without_a_display_name_the_full_name_gives_the_handle():
    assert create(first_name="Wanjiru", last_name="Kamau").handle == "wanjiru_kamau"


@pytest.mark.parametrize("name", ["", "🦊🦊", "李小龙"])
def test_without_a_usable_name_a_member_is_a_member_never_their_address(name):
    first = create("juma.otieno@example.com", display_name=name)
    second = create("wanjiru@example.com", display_name=name)

    assert (first.handle, second.handle) == ("member", "member2")


def test_a_short_name_is_padded_to_a_handle_s_least_length():
    assert create(display_name="Al").handle == "al_"
    assert create("x@example.com", first_name="X").handle == "x__"


def test_a_taken_handle_is_numbered_whatever_its_case():
    create("first@example.com", handle="Ada")

    second = create("second@example.com", display_name="Ada")
    third = create("third@example.com", display_name="ADA")

    assert (second.handle, third.handle) == ("ada2", "ada3")


def test_a_numbered_handle_is_cut_to_fit():
    long_name = "Bartholomew Maximilian Featherstonehaugh"
    first = create("first@example.com", display_name=long_name)
    second = create("second@example.com", display_name=long_name)

    assert first.handle == "bartholomew_maximilian_feather"
    assert second.handle == "bartholomew_maximilian_feathe2"
    assert len(second.handle) == 30


def test_a_handle_given_at_creation_is_kept():
    user = create(display_name="Ada", handle="countess_of_code")

    assert user.handle == "countess_of_code"


def test_superusers_get_a_handle_too():
    admin = User.objects.create_superuser(
        "root.admin@example.com", "passphrase-xyz", first_name="Root"
    )

    assert admin.handle == "root"


def test_factories_make_unique_handles_for_the_same_name():
    users = UserFactory.create_batch(4, display_name="Sam Lee")

    assert [user.handle for user in users] == [
        "sam_lee",
        "sam_lee2",
        "sam_lee3",
        "sam_lee4",
    ]


def test_the_database_refuses_a_handle_taken_in_another_case():
    UserFactory(handle="ada")
    other = UserFactory()

    with pytest.raises(IntegrityError):
        User.objects.filter(pk=other.pk).update(handle="ADA")


def test_validation_says_a_handle_is_taken_or_malformed():
    UserFactory(handle="ada")
    user = UserFactory()

    user.handle = "Ada"
    with pytest.raises(ValidationError, match="This handle is taken."):
        user.full_clean()

    user.handle = "ad a!"
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert error.value.message_dict["handle"] == [
        "A handle is 3 to 30 characters: letters A to Z without accents, "
        "digits and underscores."
    ]
