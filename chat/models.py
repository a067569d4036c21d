from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 2000


class Room(models.Model):
    """A conversation: a course's, two members' own, or the public one."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        DIRECT = "direct", _("Direct")
        PUBLIC = "public", _("Public")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    course = models.OneToOneField(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="chat_room",
    )
    # "<smaller user id>:<larger user id>" for direct rooms: one room per pair.
    direct_key = models.CharField(max_length=50, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(kind="public"),
                name="chat_one_public_room",
            )
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.COURSE and self.course_id:
            return self.course.title
        if self.kind == self.Kind.PUBLIC:
            return "Public room"
        return f"Direct room {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("chat:room", args=[self.pk])

    @property
    def group_name(self) -> str:
        """The channel layer group of everyone connected to the room."""
        return f"chat.room.{self.pk}"


class RoomMember(models.Model):
    """A member's place in a room: how far they have read, and any mute."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_rooms"
    )
    last_read_at = models.DateTimeField(default=timezone.now)
    muted_until = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["room", "user"], name="chat_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.room}"

    @property
    def is_muted(self) -> bool:
        return self.muted_until is not None and self.muted_until > timezone.now()


class Message(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="messages")
    # A deleted account takes its messages along.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages"
    )
    body = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["room", "-id"], name="chat_message_page")]

    def __str__(self) -> str:
        return self.body[:50]


class Report(models.Model):
    """A member's flag on a message, for admins to review."""

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "chat report"
        ordering = ["resolved_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reporter"], name="chat_report_once"
            )
        ]

    def __str__(self) -> str:
        return f"Report on message {self.message_id}"


class Connection(models.Model):
    """An open socket in a room, wherever its process runs: who is online."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="connections")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    channel_name = models.CharField(max_length=255, unique=True)
    connected_at = models.DateTimeField(auto_now_add=True)
    # Clients say they are still there every half minute; a process that
    # died leaves rows that stop counting once they go quiet.
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.channel_name
