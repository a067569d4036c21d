"""
What students do in courses: enroll, work through lessons and quizzes, and
earn certificates; and which files each lesson uses, which decides who may
download them.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Enrollment(models.Model):
    class Source(models.TextChoices):
        FREE = "free", "Free enrollment"
        PURCHASE = "purchase", "Purchase"
        PLAN = "plan", "Plan membership"
        ADMIN = "admin", "Given by an admin"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="enrollments"
    )
    source = models.CharField(max_length=16, choices=Source.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="courses_enrollment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.course}"


class LessonProgress(models.Model):
    """
    A student's own record of a lesson: whether they completed it, when they
    last visited it (the last one is where they resume), whether they
    bookmarked it, and their private notes on it.
    """

    NOTE_MAX_LENGTH = 10_000

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lesson_progress",
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    visited_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    bookmarked = models.BooleanField(default=False)
    note = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)

    class Meta:
        verbose_name_plural = "lesson progress"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson"], name="courses_progress_unique"
            )
        ]
        indexes = [models.Index(fields=["user", "course", "-visited_at"])]

    def __str__(self) -> str:
        return f"{self.user} on {self.lesson_id}"


class QuizAttempt(models.Model):
    """A student's answers to one quiz block of a lesson, scored on the server."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="+"
    )
    block_id = models.UUIDField()
    answers = models.JSONField(help_text="Chosen choice indexes, per question.")
    score = models.PositiveSmallIntegerField()
    max_score = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user}: {self.score}/{self.max_score}"

    @property
    def percentage(self) -> int:
        return round(100 * self.score / self.max_score) if self.max_score else 0


class CourseCompletion(models.Model):
    """
    When a student first completed every lesson of a course, recorded as
    they complete its last one (and, for those completed before, by the
    migration that made this model). Kept: a lesson its teachers add later
    does not lock again the courses that require this one. Its progress and
    certificate still count its lessons as they are; and a course whose
    lessons left were taken out rather than completed is not recorded.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="course_completions",
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="courses_completion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} completed {self.course_id}"


def certificate_code() -> str:
    return secrets.token_urlsafe(9)


class Certificate(models.Model):
    """Proof that a student completed a course, verifiable by anyone at its URL."""

    code = models.CharField(max_length=16, unique=True, default=certificate_code)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    # As they were on the day: later renames do not change an issued certificate.
    student_name = models.CharField(max_length=200)
    course_title = models.CharField(max_length=255)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="courses_certificate_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_title}: {self.student_name}"

    def get_absolute_url(self) -> str:
        return reverse("courses:certificate", args=[self.code])


class LessonFile(models.Model):
    """
    An object (a document, an image, a media asset...) that a lesson's body
    uses, in its live content or its latest draft. Recorded as the lesson
    is saved, so that the course rule knows at once which lessons a file is
    in (Wagtail's reference index is filled later, by a task, and holds the
    live content only).
    """

    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="file_uses"
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "content_type", "object_id"],
                name="courses_lesson_file_unique",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"Lesson {self.lesson_id} uses {self.content_type_id}:{self.object_id}"


class CourseRating(models.Model):
    """
    What students' reviews say of a course, summed up for the catalog (its
    cards, its sort by rating) and the course's page. The reviews are the
    community's (`community.Review`), which keeps this up to date as they
    are written, edited, hidden and deleted.
    """

    course = models.OneToOneField(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="rating",
    )
    count = models.PositiveIntegerField(default=0)
    # The mean of the shown reviews' stars, 1.00 to 5.00; null without any.
    average = models.DecimalField(max_digits=3, decimal_places=2, null=True)

    def __str__(self) -> str:
        return f"{self.course_id}: {self.average} from {self.count}"
