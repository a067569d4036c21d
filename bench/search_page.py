"""
Search page throughput: requests per second of the site search as a fraction
of a trivial view's, on PostgreSQL, with the demo content and again with a
large generated catalog.

The machine is shared and noisy, so only ratios are reported: one Daphne
process serves both the page and `/bench/ok/` (an `HttpResponse("ok")`
behind the whole middleware stack, in bench/urls.py only), and they are
loaded in turns, `--rounds` times each, so that drift touches both. The
server runs production's settings with the bench-only URLs
(bench/settings.py), Redis as the cache, on a scratch database and media
directory that the run removes.

1. demo: `migrate`, `seed_demo`, the lessons' search texts and `update_index`;
2. large: `--courses` more courses of `--lessons` lessons each, generated in
   bulk (bench/search_data.py), and the search texts and index rebuilt.

At each size a load generator keeps `--concurrency` requests in flight for
`--seconds` per page (after a second's warm-up), as an anonymous visitor
and, with `--student`, as the demo student signed in. A page that does not
answer 200 at warm-up is skipped with a note. The table shows each page's
requests per second, the trivial view's in the same turns, their ratio, and
the page's latency (p50, p99) over the requests counted.

    make bench-search
    .ci/with-postgres .venv/bin/python bench/search_page.py \
        --courses 50 --lessons 10 --seconds 4 --student
    .ci/with-postgres .venv/bin/python bench/search_page.py \
        --courses 0 --paths "/courses/?query=python"

Needs PostgreSQL (DATABASE_URL: the run creates and drops a database of its
own there; .ci/with-postgres starts a throwaway cluster) and Redis
(REDIS_URL, default redis://127.0.0.1:6379/15).
"""

import argparse
import asyncio
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
from psycopg2 import sql
from servers import start_daphne, stop

ROOT = Path(__file__).resolve().parent.parent
TRIVIAL_PATH = "/bench/ok/"
SEARCH_PATHS = [
    "/search/?q=python",
    "/search/?q=data+science",
    "/search/?q=python&type=lesson&sort=newest",
    "/search/?q=zyzzogeton",
    "/search/suggestions/?q=py",
]
# The server's settings, given what production insists on (with the secret
# key and mail settings every process gets, and --redis).
SERVER_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "ALLOWED_HOSTS": "127.0.0.1",
}
# A scratch run's secret may be public.
SECRET_KEY = "bench-search-page-scratch-only"  # noqa: S105
REQUEST_TIMEOUT = 120


@dataclass
class Measure:
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile_ms(self, percent: int) -> float:
        if len(self.latencies) < 2:
            return float("nan")
        return 1000 * statistics.quantiles(self.latencies, n=100)[percent - 1]


@dataclass
class Row:
    page: str
    data: str
    visitor: str
    measure: Measure
    trivial: Measure


# The scratch database and the Django processes


@contextlib.contextmanager
def scratch_database(url: str):
    """A database of the run's own beside the one `url` names; its URL."""
    name = f"lectern_bench_{os.getpid()}"
    server = psycopg2.connect(url)
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlsplit(url)._replace(path=f"/{name}").geturl()
    finally:
        with server.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
            )
        server.close()


def require_postgresql(make_target: str) -> None:
    """Leave unless DATABASE_URL names PostgreSQL; stopped from outside (as
    .ci/with-postgres's cluster goes), still stop the server and drop the
    scratch database on the way out."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("Stopped."))
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgis")):
        sys.exit(
            "This benchmark runs on PostgreSQL: set DATABASE_URL, or run it "
            f"under .ci/with-postgres (make {make_target})."
        )


@contextlib.contextmanager
def scratch_site():
    """A scratch folder and database, and the environment that uses them."""
    with (
        tempfile.TemporaryDirectory() as scratch,
        scratch_database(os.environ["DATABASE_URL"]) as database_url,
    ):
        yield Path(scratch), setup_environment(database_url, Path(scratch))


def setup_environment(database_url: str, scratch: Path) -> dict[str, str]:
    """Migrating and loading data: development settings, no Redis, no mail."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DJANGO_READ_DOT_ENV": "false",
        "DEBUG": "false",
        "DATABASE_URL": database_url,
        "EMAIL_URL": "dummymail://",
        # The demo student's session must verify on the server.
        "SECRET_KEY": SECRET_KEY,
        "MEDIA_ROOT": str(scratch / "media"),
        "PRIVATE_MEDIA_ROOT": str(scratch / "private-media"),
    }
    environment.pop("REDIS_URL", None)
    return environment


def manage(environment: dict[str, str], *arguments: str) -> None:
    """Run a management command; what it says goes with the progress, to stderr."""
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        check=True,
        stdout=sys.stderr,
    )


def search_data(environment: dict[str, str], call: str, module: str = "search_data"):
    """Call a function of bench/search_data.py (or `module`) in a Django shell."""
    script = (
        f"import json\nfrom bench import {module}\nprint(json.dumps({module}.{call}))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=environment,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


# The load generator: keep-alive HTTP/1.1 connections on one event loop, far
# cheaper per request than a thread each (the server's cores are shared).


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response; its status, and whether the connection stays open."""
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    else:
        await reader.read()
        return int(status_line.split()[1]), False
    return int(status_line.split()[1]), headers.get("connection") != "close"


async def client(port: int, request: bytes, deadline: float, measure: Measure):
    writer = None
    try:
        while time.perf_counter() < deadline:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            started = time.perf_counter()
            async with asyncio.timeout(REQUEST_TIMEOUT):
                writer.write(request)
                status, keep_alive = await read_response(reader)
            measure.latencies.append(time.perf_counter() - started)
            measure.statuses[status] += 1
            if not keep_alive:
                writer.close()
                writer = None
    finally:
        if writer is not None:
            writer.close()


async def load(
    port: int, path: str, cookie: str, seconds: float, concurrency: int, into: Measure
) -> Measure:
    """`concurrency` clients requesting `path` for `seconds`, added to `into`."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        + (f"Cookie: sessionid={cookie}\r\n" if cookie else "")
        + "\r\n"
    ).encode()
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *(client(port, request, deadline, into) for _ in range(concurrency))
    )
    into.seconds += time.perf_counter() - started
    return into


async def measure_pages(
    port: int, data: str, visitors: dict[str, str], options
) -> tuple[list[Row], list[str]]:
    rows, notes = [], []
    turn = options.seconds / options.rounds
    for visitor, cookie in visitors.items():
        warm = await load(port, TRIVIAL_PATH, cookie, 1, options.concurrency, Measure())
        if set(warm.statuses) != {200}:
            raise RuntimeError(f"{TRIVIAL_PATH} answered {dict(warm.statuses)}.")
        for path in options.paths:
            warm = await load(port, path, cookie, 1, options.concurrency, Measure())
            if set(warm.statuses) != {200}:
                notes.append(
                    f"skipped {path} ({data}, {visitor}): it answered "
                    + ", ".join(f"{n}× {s}" for s, n in warm.statuses.items())
                )
                continue
            measure, trivial = Measure(), Measure()
            for _ in range(options.rounds):
                await load(
                    port, TRIVIAL_PATH, cookie, turn, options.concurrency, trivial
                )
                await load(port, path, cookie, turn, options.concurrency, measure)
            for name, result in ((path, measure), (TRIVIAL_PATH, trivial)):
                if set(result.statuses) != {200}:
                    notes.append(
                        f"{name} ({data}, {visitor}) answered {dict(result.statuses)}"
                    )
            rows.append(Row(path, data, visitor, measure, trivial))
    return rows, notes


def measure_data(
    data: str, environment: dict[str, str], log: Path, visitors: dict[str, str], options
) -> tuple[list[Row], list[str]]:
    """Serve the data as it is now from a fresh server (and cache), and load it."""
    server, port = start_daphne(
        {**environment, "CACHE_KEY_PREFIX": f"bench-{os.getpid()}-{data}"}, log=log
    )
    try:
        return asyncio.run(measure_pages(port, data, visitors, options))
    finally:
        stop(server)


def print_aligned(header: tuple[str, ...], cells: list[tuple[str, ...]]) -> None:
    """A plain-text table: the first three columns (names) to the left,
    the figures to the right."""
    widths = [
        max(len(line[i]) for line in [header, *cells]) for i in range(len(header))
    ]
    for line in [header, ["-" * width for width in widths], *cells]:
        print(  # noqa: T201
            " | ".join(
                cell.ljust(width) if i < 3 else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(line, widths, strict=True))
            )
        )


def print_table(rows: list[Row]) -> None:
    header = (
        "page",
        "data",
        "visitor",
        "requests",
        "rps",
        "trivial rps",
        "ratio",
        "p50 ms",
        "p99 ms",
    )
    cells = [
        (
            row.page,
            row.data,
            row.visitor,
            str(len(row.measure.latencies)),
            f"{row.measure.rate:.1f}",
            f"{row.trivial.rate:.1f}",
            f"{row.measure.rate / row.trivial.rate:.3f}",
            f"{row.measure.percentile_ms(50):.1f}",
            f"{row.measure.percentile_ms(99):.1f}",
        )
        for row in rows
    ]
    print_aligned(header, cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--courses", type=int, default=2000, help="0: demo data only")
    parser.add_argument("--lessons", type=int, default=25, help="per course")
    parser.add_argument("--seconds", type=float, default=10, help="per page")
    parser.add_argument(
        "--rounds", type=int, default=2, help="turns with the trivial view"
    )
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--paths", nargs="+", default=SEARCH_PATHS)
    parser.add_argument(
        "--student", action="store_true", help="also as the demo student, signed in"
    )
    parser.add_argument(
        "--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    )
    options = parser.parse_args()
    require_postgresql("bench-search")

    rows, notes, timings = [], [], []

    def timing(line: str) -> None:
        timings.append(line)
        print(line, file=sys.stderr, flush=True)  # noqa: T201

    with scratch_site() as (scratch, setup):
        server = {**setup, **SERVER_ENVIRONMENT, "REDIS_URL": options.redis}
        log = scratch / "daphne.log"

        started = time.perf_counter()
        manage(setup, "migrate", "--no-input", "-v0")
        # seed_demo only runs with DEBUG on, as `make demo` does.
        manage({**setup, "DEBUG": "true"}, "seed_demo")
        timing(f"demo: migrate and seed_demo {time.perf_counter() - started:.0f} s")
        visitors = {"anonymous": ""}
        if options.student:
            visitors["student"] = search_data(setup, "student_session_key()")
        sizes = [("demo", None)]
        if options.courses:
            sizes.append(
                (
                    f"+{options.courses}x{options.lessons}",
                    f"catalog_generate(courses={options.courses}, "
                    f"lessons={options.lessons})",
                )
            )
        for data, generate in sizes:
            if generate:
                generated = search_data(setup, generate)
                timing(
                    f"{data}: generated {generated['courses']} courses, "
                    f"{generated['lessons']} lessons in {generated['seconds']:.1f} s"
                )
            built = search_data(setup, "search_index_build()")
            timing(
                f"{data}: {built['lessons']} live lessons; search texts "
                f"{built['texts_seconds']:.1f} s, "
                f"update_index {built['index_seconds']:.1f} s"
            )
            data_rows, data_notes = measure_data(data, server, log, visitors, options)
            rows += data_rows
            notes += data_notes

    print_table(rows)
    for line in (*timings, *notes):
        print(line)  # noqa: T201


if __name__ == "__main__":
    main()
