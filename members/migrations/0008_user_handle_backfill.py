"""
Existing accounts get a handle by the rule new ones follow
(members.handles.user_handle_assign), copied here as it is today: the first
of the display name and full name that gives one, in a handle's characters,
padded to three ("member" without), numbered from 2 when taken.
"""

import re
import unicodedata
from itertools import count

from django.db import migrations

MIN_LENGTH = 3
MAX_LENGTH = 30
FALLBACK = "member"
BATCH_SIZE = 1000


def handle_from_text(text):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", re.sub(r"['’]", "", ascii_text))
    return "_".join(words).lower()[:MAX_LENGTH].strip("_")


def handle_suggest(user):
    full_name = f"{user.first_name} {user.last_name}".strip()
    for source in (user.display_name, full_name):
        if base := handle_from_text(source):
            return base.ljust(MIN_LENGTH, "_")
    return FALLBACK


def handle_free(base, taken):
    for number in count(1):
        suffix = "" if number == 1 else str(number)
        candidate = base[: MAX_LENGTH - len(suffix)] + suffix
        if candidate not in taken:
            return candidate


def assign_handles(apps, schema_editor):
    User = apps.get_model("members", "User")
    taken = {
        handle.lower()
        for handle in User.objects.filter(handle__isnull=False).values_list(
            "handle", flat=True
        )
    }
    # In batches: one UPDATE per thousand accounts, not one per account.
    batch = []
    for user in (
        User.objects.filter(handle__isnull=True)
        .only("pk", "display_name", "first_name", "last_name")
        .order_by("pk")
        .iterator(chunk_size=BATCH_SIZE)
    ):
        user.handle = handle_free(handle_suggest(user), taken)
        taken.add(user.handle)
        batch.append(user)
        if len(batch) == BATCH_SIZE:
            User.objects.bulk_update(batch, ["handle"])
            batch = []
    User.objects.bulk_update(batch, ["handle"])


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_user_handle"),
    ]

    # Going back, 0007 takes the handles away with their column.
    operations = [migrations.RunPython(assign_handles, migrations.RunPython.noop)]
