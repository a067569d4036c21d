"""
Handles: the @handle others mention a member by. What a handle may be, and
the one rule that gives every new account one, from its name.
"""

import re
import unicodedata
from collections.abc import Iterator
from itertools import count

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator

HANDLE_MIN_LENGTH = 3
HANDLE_MAX_LENGTH = 30

handle_validator = RegexValidator(
    rf"\A[A-Za-z0-9_]{{{HANDLE_MIN_LENGTH},{HANDLE_MAX_LENGTH}}}\Z",
    message=(
        f"A handle is {HANDLE_MIN_LENGTH} to {HANDLE_MAX_LENGTH} characters: "
        "letters A to Z without accents, digits and underscores."
    ),
    code="invalid",
)

# A handle made from nothing usable: an account without a name, or whose
# name is all symbols or in a script without a Latin spelling. Never from
# the email address, which Lectern shows nobody.
FALLBACK_HANDLE = "member"
# Room kept at the end for the number that tells handles apart: enough for a
# million members of the same name.
NUMBER_ROOM = 6


def handle_from_text(text: str) -> str:
    """
    `text` in the characters a handle allows: accents dropped (Zoë → zoe),
    apostrophes removed, any other run of characters made one underscore,
    lower case, cut to a handle's length. May be too short, or empty.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", re.sub(r"['’]", "", ascii_text))
    return "_".join(words).lower()[:HANDLE_MAX_LENGTH].strip("_")


def handle_suggest(user: AbstractUser) -> str:
    """
    A handle for `user`, taken or not: from the first of their display name
    and full name that gives one, padded with underscores to a handle's
    least length.
    """
    for source in (user.display_name, user.get_full_name()):
        if base := handle_from_text(source):
            return base.ljust(HANDLE_MIN_LENGTH, "_")
    return FALLBACK_HANDLE


def handle_candidates(base: str) -> Iterator[str]:
    """`base`, then `base` numbered from 2, each cut to fit a handle."""
    yield base
    for number in count(2):
        suffix = str(number)
        yield base[: HANDLE_MAX_LENGTH - len(suffix)] + suffix


def user_handle_assign(*, user: AbstractUser) -> AbstractUser:
    """
    Give `user`, unless they have one, a handle nobody has (case aside): the
    suggested one, or the first free one of it with 2, 3, ... appended (cut
    short to make room). Not saved: the door that creates the account does.
    """
    if user.handle:
        return user
    base = handle_suggest(user)
    taken = {
        handle.lower()
        for handle in type(user)
        ._default_manager.filter(
            handle__istartswith=base[: HANDLE_MAX_LENGTH - NUMBER_ROOM]
        )
        .exclude(pk=user.pk)
        .values_list("handle", flat=True)
    }
    user.handle = next(
        candidate
        for candidate in handle_candidates(base)
        if candidate.lower() not in taken
    )
    return user
