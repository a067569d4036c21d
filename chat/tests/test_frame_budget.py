"""
What one frame from a member costs the server: the room's rule asked once,
and the same queries however many members and messages the room has.
"""

from unittest import mock

from django.contrib.sessions.backends.cached_db import SessionStore

import pytest

from chat import services
from chat.consumers import ChatConsumer
from chat.factories import MessageFactory
from chat.models import Message
from chat.tests.conftest import session_cookie
from courses.models import Enrollment
from members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sessions_in_the_cache(settings):
    """
    Read from the cache, as in production (where Redis keeps them): each
    frame reads its socket's session again. Without Redis (development),
    sessions are read from the database: one query more a frame.
    """
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def consumer_for(user, room) -> ChatConsumer:
    """A consumer of `user`'s socket, signed in by their session."""
    consumer = ChatConsumer()
    consumer.user, consumer.room, consumer.channel_name = user, room, "test!budget"
    consumer.scope = {"session": SessionStore(session_cookie(user))}
    return consumer


def grow(course_setup, size: int) -> None:
    """`size` more members and messages in the course's room."""
    course, room = course_setup["course"], course_setup["room"]
    for _ in range(size):
        student = UserFactory(email_verified=True)
        Enrollment.objects.create(user=student, course=course, source="free")
        MessageFactory(room=room, author=student)


@pytest.mark.parametrize("size", [0, 20])
@pytest.mark.parametrize(
    ("handler", "content"),
    [
        (ChatConsumer._post, {"body": "Hello"}),
        (ChatConsumer._history, {"after": 0}),
        (ChatConsumer._read, {}),
    ],
)
def test_a_frame_asks_the_room_rule_once_at_a_fixed_cost(
    course_setup, django_assert_num_queries, size, handler, content
):
    grow(course_setup, size)
    student, room = course_setup["students"][0], course_setup["room"]
    services.room_join(user=student, room=room)  # on connecting
    consumer = consumer_for(student, room)
    rule = mock.Mock(wraps=services.user_may_join_room)

    with (
        mock.patch.object(services, "user_may_join_room", rule),
        # The member's place with their account as it is now, the
        # enrollment, then the frame itself.
        django_assert_num_queries(6 if handler is ChatConsumer._post else 3),
    ):
        consumer._handle(handler, content)

    assert rule.call_count == 1


def test_posting_writes_the_message_and_the_rooms_activity_in_one_commit(
    course_setup, django_assert_num_queries
):
    student, room = course_setup["students"][0], course_setup["room"]
    services.room_join(user=student, room=room)  # on connecting
    consumer = consumer_for(student, room)

    with django_assert_num_queries(6) as context:
        consumer._handle(ChatConsumer._post, {"body": "Hello"})

    writes = [
        query["sql"].split()[0]
        for query in context.captured_queries
        if not query["sql"].startswith("SELECT")
    ]
    assert writes == ["SAVEPOINT", "INSERT", "UPDATE", "RELEASE"]
    assert Message.objects.get().body == "Hello"
