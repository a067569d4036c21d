"""
Servers on loopback for benchmarks: one Daphne (ASGI) or WSGI server
process, started, waited for, stopped.
"""

import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Production's WEB_THREADS default (site/prodlike, site/compose.yaml).
WSGI_THREADS = 4


def start_daphne(
    environment: dict[str, str], *, log: Path, options: tuple[str, ...] = ()
) -> tuple[subprocess.Popen, int]:
    """Daphne serving the project on a free port, once it takes connections."""
    return _start(
        "Daphne",
        lambda port: [sys.executable, "-m", "daphne", "-v", "0", "-b", "127.0.0.1",
                      "-p", str(port), *options, "portal.asgi:application"],
        environment,
        log=log,
    )  # fmt: skip


def start_wsgi(
    environment: dict[str, str],
    *,
    log: Path,
    port: int | None = None,
    options: tuple[str, ...] = (),
) -> tuple[subprocess.Popen, int]:
    """
    The WSGI server that serves HTML in production, one worker process, on
    `port` (by default a free one), once it takes connections. The one place
    that names it: switching servers is an edit here. It is shaped as
    site/prodlike and site/compose.yaml run it: WSGI_THREADS threads, each
    keeping its database connection open (site/README.md, "Database
    connections").
    """
    return _start(
        "The WSGI server",
        lambda port: [sys.executable, "-m", "granian", "--interface", "wsgi",
                      "--workers", "1", "--blocking-threads", str(WSGI_THREADS),
                      "--no-ws", "--host", "127.0.0.1", "--port", str(port),
                      *options, "portal.wsgi:application"],
        {"CONN_MAX_AGE": "600", **environment},
        log=log,
        port=port,
    )  # fmt: skip


def _start(
    name: str,
    command: Callable[[int], list[str]],
    environment: dict[str, str],
    *,
    log: Path,
    port: int | None = None,
) -> tuple[subprocess.Popen, int]:
    if port is None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    with log.open("ab") as log_file:
        server = subprocess.Popen(  # noqa: S603
            command(port),
            cwd=ROOT,
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError(f"{name} did not start:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
