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
def test_a_session_signs_in_its_own_account_until_the_password_changes():
    user, other = UserFactory(), UserFactory()
    session_key = session_cookie(user)

    assert session_signs_in(session_key=session_key, user=user)
    assert not session_signs_in(session_key=session_key, user=other)
    assert not session_signs_in(session_key="no-such-session", user=user)
    assert not session_signs_in(session_key=None, user=user)
    user.set_password("a-new-password-1")
    assert not session_signs_in(session_key=session_key, user=user)
