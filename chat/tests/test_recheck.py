"""When a socket asks again whether its member still belongs in the room."""

from types import SimpleNamespace

from chat import consumers

NOW = 1000.0


def test_members_are_checked_again_within_the_interval_and_not_all_at_once(
    monkeypatch,
):
    monkeypatch.setattr(consumers, "time", SimpleNamespace(monotonic=lambda: NOW))
    sockets = [consumers.ChatConsumer() for _ in range(50)]
    for socket in sockets:
        socket._checked(is_member=True)

    check_times = [socket.check_again_at for socket in sockets]
    interval = consumers.RECHECK_SECONDS
    assert all(NOW + interval / 2 <= at <= NOW + interval for at in check_times)
    assert max(check_times) - min(check_times) > interval / 4
