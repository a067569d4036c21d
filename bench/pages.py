"""
Page speed: requests per second, latency and queries per request of the
site's main pages, each as a fraction of a trivial view's requests per
second on the same server in the same run, with the demo content and again
after `seed_scale`.

One WSGI server process (bench/servers.py's `start_wsgi`) serves production's
settings with the bench-only URLs and query counter (bench/settings.py), on
PostgreSQL and Redis, a scratch database and media directory that the run
removes. wrk keeps `--concurrency` requests in flight for `--seconds` on
each page, after a warm-up request, and on the trivial view `/bench/ok/`
(an `HttpResponse("ok")` behind the whole middleware stack) before the first
page and after each: a page's ratio is to the mean of the trivial turns on
either side of it, so that the shared machine's drift touches both. The
server's own counts give the queries per request (page cache hits count as
requests that made none). A page that does not answer 200 at warm-up is
skipped with a note.

The pages (bench/page_data.py): home, the catalog (first page, filtered, a
later page as its infinite scroll asks), an open course, a lesson as a
visitor, a lesson as the enrolled demo student, the student's My learning
(50 enrollments after seed_scale), the Wagtail admin's explorer for the demo
teacher on their largest module (50 lessons after seed_scale), and the middle
lesson of the longest open course (500 lessons after seed_scale).

    make bench
    .ci/with-postgres .venv/bin/python bench/pages.py --courses 100 \\
        --users 1000 --long-course 100 --seconds 3
    .ci/with-postgres .venv/bin/python bench/pages.py --courses 0

Behind a front proxy (site/), start the server on the port the proxy sends
to and load the proxy: `--server-port 8001 --proxy-url http://127.0.0.1:8080`.

Needs PostgreSQL (DATABASE_URL: the run creates and drops a database of its
own there; .ci/with-postgres starts a throwaway cluster), Redis (REDIS_URL,
default redis://127.0.0.1:6379/15) and wrk (`apt-get install wrk`).
"""

import argparse
import http.client
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from search_page import (
    SECRET_KEY,
    SERVER_ENVIRONMENT,
    TRIVIAL_PATH,
    manage,
    print_aligned,
    require_postgresql,
    scratch_site,
    search_data,
)
from servers import start_wsgi, stop

COUNTS_PATH = "/bench/queries/"
# wrk's latency figures, such as "1.5ms", "310.02us" or "2.01s", in ms.
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
SLOWEST_REQUEST = 120
# A slow page's turn lasts long enough for each connection to see about
# this many answers (its latencies are those wrk saw end within the turn),
# up to LONGEST_TURN seconds.
ANSWERS_PER_CONNECTION = 3
LONGEST_TURN = 30


@dataclass
class Turn:
    """
    One wrk run on one path. The rate is the server's: the requests it
    answered from the start of the run until the last one in flight ended,
    over that time (a turn shorter than a request would count none in wrk).
    """

    requests: int
    rate: float
    p50_ms: float
    p99_ms: float
    errors: str
    queries: int


@dataclass
class Row:
    page: dict
    data: str
    turn: Turn
    trivial_rate: float


def duration_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([a-z]+)", text).groups()
    return float(number) * UNITS_MS[unit]


def wrk(url: str, headers: dict[str, str], seconds: int, options) -> dict:
    """wrk's latencies (ms) and errors."""
    command = ["wrk", "--latency", "-t1", f"-c{options.concurrency}",
               f"-d{seconds}s", f"--timeout={SLOWEST_REQUEST}s"]  # fmt: skip
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(  # noqa: S603
        [*command, url], check=True, stdout=subprocess.PIPE, text=True
    ).stdout
    latency = {
        percent: duration_ms(value)
        for percent, value in re.findall(r"^\s+(50|99)%\s+([\d.]+[a-z]+)", output, re.M)
    }
    errors = re.findall(r"(Non-2xx or 3xx responses: \d+|Socket errors: .*)", output)
    return {
        "p50_ms": latency.get("50", float("nan")),
        "p99_ms": latency.get("99", float("nan")),
        "errors": "; ".join(errors),
    }


class Server:
    """The WSGI server under test: its counts, and requests to it."""

    def __init__(self, port: int, target: str) -> None:
        self.port = port
        self.target = target.rstrip("/")

    def get(self, path: str, headers: dict[str, str]) -> tuple[int, float]:
        """One request's status and seconds."""
        address = urlsplit(self.target)
        connection = http.client.HTTPConnection(
            address.hostname, address.port, timeout=SLOWEST_REQUEST
        )
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status, time.perf_counter() - started
        finally:
            connection.close()

    def counts(self) -> dict:
        """The server's counts once no request is left in it."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            deadline = time.monotonic() + SLOWEST_REQUEST
            while True:
                connection.request("GET", COUNTS_PATH)
                counts = json.loads(connection.getresponse().read())
                if not counts["in_flight"] or time.monotonic() > deadline:
                    return counts
                time.sleep(0.05)
        finally:
            connection.close()

    def load(self, path: str, headers: dict[str, str], seconds: int, options) -> Turn:
        before = self.counts()
        started = time.perf_counter()
        measured = wrk(self.target + path, headers, seconds, options)
        after = self.counts()
        served = after["requests"] - before["requests"]
        return Turn(
            **measured,
            requests=served,
            rate=served / (time.perf_counter() - started),
            queries=after["queries"] - before["queries"],
        )


def measure_data(
    data: str,
    *,
    setup: dict[str, str],
    environment: dict[str, str],
    log: Path,
    sessions: dict[str, str],
    options,
) -> tuple[list[Row], list[str]]:
    """Serve the data as it is now from a fresh server (and cache), and load it."""
    pages = [
        page
        for page in search_data(setup, "pages()", module="page_data")
        if not options.pages or any(word in page["name"] for word in options.pages)
    ]
    process, port = start_wsgi(
        {**environment, "CACHE_KEY_PREFIX": f"bench-{os.getpid()}-{data}"},
        log=log,
        port=options.server_port,
    )
    server = Server(port, options.proxy_url or f"http://127.0.0.1:{port}")
    rows, notes = [], []
    try:
        if (status := server.get(TRIVIAL_PATH, {})[0]) != 200:
            raise RuntimeError(f"{TRIVIAL_PATH} answered {status}.")
        trivial = server.load(TRIVIAL_PATH, {}, options.seconds, options)
        for page in pages:
            headers = dict(page["headers"])
            if cookie := sessions.get(page["visitor"]):
                headers["Cookie"] = f"sessionid={cookie}"
            # The first request fills caches (the page cache's among them).
            status, _ = server.get(page["path"], headers)
            if status != 200:
                notes.append(f"skipped {page['name']} ({data}): it answered {status}")
                continue
            # Alone the next takes `seconds`; among `concurrency`, about that
            # many times.
            _, seconds = server.get(page["path"], headers)
            answers = ANSWERS_PER_CONNECTION * options.concurrency * seconds
            turn = server.load(
                page["path"],
                headers,
                max(options.seconds, min(math.ceil(answers), LONGEST_TURN)),
                options,
            )
            after = server.load(TRIVIAL_PATH, {}, options.seconds, options)
            rows.append(Row(page, data, turn, (trivial.rate + after.rate) / 2))
            print(  # noqa: T201
                f"{data}, {page['name']}: {turn.rate:.1f} requests/s, "
                f"trivial {rows[-1].trivial_rate:.1f}",
                file=sys.stderr,
                flush=True,
            )
            for name, measured in ((page["name"], turn), (TRIVIAL_PATH, after)):
                if measured.errors:
                    notes.append(f"{name} ({data}): {measured.errors}")
            trivial = after
    finally:
        stop(process)
    return rows, notes


def print_table(rows: list[Row]) -> None:
    header = ("page", "data", "visitor", "requests", "rps", "trivial rps",
              "ratio", "p50 ms", "p99 ms", "queries")  # fmt: skip
    cells = [
        (
            row.page["name"],
            row.data,
            row.page["visitor"],
            str(row.turn.requests),
            f"{row.turn.rate:.1f}",
            f"{row.trivial_rate:.1f}",
            f"{row.turn.rate / row.trivial_rate:.4f}",
            f"{row.turn.p50_ms:.0f}",
            f"{row.turn.p99_ms:.0f}",
            f"{row.turn.queries / row.turn.requests:.1f}" if row.turn.requests else "-",
        )
        for row in rows
    ]
    print_aligned(header, cells)
    for row in rows:
        print(f"{row.page['name']} ({row.data}): {row.page['path']}")  # noqa: T201


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--courses", type=int, default=2000, help="0: demo only")
    parser.add_argument("--modules", type=int, default=5, help="per course")
    parser.add_argument("--lessons", type=int, default=5, help="per module")
    parser.add_argument("--long-course", type=int, default=500, help="its lessons")
    parser.add_argument("--users", type=int, default=20000)
    parser.add_argument(
        "--search-index",
        action="store_true",
        help="also build the search texts and index (minutes; no page here reads them)",
    )
    parser.add_argument("--seconds", type=int, default=5, help="per page")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--pages", nargs="+", help="only the pages whose names contain these words"
    )
    parser.add_argument(
        "--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    )
    parser.add_argument("--server-port", type=int, help="default: a free port")
    parser.add_argument(
        "--proxy-url", help="load this address (a proxy in front of the server)"
    )
    options = parser.parse_args()
    require_postgresql("bench")
    if shutil.which("wrk") is None:
        sys.exit("This benchmark loads pages with wrk: apt-get install wrk.")

    rows, notes, timings = [], [], []

    def timing(line: str) -> None:
        timings.append(line)
        print(line, file=sys.stderr, flush=True)  # noqa: T201

    with scratch_site() as (scratch, setup):
        environment = {
            **setup,
            **SERVER_ENVIRONMENT,
            "SECRET_KEY": SECRET_KEY,
            "REDIS_URL": options.redis,
        }
        log = scratch / "server.log"

        started = time.perf_counter()
        manage(setup, "migrate", "--no-input", "-v0")
        # seed_demo and seed_scale only run with DEBUG on, as `make demo` does.
        manage({**setup, "DEBUG": "true"}, "seed_demo")
        timing(f"demo: migrate and seed_demo {time.perf_counter() - started:.0f} s")
        sessions = search_data(setup, "sessions()", module="page_data")
        sizes = ["demo"]
        if options.courses:
            sizes.append(
                f"{options.courses}x{options.modules * options.lessons}"
                f"+{options.long_course}"
            )
        for data in sizes:
            if data != "demo":
                started = time.perf_counter()
                manage(
                    {**setup, "DEBUG": "true"},
                    "seed_scale",
                    f"--courses={options.courses}",
                    f"--modules={options.modules}",
                    f"--lessons={options.lessons}",
                    f"--long-course={options.long_course}",
                    f"--users={options.users}",
                    *([] if options.search_index else ["--no-search-index"]),
                )
                timing(f"{data}: seed_scale {time.perf_counter() - started:.0f} s")
            data_rows, data_notes = measure_data(
                data,
                setup=setup,
                environment=environment,
                log=log,
                sessions=sessions,
                options=options,
            )
            rows += data_rows
            notes += data_notes

    print_table(rows)
    for line in (*timings, *notes):
        print(line)  # noqa: T201


if __name__ == "__main__":
    main()
