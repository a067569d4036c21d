"""
Values kept in the shared cache until what they are read from changes: each
is stored with the versions current before it was read, and a change gives
its versions new values (now, and again when the transaction commits), so
that a value read in between, from rows not yet changed, is stale too.

And values kept for one request, on its user object (`kept_on_user`).
"""

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")


def kept_value(
    key: str, *, versions: tuple[str, ...], compute: Callable[[], T], seconds: int
) -> T:
    """What `compute` returns, kept at `key` until one of `versions` changes."""
    found = cache.get_many([*versions, key])
    current = tuple(found.get(version) for version in versions)
    entry = found.get(key)
    if None not in current and entry is not None and entry[0] == current:
        return entry[1]
    for version, value in zip(versions, current, strict=True):
        if value is None:
            # Never set, or evicted: start one (the first process to add wins).
            cache.add(version, uuid.uuid4().hex, None)
    current = tuple(cache.get_many(versions).get(version) for version in versions)
    value = compute()
    cache.set(key, (current, value), seconds)
    return value


def kept_on_user(user, name: str, compute: Callable[[], T]) -> T:
    """
    What `compute` returns, worked out once for this user object, as the
    attribute `name`, as Django keeps a user's permissions on it: for
    objects that live as long as a request. What holds a user longer (a
    chat socket) reads the account again before it asks again.
    """
    try:
        return getattr(user, name)
    except AttributeError:
        value = compute()
        setattr(user, name, value)
        return value


def versions_changed(*versions: str) -> None:
    """Make what was kept under these versions stale, now and at commit."""

    def change() -> None:
        cache.set_many({version: uuid.uuid4().hex for version in versions}, None)

    change()
    transaction.on_commit(change)
