import pytest

from chat.selectors import message_in_context
from chat.services import message_post, room_join, room_public_get_or_create

pytestmark = pytest.mark.django_db


def test_a_reported_message_is_seen_among_its_neighbours_in_its_room(
    course_setup, settings
):
    settings.CHAT_RATE_LIMIT_COUNT = 100
    author, other = course_setup["students"][:2]
    room = course_setup["room"]
    before = [
        message_post(member=room_join(user=other, room=room), body=f"b{n}")
        for n in range(5)
    ]
    message = message_post(member=room_join(user=author, room=room), body="reported")
    message_post(
        member=room_join(user=other, room=room_public_get_or_create()), body="elsewhere"
    )
    after = [
        message_post(member=room_join(user=other, room=room), body=f"a{n}")
        for n in range(5)
    ]

    context = message_in_context(message=message)

    assert context == [*before[-3:], message, *after[:3]]
