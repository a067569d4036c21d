"""When a socket asks again whether its member still belongs in the room."""

import pytest

from chat import consumers
from chat.auth import session_signs_in
from chat.tests.conftest import session_cookie
from members.factories import UserFactory


def test_members_are_checked_again_within_the_interval_and_not_all_at_once():
    delays = [consumers.recheck_delay() for _ in range(50)]

    interval = consumers.RECHECK_SECONDS
    assert all(interval / 2 <= delay <= interval for delay in delays)
    assert max(delays) - min(delays) > interval / 4


@pytest.mark.django_db
def test_a_session_signs_in_until_the_secret_key_it_was_made_with_is_dropped(
    settings,
):
    user, other = UserFactory(), UserFactory()
    session_key = session_cookie(user)
    assert session_signs_in(session_key=session_key, user=user)
    assert not session_signs_in(session_key=session_key, user=other)
    assert not session_signs_in(session_key="no-such-session", user=user)

    # A new secret key, the old one kept as a fallback: the session holds.
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-only-0123456789"
    assert session_signs_in(session_key=session_key, user=user)

    settings.SECRET_KEY_FALLBACKS = []
    assert not session_signs_in(session_key=session_key, user=user)
