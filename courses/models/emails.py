"""
Addresses Lectern emails, with or without an account: visitors who proved
an address to read email-verified courses, those waiting to hear that a
course opened, and the one reminder sent to members who never enrolled.
"""

from django.conf import settings
from django.db import models


class VerifiedEmail(models.Model):
    """An address a visitor proved they own, to read email-verified courses."""

    email = models.EmailField(unique=True)
    first_verified_at = models.DateTimeField(auto_now_add=True)
    last_verified_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.email


class EmailAccessToken(models.Model):
    """A single-use link sent to an address; only its hash is stored."""

    email = models.EmailField()
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Access link for {self.email}"


class CourseNotification(models.Model):
    """
    Someone who asked to hear when a coming-soon course, or a coming-soon
    lesson of it, opens. Only a confirmed address is told; it confirms by a
    single-use emailed link, of which only the hash is stored.
    """

    email = models.EmailField()
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="notifications"
    )
    # The lesson asked about; none for the course itself.
    lesson = models.ForeignKey(
        "courses.LessonPage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    token_hash = models.CharField(max_length=64, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["email", "course"],
                condition=models.Q(lesson__isnull=True),
                name="courses_notification_unique",
            ),
            models.UniqueConstraint(
                fields=["email", "lesson"],
                condition=models.Q(lesson__isnull=False),
                name="courses_notification_lesson_unique",
            ),
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~models.Q(token_hash=""),
                name="courses_notification_token_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} for {self.lesson_id or self.course_id}"

    @property
    def page(self):
        """What was asked about: the lesson, or else the course."""
        return self.lesson or self.course


class EnrollmentReminder(models.Model):
    """The one reminder a member without enrollments was sent."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Reminder to {self.user_id}"
