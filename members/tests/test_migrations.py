"""
The migrations that give members handles (0007-0009), run by Django's
migration executor from the state before them: existing accounts get a
handle by the rule new ones follow, and then it is required and unique.
"""

from django.db import IntegrityError

import pytest

from members.models import User

# Migrating rebuilds tables, so the test runs outside a transaction, and the
# rows earlier migrations wrote (role groups...) are put back afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE_HANDLES = [("members", "0006_shared_collection")]
WITH_HANDLES = [("members", "0009_user_handle_required")]


def test_existing_accounts_get_unique_handles_from_their_names(migrate):
    old_user = migrate(BEFORE_HANDLES).get_model("members", "User")
    accounts = [
        ("zoe@example.com", "Zoë Ångström", "", ""),
        ("sam.one@example.com", "Sam Lee", "", ""),
        ("sam.two@example.com", "", "Sam", "Lee"),
        ("sam.three@example.com", "SAM LEE", "", ""),
        ("juma.otieno@example.com", "🦊🦊", "", ""),
        ("+-+@example.com", "", "", ""),
        ("al@example.com", "Al", "", ""),
        ("long@example.com", "Bartholomew Maximilian Featherstonehaugh", "", ""),
        ("long2@example.com", "Bartholomew Maximilian Featherstonehaugh", "", ""),
    ]
    for email, display_name, first_name, last_name in accounts:
        old_user.objects.create(
            email=email,
            display_name=display_name,
            first_name=first_name,
            last_name=last_name,
        )

    migrate(WITH_HANDLES)

    assert dict(User.objects.values_list("email", "handle")) == {
        "zoe@example.com": "zoe_angstrom",
        "sam.one@example.com": "sam_lee",
        "sam.two@example.com": "sam_lee2",
        "sam.three@example.com": "sam_lee3",
        "juma.otieno@example.com": "member",
        "+-+@example.com": "member2",
        "al@example.com": "al_",
        "long@example.com": "bartholomew_maximilian_feather",
        "long2@example.com": "bartholomew_maximilian_feathe2",
    }
    with pytest.raises(IntegrityError):
        User.objects.filter(email="zoe@example.com").update(handle="SAM_LEE")
