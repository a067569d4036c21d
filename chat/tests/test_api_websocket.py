"""
The chat socket signed in by the API's access token, as API clients join
it: as a subprotocol (`bearer, <token>`) or in the query string.
"""

import asyncio
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from chat import consumers
from chat.consumers import NOT_A_MEMBER, NOT_SIGNED_IN
from chat.models import Message
from chat.tests.conftest import (
    next_of,
    open_socket,
    session_cookie,
    shown_out_because,
)
from members.api_base import AccessToken
from portal.asgi import application

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("channel_layer", "close_thread_connections"),
]


@database_sync_to_async
def token_for(user, *, lifetime: timedelta | None = None) -> str:
    token = AccessToken.for_user(user)
    if lifetime is not None:
        token.set_exp(lifetime=lifetime)
    return str(token)


async def token_socket(
    room, *, token: str, as_subprotocol: bool = True, headers=()
) -> tuple[WebsocketCommunicator, bool, str | int | None]:
    """A socket bringing `token`, through the whole ASGI stack."""
    path = f"/ws/chat/{room.pk}/"
    communicator = WebsocketCommunicator(
        application,
        path if as_subprotocol else f"{path}?token={token}",
        headers=[(b"origin", b"http://testserver"), (b"host", b"testserver"), *headers],
        subprotocols=["bearer", token] if as_subprotocol else None,
    )
    connected, subprotocol_or_code = await communicator.connect()
    return communicator, connected, subprotocol_or_code


async def test_a_valid_token_joins_a_room_and_names_the_bearer_subprotocol(
    course_setup,
):
    student = course_setup["students"][0]
    token = await token_for(student)

    communicator, connected, subprotocol = await token_socket(
        course_setup["room"], token=token
    )

    assert (connected, subprotocol) == (True, "bearer")
    assert (await communicator.receive_json_from())["type"] == "history"
    presence = await communicator.receive_json_from()
    assert [person["id"] for person in presence["online"]] == [student.pk]
    await communicator.send_json_to({"type": "message", "body": "By token"})
    frame = await next_of(communicator, "message")
    assert (frame["message"]["body"], frame["message"]["author"]["id"]) == (
        "By token",
        student.pk,
    )
    await communicator.disconnect()


async def test_a_token_in_the_query_string_joins_too(course_setup):
    token = await token_for(course_setup["teacher"])

    communicator, connected, subprotocol = await token_socket(
        course_setup["room"], token=token, as_subprotocol=False
    )

    assert (connected, subprotocol) == (True, None)
    await communicator.disconnect()


async def test_a_valid_token_for_a_room_one_may_not_join_is_refused(course_setup):
    token = await token_for(course_setup["outsider"])

    for as_subprotocol in (True, False):
        _, connected, code = await token_socket(
            course_setup["room"], token=token, as_subprotocol=as_subprotocol
        )

        assert (connected, code) == (False, NOT_A_MEMBER)


async def test_expired_tampered_or_empty_tokens_are_refused(course_setup):
    student = course_setup["students"][0]
    token = await token_for(student)
    header, payload, signature = token.split(".")
    refused = [
        await token_for(student, lifetime=timedelta(seconds=-1)),
        f"{header}.{payload}.{signature[:-2]}xx",
        "",
        "not-a-token",
    ]

    for bad in refused:
        for as_subprotocol in (True, False):
            _, connected, code = await token_socket(
                course_setup["room"], token=bad, as_subprotocol=as_subprotocol
            )

            assert (connected, code) == (False, NOT_SIGNED_IN), bad


async def test_bearer_with_no_token_after_it_is_refused(course_setup):
    communicator = WebsocketCommunicator(
        application,
        f"/ws/chat/{course_setup['room'].pk}/",
        headers=[(b"origin", b"http://testserver"), (b"host", b"testserver")],
        subprotocols=["bearer"],
    )

    assert await communicator.connect() == (False, NOT_SIGNED_IN)


@pytest.mark.parametrize(
    "change",
    [{"is_active": False}, {"deletion_due_at": timezone.now() + timedelta(days=30)}],
    ids=["deactivated", "deletion-scheduled"],
)
async def test_tokens_of_accounts_the_api_refuses_are_refused(course_setup, change):
    student = course_setup["students"][0]
    token = await token_for(student)
    for field, value in change.items():
        setattr(student, field, value)
    await database_sync_to_async(student.save)()

    _, connected, code = await token_socket(course_setup["room"], token=token)

    assert (connected, code) == (False, NOT_SIGNED_IN)


async def test_a_refused_token_does_not_fall_back_to_the_session(course_setup):
    student = course_setup["students"][0]
    cookie = await database_sync_to_async(session_cookie)(student)
    expired = await token_for(student, lifetime=timedelta(seconds=-1))

    _, connected, code = await token_socket(
        course_setup["room"],
        token=expired,
        headers=[(b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode())],
    )

    assert (connected, code) == (False, NOT_SIGNED_IN)


async def test_the_token_not_the_session_says_who_is_there(course_setup):
    student, outsider = course_setup["students"][0], course_setup["outsider"]
    cookie = await database_sync_to_async(session_cookie)(student)
    token = await token_for(outsider)

    _, connected, code = await token_socket(
        course_setup["room"],
        token=token,
        headers=[(b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode())],
    )

    assert (connected, code) == (False, NOT_A_MEMBER)


async def test_without_a_token_the_session_still_signs_in(course_setup):
    communicator, connected, subprotocol = await open_socket(
        course_setup["students"][0], course_setup["room"]
    )

    assert (connected, subprotocol) == (True, None)
    await communicator.disconnect()


async def test_an_app_with_a_token_needs_no_origin_but_a_cookie_does(course_setup):
    student = course_setup["students"][0]
    room = course_setup["room"]
    token = await token_for(student)
    path = f"/ws/chat/{room.pk}/"

    app = WebsocketCommunicator(
        application,
        path,
        headers=[(b"host", b"testserver")],
        subprotocols=["bearer", token],
    )
    connected, _ = await app.connect()
    assert connected
    await app.disconnect()

    cookie = await database_sync_to_async(session_cookie)(student)
    page = WebsocketCommunicator(
        application,
        path,
        headers=[
            (b"host", b"testserver"),
            (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()),
        ],
    )
    connected, _ = await page.connect()
    assert not connected
    # Nor does a stray token let another site's page in on the cookie.
    forged = WebsocketCommunicator(
        application,
        f"{path}?token=forged",
        headers=[
            (b"origin", b"http://evil.example"),
            (b"host", b"testserver"),
            (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()),
        ],
    )
    connected, _ = await forged.connect()
    assert not connected


async def test_a_socket_outlives_its_token_but_not_its_accounts_deletion(
    course_setup, monkeypatch
):
    monkeypatch.setattr(consumers, "RECHECK_SECONDS", 0.2)
    student = course_setup["students"][0]
    token = await token_for(student, lifetime=timedelta(seconds=1))
    communicator, connected, _ = await token_socket(course_setup["room"], token=token)
    assert connected
    assert (await communicator.receive_json_from())["type"] == "history"
    assert (await communicator.receive_json_from())["type"] == "presence"

    # Expired since, and checked again meanwhile: it still speaks.
    await asyncio.sleep(1.5)
    await communicator.send_json_to({"type": "message", "body": "Still here"})
    assert (await next_of(communicator, "message"))["message"]["body"] == "Still here"

    # Its tokens end once the account is to be deleted (it may still chat
    # on the site, to change its mind).
    student.deletion_due_at = timezone.now() + timedelta(days=30)
    await database_sync_to_async(student.save)()
    await shown_out_because(communicator, code="signed_out", close_code=NOT_SIGNED_IN)


async def test_a_tokens_next_frame_is_refused_once_the_password_changes(
    course_setup,
):
    student = course_setup["students"][0]
    token = await token_for(student)
    communicator, connected, _ = await token_socket(course_setup["room"], token=token)
    assert connected
    assert (await communicator.receive_json_from())["type"] == "history"
    assert (await communicator.receive_json_from())["type"] == "presence"

    student.set_password("a-new-password-1")
    await database_sync_to_async(student.save)()
    await communicator.send_json_to({"type": "message", "body": "Still me?"})

    await shown_out_because(communicator, code="signed_out", close_code=NOT_SIGNED_IN)
    assert not await database_sync_to_async(Message.objects.exists)()
