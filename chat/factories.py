"""Chat records for tests: rooms, their members and messages."""

import factory

from members.factories import UserFactory

from .models import Message, Room, RoomMember


class RoomFactory(factory.django.DjangoModelFactory):
    """A direct room; `RoomMemberFactory(room=...)` gives it its members."""

    kind = Room.Kind.DIRECT
    direct_key = factory.Sequence(lambda n: f"factory-{n}")

    class Meta:
        model = Room


class RoomMemberFactory(factory.django.DjangoModelFactory):
    room = factory.SubFactory(RoomFactory)
    user = factory.SubFactory(UserFactory)

    class Meta:
        model = RoomMember


class MessageFactory(factory.django.DjangoModelFactory):
    """A message as stored, without the room's activity or a broadcast."""

    room = factory.SubFactory(RoomFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Message {n}")

    class Meta:
        model = Message
