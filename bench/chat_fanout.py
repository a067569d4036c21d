"""
Chat fan-out: N members in one room over real websockets, through Daphne
processes and the Redis channel layer, on loopback.

For each room size the run starts as many Daphne processes as the machine
has cores (--processes), on a scratch database: PostgreSQL when DATABASE_URL
names one (a database of the run's own beside it), SQLite otherwise. It
signs N members in (session cookies), connects them to the public room,
spread over the processes, and waits for the room to fall quiet. Then, for
each rate asked for that size, a few members send messages so that the room
gets that many deliveries a second (messages a second × members). Every
member receives every message; the table shows deliveries per second and the
latency from send to receipt (p50, p99).

    make bench-chat
    .ci/with-postgres .venv/bin/python bench/chat_fanout.py --rounds 10:500 500:5000

Targets (issue 17): p99 ≤ 100 ms at 500 deliveries a second; ≥ 5,000
deliveries a second in a 500-member room. Needs a Redis server (REDIS_URL,
default redis://127.0.0.1:6379/15).
"""

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import websockets
from search_page import scratch_database
from servers import start_daphne, stop

ROOT = Path(__file__).resolve().parent.parent
SENDERS = 5


def django_environment(database_url: str, redis_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DJANGO_READ_DOT_ENV": "false",
        "DEBUG": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        # As in production, the ASGI process keeps its database connection:
        # its consumers' database work all runs on one thread.
        "CONN_MAX_AGE": "600",
        # The benchmark measures delivery, not the per-member rate limit.
        "CHAT_RATE_LIMIT_COUNT": "1000000",
    }


@contextlib.contextmanager
def database(scratch: Path):
    """The round's own database: PostgreSQL beside DATABASE_URL's, or SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        with scratch_database(url) as scratch_url:
            yield scratch_url
    else:
        yield f"sqlite:///{scratch / 'bench.sqlite3'}"


def prepare(environment: dict[str, str], clients: int) -> tuple[int, list[str]]:
    """Migrate the scratch database and sign `clients` members in."""
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "--no-input", "--skip-checks", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    script = f"""
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from allauth.account.models import EmailAddress
from chat.services import room_public_get_or_create
from members.models import User

users = User.objects.bulk_create(
    User(
        email=f"bench{{n}}@example.com",
        display_name=f"Bench {{n}}",
        handle=f"bench{{n}}",
    )
    for n in range({clients})
)
EmailAddress.objects.bulk_create(
    EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
)
cookies = []
for user in users:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    cookies.append(session.session_key)
print(json.dumps({{"room": room_public_get_or_create().pk, "cookies": cookies}}))
"""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(result.stdout.strip().splitlines()[-1])
    return data["room"], data["cookies"]


class Member:
    """One member's socket, listening from the moment it connects."""

    last_frame_at = 0.0  # of any member: the room is quiet when it is long past

    def __init__(self, connection, port: int) -> None:
        self.connection, self.port = connection, port
        self.latencies: list[float] = []
        self.expected = 0
        self.done = asyncio.Event()
        self.listener = asyncio.create_task(self.listen())

    def expect(self, count: int) -> None:
        self.latencies, self.expected = [], count
        self.done.clear()

    async def listen(self) -> None:
        async for raw in self.connection:
            Member.last_frame_at = time.perf_counter()
            frame = json.loads(raw)
            if frame["type"] != "message" or not frame["message"]["body"].startswith(
                "bench "
            ):
                continue
            sent_at = float(frame["message"]["body"].split()[2])
            self.latencies.append(time.perf_counter() - sent_at)
            if len(self.latencies) >= self.expected:
                self.done.set()


async def connect_all(ports: list[int], room: int, cookies: list[str]) -> list[Member]:
    """Every member's socket, spread over the server processes."""
    members: list[Member] = []
    limit = asyncio.Semaphore(10)

    async def connect(port: int, cookie: str) -> None:
        async with limit:
            connection = await websockets.connect(
                f"ws://127.0.0.1:{port}/ws/chat/{room}/",
                origin=f"http://127.0.0.1:{port}",
                additional_headers={"Cookie": f"sessionid={cookie}"},
                max_queue=None,
                open_timeout=120,
            )
            members.append(Member(connection, port))

    await asyncio.gather(
        *(
            connect(port, cookie)
            for port, cookie in zip(itertools.cycle(ports), cookies, strict=False)
        )
    )
    # Taking turns between the processes, so that the first few are on each.
    by_port = [[member for member in members if member.port == port] for port in ports]
    return [
        member
        for turn in itertools.zip_longest(*by_port)
        for member in turn
        if member is not None
    ]


async def quiet(seconds: float = 1, longest: float = 300) -> None:
    """Until no frame has come for `seconds` (the arrivals' presence frames)."""
    deadline = time.perf_counter() + longest
    while time.perf_counter() < deadline:
        if time.perf_counter() - Member.last_frame_at > seconds:
            return
        await asyncio.sleep(0.2)


def cpu_seconds(pids: list[int]) -> float:
    """The processor time the processes have used so far (Linux's /proc)."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        ticks += int(fields[11]) + int(fields[12])  # utime + stime
    return ticks / os.sysconf("SC_CLK_TCK")


async def send_round(
    members: list[Member], pids: list[int], rate: float, seconds: float
):
    """
    Messages at `rate` a second for `seconds`: (sent, latencies, elapsed, the
    servers' processor seconds). Processor time per delivery tells what the
    servers can do whatever else the machine is busy with.
    """
    await quiet()
    cpu_before = cpu_seconds(pids)
    sent = int(rate * seconds)
    for member in members:
        member.expect(sent)
    # Senders on every process (connect_all takes turns between them).
    senders = members[:SENDERS]
    started = time.perf_counter()
    for number in range(sent):
        sender = senders[number % len(senders)]
        body = f"bench {number} {time.perf_counter()}"
        await sender.connection.send(json.dumps({"type": "message", "body": body}))
        await asyncio.sleep(max(started + (number + 1) / rate - time.perf_counter(), 0))
    # Whatever has not arrived two minutes on is counted as lost.
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(
            asyncio.gather(*(member.done.wait() for member in members)), timeout=120
        )
    elapsed = time.perf_counter() - started
    latencies = sorted(value for member in members for value in member.latencies)
    return sent, latencies, elapsed, cpu_seconds(pids) - cpu_before


async def run(
    pids: list[int],
    ports: list[int],
    room: int,
    cookies: list[str],
    deliveries: list[float],
    seconds: float,
) -> list[tuple[int, list[float], float, float]]:
    members = await connect_all(ports, room, cookies)
    try:
        # A first message through each process, for everyone to receive: the
        # first loads what a message needs (the URLconf, ...), seconds of work.
        await send_round(members, pids, 1, len(ports))
        return [
            await send_round(members, pids, rate / len(members), seconds)
            for rate in deliveries
        ]
    finally:
        for member in members:
            member.listener.cancel()
            await member.connection.close()


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    return values[min(int(len(values) * fraction), len(values) - 1)]


def rounds_by_size(rounds: list[str]) -> dict[int, list[float]]:
    """ "500:5000" (members:deliveries a second) rounds, by room size, in order."""
    sizes: dict[int, list[float]] = {}
    for spec in rounds:
        clients, _, deliveries = spec.partition(":")
        sizes.setdefault(int(clients), []).append(float(deliveries))
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rounds",
        nargs="+",
        default=["10:500", "100:500", "500:500", "500:5000"],
        help="MEMBERS:DELIVERIES a second, e.g. 500:5000",
    )
    # At 500 deliveries a second a 500-member room gets one message a
    # second: over 20 seconds, 20 bursts, so that p99 is not one burst's.
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    )
    options = parser.parse_args()

    rows = []
    for clients, deliveries in rounds_by_size(options.rounds).items():
        with (
            tempfile.TemporaryDirectory() as scratch,
            database(Path(scratch)) as database_url,
        ):
            environment = django_environment(database_url, options.redis)
            room, cookies = prepare(environment, clients)
            servers = [
                start_daphne(
                    environment,
                    log=Path(scratch) / "daphne.log",
                    # Hundreds of members arriving at once wait longer than
                    # Daphne's default five seconds to be let in.
                    options=("--websocket_connect_timeout", "120"),
                )
                for _ in range(options.processes)
            ]
            try:
                results = asyncio.run(
                    run(
                        [server.pid for server, _ in servers],
                        [port for _, port in servers],
                        room,
                        cookies,
                        deliveries,
                        options.seconds,
                    )
                )
            finally:
                for server, _ in servers:
                    stop(server)
        for offered, (sent, latencies, elapsed, cpu) in zip(
            deliveries, results, strict=True
        ):
            rows.append(
                (
                    clients,
                    offered,
                    sent,
                    len(latencies),
                    sent * clients,
                    len(latencies) / elapsed,
                    1000 * percentile(latencies, 0.5),
                    1000 * percentile(latencies, 0.99),
                    1000 * statistics.fmean(latencies) if latencies else float("nan"),
                    len(latencies) / cpu if cpu else float("nan"),
                )
            )

    header = (
        "clients",
        "offered/s",
        "sent",
        "delivered",
        "expected",
        "deliveries/s",
        "p50 ms",
        "p99 ms",
        "mean ms",
        "per CPU s",
    )
    print(f"{options.processes} ASGI processes")  # noqa: T201
    print(" | ".join(f"{title:>12}" for title in header))  # noqa: T201
    print("-" * (15 * len(header)))  # noqa: T201
    for row in rows:
        print(  # noqa: T201
            " | ".join(
                f"{value:>12.1f}" if isinstance(value, float) else f"{value:>12}"
                for value in row
            )
        )


if __name__ == "__main__":
    main()
