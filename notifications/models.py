from django.conf import settings
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    """
    Something that happened that a member should know of: shown under the
    bell in the header, and sent in their next email digest unless read
    first. Any app notifies through `services.notification_send`; `kind`
    names the event ("community.reply", ...), so members could one day
    choose which kinds they hear of.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # Who did it, if a member did; a deleted account leaves the text.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(max_length=50)
    # What happened, in words, written when it happened.
    text = models.CharField(max_length=300)
    # Where it happened: a path on this site.
    url = models.CharField(max_length=500)
    # The course whose new lessons it tells of: those go in the course's
    # own email (CourseEmail), at most one a day, not in the digest.
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # When a digest carried it; empty while it waits for one.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["created_at"],
                condition=models.Q(read_at__isnull=True, emailed_at__isnull=True),
                name="notification_digest_due",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailDigest(models.Model):
    """A member's email digest: whether they want it, and when it last went."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="email_digest",
    )
    subscribed = models.BooleanField(default=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Email digest of {self.user}"


class CourseEmail(models.Model):
    """
    A member's email of what is new in one course: whether they want it,
    and when it last went. Members get it until they unsubscribe.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    subscribed = models.BooleanField(default=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="notifications_course_email_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Email of {self.course_id} to {self.user_id}"


class AnnouncedLesson(models.Model):
    """
    A lesson whose opening its course's students were told of: each lesson
    is announced once, however often it is published again.
    """

    lesson = models.OneToOneField(
        "courses.LessonPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    announced_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Lesson {self.lesson_id} announced"
