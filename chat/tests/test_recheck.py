"""When a socket asks again whether its member still belongs in the room."""

from chat import consumers


def test_members_are_checked_again_within_the_interval_and_not_all_at_once():
    delays = [consumers.recheck_delay() for _ in range(50)]

    interval = consumers.RECHECK_SECONDS
    assert all(interval / 2 <= delay <= interval for delay in delays)
    assert max(delays) - min(delays) > interval / 4
