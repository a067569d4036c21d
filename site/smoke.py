"""
The prod-like smoke test: what visitors, members and the task worker do,
through the front proxy of site/prodlike, with production's settings.

    site/prodlike .venv/bin/python site/smoke.py      (make smoke; .ci/run)

Each check prints a line; the last line counts them ("N passed, N failed")
and the exit status is 1 when one failed. With the set-up's environment
(the servers'), it makes the members it signs in and enqueues the task with
the ORM, and runs site/backup and site/restore; visitors and members go
through https and wss, as a browser would.
"""

import asyncio
import contextlib
import io
import json
import os
import re
import ssl
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from urllib.parse import urlsplit

import django
from django.conf import settings

import psycopg2
import requests
import websockets
from PIL import Image

BASE = os.environ["PRODLIKE_URL"]
CA = os.environ["PRODLIKE_CA"]
PASSWORD = "smoke-test-password-1"  # noqa: S105 (a throwaway set-up's)
SITE = Path(__file__).resolve().parent
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMEOUT = 30
# Members of this run (the script may run again on the same set-up).
RUN = f"{os.getpid()}-{int(time.time())}"
# The worker may have a queue of search indexing to get through first.
TASK_TIMEOUT = 120


class CheckFailed(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def member(email: str):
    """A member with a verified address, who may sign in and upload."""
    from allauth.account.models import EmailAddress

    from members.models import User

    user = User.objects.create_user(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def session() -> requests.Session:
    browser = requests.Session()
    browser.verify = CA
    # Or REQUESTS_CA_BUNDLE, where set, would win over the line above.
    browser.trust_env = False
    # Django checks the Referer of https form posts.
    browser.headers["Referer"] = f"{BASE}/"
    return browser


def csrf_token(browser: requests.Session, path: str) -> str:
    page = browser.get(BASE + path, timeout=TIMEOUT)
    check(page.status_code == 200, f"{path} answered {page.status_code}")
    found = CSRF_INPUT.search(page.text)
    check(found is not None, f"{path} has no CSRF token")
    return found.group(1)


def sign_in(email: str) -> requests.Session:
    browser = session()
    response = browser.post(
        f"{BASE}/accounts/login/",
        data={
            "login": email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf_token(browser, "/accounts/login/"),
        },
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    check(
        response.status_code == 302 and "sessionid" in browser.cookies,
        f"signing in answered {response.status_code}",
    )
    return browser


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(out, "PNG")
    return out.getvalue()


# The checks, in order: each may use what an earlier one made.


def pages_come_through_the_proxy(state: dict) -> None:
    for path in ("/", "/accounts/login/"):
        response = requests.get(BASE + path, verify=CA, timeout=TIMEOUT)
        check(response.status_code == 200, f"{path} answered {response.status_code}")
        check(response.headers.get("Server") == "nginx", f"{path} skipped the proxy")
    plain = requests.get(
        BASE.replace("https://", "http://"), verify=CA, timeout=TIMEOUT
    )
    check(plain.status_code == 400, "plain http on the TLS port was not refused")


def the_proxy_serves_static_files_and_public_media(state: dict) -> None:
    page = requests.get(f"{BASE}/accounts/login/", verify=CA, timeout=TIMEOUT).text
    stylesheet = re.search(r'href="(/static/css/site(\.[0-9a-f]{12})?\.css)"', page)
    check(stylesheet is not None, "the sign-in page links no stylesheet")
    css = requests.get(BASE + stylesheet.group(1), verify=CA, timeout=TIMEOUT)
    check(css.status_code == 200, f"the stylesheet answered {css.status_code}")
    # A file put there after the servers started: WhiteNoise, which lists the
    # files as it starts, would not know it; nginx reads the disk.
    sentinel = Path(settings.STATIC_ROOT, f"smoke-{RUN}.txt")
    sentinel.write_text("static bytes")
    try:
        static = requests.get(
            f"{BASE}/static/{sentinel.name}", verify=CA, timeout=TIMEOUT
        )
    finally:
        sentinel.unlink()
    check(static.text == "static bytes", f"/static/ answered {static.status_code}")
    if stylesheet.group(2):
        cache_control = css.headers.get("Cache-Control", "")
        check("immutable" in cache_control, "hashed CSS is not immutable")
    Path(os.environ["MEDIA_ROOT"], "smoke.txt").write_text("public bytes")
    media = requests.get(f"{BASE}/media/smoke.txt", verify=CA, timeout=TIMEOUT)
    check(media.text == "public bytes", f"public media answered {media.status_code}")
    check(
        "sandbox" in media.headers.get("Content-Security-Policy", ""),
        "public media may run in the site's origin",
    )
    for path in ("/_files/public/smoke.txt", "/_files/private/"):
        inside = requests.get(BASE + path, verify=CA, timeout=TIMEOUT)
        check(inside.status_code == 404, f"{path} is reachable from outside")


def the_proxy_refuses_an_oversized_body(state: dict) -> None:
    response = requests.post(
        f"{BASE}/accounts/login/", data=b"x" * (26 * 2**20), verify=CA, timeout=TIMEOUT
    )
    check(response.status_code == 413, f"a 26 MB form answered {response.status_code}")


def a_member_signs_in(state: dict) -> None:
    state["owner"] = member(f"owner-{RUN}@smoke.test")
    state["other"] = member(f"other-{RUN}@smoke.test")
    state["browser"] = sign_in(state["owner"].email)
    learning = state["browser"].get(f"{BASE}/learning/", timeout=TIMEOUT)
    check(learning.status_code == 200, f"My learning answered {learning.status_code}")


def a_private_file_is_refused_then_served_to_its_owner(state: dict) -> None:
    browser = state["browser"]
    content = png_bytes()
    uploaded = browser.post(
        f"{BASE}/library/upload/",
        data={
            "title": "Smoke",
            "visibility": "private",
            "csrfmiddlewaretoken": csrf_token(browser, "/library/upload/"),
        },
        files={"file": ("smoke.png", content, "image/png")},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    check(uploaded.status_code == 302, f"the upload answered {uploaded.status_code}")
    pk = urlsplit(uploaded.headers["Location"]).path.strip("/").split("/")[-1]
    url = f"{BASE}/library/{pk}/file/"

    anonymous = requests.get(url, verify=CA, allow_redirects=False, timeout=TIMEOUT)
    check(anonymous.status_code == 302, f"a visitor got {anonymous.status_code}")
    other = sign_in(state["other"].email).get(url, timeout=TIMEOUT)
    check(other.status_code == 403, f"another member got {other.status_code}")
    check(other.content != content, "another member got the bytes")

    whole = browser.get(url, timeout=TIMEOUT)
    check(whole.status_code == 200, f"its owner got {whole.status_code}")
    check(whole.content == content, "its owner got other bytes")
    check("X-Accel-Redirect" not in whole.headers, "the proxy's header leaked")
    check(whole.headers.get("Cache-Control", "").startswith("private"), "cacheable")
    part = browser.get(url, headers={"Range": "bytes=0-9"}, timeout=TIMEOUT)
    check(part.status_code == 206, f"a range answered {part.status_code}")
    check(part.content == content[:10], "a range sent other bytes")
    state["asset"], state["content"] = int(pk), content


def a_chat_message_goes_round_the_websocket(state: dict) -> None:
    from chat.services import room_public_get_or_create

    room = room_public_get_or_create()
    cookie = state["browser"].cookies["sessionid"]
    context = ssl.create_default_context(cafile=CA)
    socket_url = BASE.replace("https://", "wss://") + f"/ws/chat/{room.pk}/"

    async def converse() -> dict:
        async with websockets.connect(
            socket_url,
            ssl=context,
            origin=BASE,
            additional_headers={"Cookie": f"sessionid={cookie}"},
        ) as socket:
            await socket.send(json.dumps({"type": "message", "body": "Hello, smoke"}))
            async with asyncio.timeout(TIMEOUT):
                while True:
                    frame = json.loads(await socket.recv())
                    if frame["type"] in ("message", "error"):
                        return frame

    frame = asyncio.run(converse())
    check(frame["type"] == "message", f"the socket answered {frame}")
    check(frame["message"]["body"] == "Hello, smoke", f"the socket sent back {frame}")


def the_worker_runs_a_task(state: dict) -> None:
    from django_tasks import TaskResultStatus

    from courses.tasks import send_enrollment_reminders

    result = send_enrollment_reminders.enqueue()
    deadline = time.monotonic() + TIMEOUT
    waiting = (TaskResultStatus.READY, TaskResultStatus.RUNNING)
    while result.status in waiting and time.monotonic() < deadline:
        time.sleep(0.2)
        result.refresh()
    check(result.status == TaskResultStatus.SUCCESSFUL, f"the task is {result.status}")


@contextlib.contextmanager
def empty_database():
    """A new, empty database beside the site's, dropped afterwards; its URL."""
    url = urlsplit(os.environ["DATABASE_URL"])
    server = psycopg2.connect(url._replace(scheme="postgresql").geturl())
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("CREATE DATABASE lectern_restored")
    try:
        yield url._replace(path="/lectern_restored").geturl()
    finally:
        with server.cursor() as cursor:
            cursor.execute("DROP DATABASE lectern_restored WITH (FORCE)")
        server.close()


def a_backup_restores_into_an_empty_database(state: dict) -> None:
    with tempfile.TemporaryDirectory() as scratch, empty_database() as url:
        made = subprocess.run(  # noqa: S603
            [SITE / "backup"],
            env={**os.environ, "BACKUP_DIR": scratch},
            check=True,
            capture_output=True,
            text=True,
        )
        backup = made.stdout.strip()
        restored_media = Path(scratch, "restored")
        subprocess.run(  # noqa: S603
            [SITE / "restore", backup],
            env={
                **os.environ,
                "DATABASE_URL": url,
                "MEDIA_ROOT": str(restored_media / "media"),
                "PRIVATE_MEDIA_ROOT": str(restored_media / "private-media"),
            },
            check=True,
            capture_output=True,
        )
        with (
            psycopg2.connect(
                urlsplit(url)._replace(scheme="postgresql").geturl()
            ) as restored,
            restored.cursor() as cursor,
        ):
            cursor.execute(
                "SELECT count(*) FROM members_user WHERE email = %s",
                [state["owner"].email],
            )
            check(cursor.fetchone()[0] == 1, "the member is not in the restored data")
            cursor.execute(
                "SELECT file FROM media_library_mediaasset WHERE id = %s",
                [state["asset"]],
            )
            (name,) = cursor.fetchone()
        restored.close()
        file = restored_media / "private-media" / name
        check(file.read_bytes() == state["content"], "the private file is not back")


CHECKS = [
    pages_come_through_the_proxy,
    the_proxy_serves_static_files_and_public_media,
    the_proxy_refuses_an_oversized_body,
    a_member_signs_in,
    a_private_file_is_refused_then_served_to_its_owner,
    a_chat_message_goes_round_the_websocket,
    the_worker_runs_a_task,
    a_backup_restores_into_an_empty_database,
]


def main() -> int:
    django.setup()
    state: dict = {}
    passed = failed = 0
    for smoke_check in CHECKS:
        name = smoke_check.__name__.replace("_", " ")
        try:
            smoke_check(state)
        except Exception as error:  # noqa: BLE001 (every failure is reported)
            failed += 1
            print(f"FAILED {name}: {error}", flush=True)  # noqa: T201
            if not isinstance(error, CheckFailed):
                traceback.print_exc()
        else:
            passed += 1
            print(f"ok     {name}", flush=True)  # noqa: T201
    print(f"{passed} passed, {failed} failed")  # noqa: T201
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
