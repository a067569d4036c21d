import os
import uuid

from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

import pytest
import redis
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from chat.services import course_room_open
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import Enrollment
from courses.services import course_index_setup
from members.factories import TeacherFactory, UserFactory
from portal.asgi import application

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_available() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture(
    params=[
        pytest.param("memory", marks=pytest.mark.memory_layer),
        pytest.param("redis", marks=pytest.mark.redis_layer),
    ]
)
def channel_layer(request, settings):
    """
    Every consumer test runs on the in-memory layer and on a real Redis
    (`make test` pairs them with the databases they run beside: SQLite as
    in development, PostgreSQL as in production).
    """
    if request.param == "redis":
        if not redis_available():
            message = (
                f"Redis is not running at {REDIS_URL} (apt-get install redis-server)."
            )
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                "CONFIG": {
                    "hosts": [REDIS_URL],
                    "prefix": f"lectern-test-{uuid.uuid4().hex[:8]}",
                },
            }
        }
    return request.param


@pytest.fixture
def moderator(db):
    """A member of the Moderators group, not a superuser: who reviews chat reports."""
    user = UserFactory(display_name="Mo Moderator")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def course_setup(home_page):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory(email_verified=True)
    course = CoursePageFactory(parent=index, owner=teacher, access_level="members")
    LessonPageFactory(parent=ModulePageFactory(parent=course, owner=teacher))
    students = [UserFactory(email_verified=True) for _ in range(3)]
    for student in students:
        Enrollment.objects.create(user=student, course=course, source="free")
    return {
        "course": course,
        "teacher": teacher,
        "students": students,
        "outsider": UserFactory(email_verified=True),
        "room": course_room_open(user=teacher, course=course),
    }


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


async def open_socket(
    user, room, *, origin: bytes = b"http://testserver", cookie: str | None = None
) -> tuple[WebsocketCommunicator, bool, int | None]:
    """
    A socket through the whole ASGI stack: origin check, session, consumer;
    signed in as `user` by a new session, or by the session `cookie`.
    """
    headers = [(b"origin", origin), (b"host", b"testserver")]
    if user is not None:
        cookie = cookie or await database_sync_to_async(session_cookie)(user)
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    communicator = WebsocketCommunicator(
        application, f"/ws/chat/{room.pk}/", headers=headers
    )
    connected, code = await communicator.connect()
    return communicator, connected, code


async def joined(user, room, *, cookie: str | None = None) -> WebsocketCommunicator:
    """A member's socket, past its opening history and presence frames."""
    communicator, connected, _ = await open_socket(user, room, cookie=cookie)
    assert connected
    assert (await communicator.receive_json_from())["type"] == "history"
    assert (await communicator.receive_json_from())["type"] == "presence"
    return communicator


async def shown_out_because(listening, *, code: str, close_code: int) -> None:
    """The socket is told why it may hear the room no more, then closed."""
    assert (await next_of(listening, "error"))["code"] == code
    closed = await listening.receive_output(timeout=3)
    assert closed == {"type": "websocket.close", "code": close_code}


async def next_of(communicator: WebsocketCommunicator, frame_type: str) -> dict:
    """The next frame of a type, passing over arrivals and departures (a timeout
    fails the test when it never comes)."""
    while True:
        frame = await communicator.receive_json_from(timeout=3)
        if frame["type"] == frame_type:
            return frame
        assert frame["type"] in ("arrived", "left"), frame
