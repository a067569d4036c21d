"""One Daphne process on loopback for a benchmark: started, waited for, stopped."""

import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_daphne(
    environment: dict[str, str], *, log: Path, options: tuple[str, ...] = ()
) -> tuple[subprocess.Popen, int]:
    """Daphne serving the project on a free port, once it takes connections."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with log.open("ab") as log_file:
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "daphne", "-v", "0", "-b", "127.0.0.1",
             "-p", str(port), *options, "portal.asgi:application"],
            cwd=ROOT,
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError(f"Daphne did not start:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
