from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from members.models import User
from members.services import ROLE_GROUP_NAMES

from .access import Viewer, course_allows_enrollment, lesson_access
from .models import (
    Certificate,
    CourseIndexPage,
    CourseNotification,
    CoursePage,
    Enrollment,
    EnrollmentReminder,
    LessonPage,
    LessonProgress,
    QuizAttempt,
)
from .selectors import course_progress


def enrollment_create(
    *, user: User, course: CoursePage, source: str = Enrollment.Source.FREE
) -> Enrollment:
    """
    Enroll `user`. Free enrollment follows the course's access level; other
    sources (purchase, plan, admin) are granted by the code that verified them.
    """
    if source == Enrollment.Source.FREE and not course_allows_enrollment(
        user=user, course=course
    ):
        raise PermissionDenied("This course is not open for enrollment.")
    enrollment, _ = Enrollment.objects.get_or_create(
        user=user, course=course, defaults={"source": source}
    )
    return enrollment


def enrollment_delete(*, user: User, course: CoursePage) -> None:
    """Leave a course one enrolled in for free; bought access is kept."""
    enrollment = Enrollment.objects.filter(user=user, course=course).first()
    if enrollment is None:
        return
    if enrollment.source != Enrollment.Source.FREE:
        raise PermissionDenied("Courses you bought or were given stay yours.")
    enrollment.delete()


COURSE_REVIEW_WORKFLOW = "Course review"


def course_review_workflow() -> Workflow:
    """The workflow that sends teachers' changes to Moderators for approval."""
    workflow, _ = Workflow.objects.get_or_create(name=COURSE_REVIEW_WORKFLOW)
    if not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.create(name="Moderator review")
        task.groups.set(Group.objects.filter(name=ROLE_GROUP_NAMES[User.Role.ADMIN]))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


@transaction.atomic
def course_index_setup(*, index: CourseIndexPage) -> None:
    """
    Make a new catalog work for teachers: they may add courses under it, and
    their changes go through the Course review workflow.
    """
    WorkflowPage.objects.update_or_create(
        page=index, defaults={"workflow": course_review_workflow()}
    )
    GroupPagePermission.objects.get_or_create(
        group=Group.objects.get(name=ROLE_GROUP_NAMES[User.Role.TEACHER]),
        page=index,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="add_page"
        ),
    )


@dataclass(frozen=True)
class QuestionResult:
    prompt: str
    correct: bool
    chosen: list[int]
    correct_choices: list[int]
    explanation: str


def quiz_attempt_create(
    *, viewer: Viewer, lesson: LessonPage, block_id: str, answers: dict[str, list[str]]
) -> tuple[QuizAttempt, list[QuestionResult]]:
    """
    Score a student's answers to a quiz block on the server. `answers` maps
    "q<question index>" to the chosen choice indexes, as the form posts them.
    A question is right when exactly its correct choices are chosen.
    """
    course = lesson.get_course()
    if (
        not viewer.user.is_authenticated
        or not lesson_access(viewer=viewer, lesson=lesson, course=course).allowed
    ):
        raise PermissionDenied("You cannot take this quiz.")
    quiz = next(
        (
            block.value
            for block in lesson.body
            if block.block_type == "quiz" and str(block.id) == str(block_id)
        ),
        None,
    )
    if quiz is None:
        raise ValidationError("This quiz no longer exists; reload the lesson.")

    questions = list(quiz["questions"])
    allowed_keys = {f"q{index}" for index in range(len(questions))}
    if not set(answers) <= allowed_keys:
        raise ValidationError("Answer the questions of this quiz only.")
    results = []
    chosen_by_question = []
    for index, question in enumerate(questions):
        try:
            chosen = sorted({int(choice) for choice in answers.get(f"q{index}", [])})
        except ValueError:
            raise ValidationError("Choose among the answers offered.") from None
        if any(not 0 <= choice < len(question["choices"]) for choice in chosen):
            raise ValidationError("Choose among the answers offered.")
        correct_choices = [
            position
            for position, choice in enumerate(question["choices"])
            if choice["correct"]
        ]
        chosen_by_question.append(chosen)
        results.append(
            QuestionResult(
                prompt=question["prompt"],
                correct=chosen == correct_choices,
                chosen=chosen,
                correct_choices=correct_choices,
                explanation=question["explanation"],
            )
        )
    score = sum(result.correct for result in results)
    attempt = QuizAttempt(
        user=viewer.user,
        lesson=lesson,
        block_id=block_id,
        answers=chosen_by_question,
        score=score,
        max_score=len(questions),
        passed=100 * score >= quiz["pass_mark"] * len(questions),
    )
    attempt.full_clean()
    attempt.save()
    return attempt, results


def lesson_visit(*, user: User, lesson: LessonPage, course: CoursePage) -> None:
    """Remember the lesson a student is on, to resume there."""
    LessonProgress.objects.update_or_create(
        user=user, lesson=lesson, defaults={"course": course}
    )


def lesson_complete(*, viewer: Viewer, lesson: LessonPage) -> LessonProgress:
    course = lesson.get_course()
    if (
        not viewer.user.is_authenticated
        or not lesson_access(viewer=viewer, lesson=lesson, course=course).allowed
    ):
        raise PermissionDenied("You cannot complete this lesson.")
    progress, _ = LessonProgress.objects.get_or_create(
        user=viewer.user, lesson=lesson, defaults={"course": course}
    )
    if progress.completed_at is None:
        progress.completed_at = timezone.now()
        progress.save(update_fields=["completed_at", "visited_at"])
        if course_progress(user=viewer.user, course=course).is_complete:
            certificate_issue(user=viewer.user, course=course)
    return progress


def certificate_issue(*, user: User, course: CoursePage) -> Certificate:
    """Issue the course's certificate to a student who completed it, once."""
    if not course_progress(user=user, course=course).is_complete:
        raise PermissionDenied("The course is not complete yet.")
    certificate, _ = Certificate.objects.get_or_create(
        user=user,
        course=course,
        defaults={"student_name": str(user), "course_title": course.title},
    )
    return certificate


def course_notification_create(*, email: str, course: CoursePage) -> CourseNotification:
    if not course.is_coming_soon:
        raise ValidationError("This course is already open.")
    notification, _ = CourseNotification.objects.get_or_create(
        email=email.strip().lower(), course=course
    )
    return notification


def course_opened(*, course: CoursePage) -> None:
    """Called when a course is published: if it is open, tell who asked."""
    from .tasks import send_course_available_emails

    if (
        not course.is_coming_soon
        and course.notifications.filter(notified_at__isnull=True).exists()
    ):
        send_course_available_emails.enqueue(course_id=course.pk)


def enrollment_reminders_send(*, batch_size: int = 100) -> int:
    """
    Email one reminder to each student who joined more than
    ENROLLMENT_REMINDER_DAYS ago and has not enrolled; returns how many.
    """
    joined_before = timezone.now() - timedelta(days=settings.ENROLLMENT_REMINDER_DAYS)
    due = User.objects.filter(
        is_active=True,
        role=User.Role.STUDENT,
        date_joined__lt=joined_before,
        enrollments__isnull=True,
        deletion_due_at__isnull=True,
    ).exclude(pk__in=EnrollmentReminder.objects.values("user_id"))
    catalog = CourseIndexPage.objects.live().first()
    sent = 0
    while batch := list(due.order_by("pk")[:batch_size]):
        messages = [
            (
                f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Find your first course",
                render_to_string(
                    "courses/email/enrollment_reminder.txt",
                    {"user": user, "catalog_url": catalog.full_url if catalog else ""},
                ),
                None,
                [user.email],
            )
            for user in batch
        ]
        with transaction.atomic():
            EnrollmentReminder.objects.bulk_create(
                [EnrollmentReminder(user=user) for user in batch]
            )
            transaction.on_commit(lambda m=messages: send_mass_mail(m))
        sent += len(batch)
    return sent
