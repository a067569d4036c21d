"""
Chat fan-out: N members in one room over real websockets, through Daphne and
the Redis channel layer, on loopback.

Each round starts a fresh Daphne process on a scratch SQLite database with
REDIS_URL set, signs N members in (session cookies), connects them all to
the public room, then has a few of them send messages at a fixed total rate.
Every member receives every message; the table shows deliveries per second
and the latency from send to receipt (p50, p99).

    make bench-chat
    .venv/bin/python bench/chat_fanout.py --clients 10 100 500 --rate 20 --seconds 10

Needs a Redis server (REDIS_URL, default redis://127.0.0.1:6379/15).
"""

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import websockets
from servers import start_daphne, stop

ROOT = Path(__file__).resolve().parent.parent
SENDERS = 5


def django_environment(database: Path, redis_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DJANGO_READ_DOT_ENV": "false",
        "DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": redis_url,
        # The benchmark measures delivery, not the per-member rate limit.
        "CHAT_RATE_LIMIT_COUNT": "1000000",
    }


def prepare(environment: dict[str, str], clients: int) -> tuple[int, list[str]]:
    """Migrate the scratch database and sign `clients` members in."""
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
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
    def __init__(self, connection) -> None:
        self.connection = connection
        self.latencies: list[float] = []

    async def listen(self, expected: int, done: asyncio.Event) -> None:
        async for raw in self.connection:
            frame = json.loads(raw)
            if frame["type"] != "message" or not frame["message"]["body"].startswith(
                "bench "
            ):
                continue
            sent_at = float(frame["message"]["body"].split()[2])
            self.latencies.append(time.perf_counter() - sent_at)
            if len(self.latencies) >= expected:
                done.set()
                return


async def connect_all(port: int, room: int, cookies: list[str]) -> list[Member]:
    members: list[Member] = []
    limit = asyncio.Semaphore(10)

    async def connect(cookie: str) -> None:
        async with limit:
            connection = await websockets.connect(
                f"ws://127.0.0.1:{port}/ws/chat/{room}/",
                origin=f"http://127.0.0.1:{port}",
                additional_headers={"Cookie": f"sessionid={cookie}"},
                max_queue=None,
                open_timeout=120,
            )
            members.append(Member(connection))

    await asyncio.gather(*(connect(cookie) for cookie in cookies))
    return members


async def run(port: int, room: int, cookies: list[str], rate: float, seconds: float):
    members = await connect_all(port, room, cookies)
    await asyncio.sleep(1)  # let the presence updates of the arrivals settle
    sent = int(rate * seconds)
    done_events = [asyncio.Event() for _ in members]
    listeners = [
        asyncio.create_task(member.listen(sent, done))
        for member, done in zip(members, done_events, strict=True)
    ]
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
            asyncio.gather(*(event.wait() for event in done_events)), timeout=120
        )
    elapsed = time.perf_counter() - started
    for task in listeners:
        task.cancel()
    for member in members:
        await member.connection.close()
    latencies = sorted(value for member in members for value in member.latencies)
    return sent, latencies, elapsed


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    return values[min(int(len(values) * fraction), len(values) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[10, 100, 500])
    parser.add_argument("--rate", type=float, default=20, help="messages per second")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument(
        "--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    )
    options = parser.parse_args()

    rows = []
    for clients in options.clients:
        with tempfile.TemporaryDirectory() as scratch:
            environment = django_environment(
                Path(scratch) / "bench.sqlite3", options.redis
            )
            room, cookies = prepare(environment, clients)
            server, port = start_daphne(
                environment,
                log=Path(scratch) / "daphne.log",
                # Hundreds of members arriving at once wait longer than
                # Daphne's default five seconds to be let in.
                options=("--websocket_connect_timeout", "120"),
            )
            try:
                sent, latencies, elapsed = asyncio.run(
                    run(port, room, cookies, options.rate, options.seconds)
                )
            finally:
                stop(server)
        rows.append(
            (
                clients,
                sent,
                len(latencies),
                sent * clients,
                len(latencies) / elapsed,
                1000 * percentile(latencies, 0.5),
                1000 * percentile(latencies, 0.99),
                1000 * statistics.fmean(latencies) if latencies else float("nan"),
            )
        )

    header = (
        "clients",
        "sent",
        "delivered",
        "expected",
        "deliveries/s",
        "p50 ms",
        "p99 ms",
        "mean ms",
    )
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
