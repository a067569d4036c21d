from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
)

from members.mail import mail_message, mail_send
from members.models import User
from members.roles import ROLE_GROUP_NAMES
from members.selectors import user_has_verified_email
from members.services import workflow_get_or_create

from .access import (
    course_allows_enrollment,
    course_takes_enrollments,
    lesson_access,
    user_oversees_course,
)
from .email_access import check_email_rate, emailed_link_record, new_token
from .models import (
    Certificate,
    CourseIndexPage,
    CourseNotification,
    CoursePage,
    EmailAccessToken,
    Enrollment,
    EnrollmentReminder,
    LessonPage,
    LessonProgress,
    QuizAttempt,
    VerifiedEmail,
)
from .review import course_changes
from .selectors import (
    QuizStanding,
    course_notification_list_due,
    course_progress,
    lesson_quiz_standings,
    question_is_right,
    quiz_standing,
    quizzes_to_pass,
)
from .tasks import send_course_available_emails
from .viewer import Viewer


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
        if not course_takes_enrollments(course=course):
            raise PermissionDenied(
                "This course is not open yet: enrollment opens when its lessons "
                "are published."
            )
        raise PermissionDenied("This course is not open for enrollment.")
    enrollment, _ = Enrollment.objects.get_or_create(
        user=user, course=course, defaults={"source": source}
    )
    return enrollment


def enrollment_delete(*, user: User, course: CoursePage) -> None:
    """Leave a course one enrolled in for free; bought access is kept."""
    enrollment = Enrollment.objects.filter(user=user, course=course).first()
    if enrollment is None:
        raise ValidationError(
            "You are not enrolled in this course, so there is nothing to leave."
        )
    if enrollment.source != Enrollment.Source.FREE:
        raise PermissionDenied("Courses you bought or were given stay yours.")
    enrollment.delete()


COURSE_REVIEW_WORKFLOW = "Course review"


def course_review_workflow() -> Workflow:
    """The workflow that sends teachers' changes to Moderators for approval."""
    return workflow_get_or_create(
        name=COURSE_REVIEW_WORKFLOW,
        task_model=GroupApprovalTask,
        task_name="Moderator review",
    )


@transaction.atomic
def course_index_setup(*, index: CourseIndexPage) -> None:
    """
    Make a new catalog work for teachers: they may add courses under it, and
    their courses go through the Course review workflow, each with its
    modules and lessons (see courses/review.py).
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


@transaction.atomic
def course_review_publish(*, course: CoursePage, user: User | None) -> None:
    """
    Publish what a course review approved, together: the course's latest
    revision, then each changed module's and lesson's, parents first, as
    the moderator saw them listed. A revision with a go-live time in the
    future is scheduled, as Wagtail schedules it.
    """
    changes = list(course_changes(course=course))
    course.get_latest_revision().publish(user=user, skip_permission_checks=True)
    for page in changes:
        page.get_latest_revision().publish(user=user, skip_permission_checks=True)


@dataclass(frozen=True)
class QuizOutcome:
    attempt: QuizAttempt  # not kept for the course's teachers
    standing: QuizStanding  # this attempt included
    completed_lesson: bool  # it passed the lesson's last quiz left to pass


@transaction.atomic
def quiz_attempt_create(
    *, viewer: Viewer, lesson: LessonPage, block_id: str, answers: dict[str, list[str]]
) -> QuizOutcome:
    """
    Score a student's answers to a quiz block on the server. `answers` maps
    "q<question index>" to the chosen choice indexes, as the form posts them.
    Passing the lesson's last quiz left to pass completes the lesson. The
    course's teachers have their answers checked, but not kept.
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
    chosen_by_question = []
    for index, question in enumerate(questions):
        try:
            chosen = sorted({int(choice) for choice in answers.get(f"q{index}", [])})
        except ValueError:
            raise ValidationError("Choose among the answers offered.") from None
        if any(not 0 <= choice < len(question["choices"]) for choice in chosen):
            raise ValidationError("Choose among the answers offered.")
        chosen_by_question.append(chosen)
    score = sum(
        question_is_right(question=question, chosen=chosen)
        for question, chosen in zip(questions, chosen_by_question, strict=True)
    )
    attempt = QuizAttempt(
        user=viewer.user,
        lesson=lesson,
        block_id=block_id,
        answers=chosen_by_question,
        score=score,
        max_score=len(questions),
        passed=100 * score >= quiz["pass_mark"] * len(questions),
    )
    if user_oversees_course(user=viewer.user, course=course):
        return QuizOutcome(
            attempt=attempt,
            standing=quiz_standing(quiz=quiz, attempts=[attempt]),
            completed_lesson=False,
        )
    earlier = list(
        QuizAttempt.objects.filter(
            user=viewer.user, lesson=lesson, block_id=block_id
        ).order_by("-created_at", "-pk")
    )
    attempt.full_clean()
    attempt.save()
    completed_lesson = attempt.passed and not quizzes_to_pass(
        standings=lesson_quiz_standings(user=viewer.user, lesson=lesson)
    )
    if completed_lesson:
        lesson_complete(viewer=viewer, lesson=lesson)
    return QuizOutcome(
        attempt=attempt,
        standing=quiz_standing(quiz=quiz, attempts=[attempt, *earlier]),
        completed_lesson=completed_lesson,
    )


def lesson_visit(*, user: User, lesson: LessonPage, course: CoursePage) -> None:
    """
    Remember the lesson a student is on, to resume there. Teachers reading
    a course they teach leave no trace.
    """
    if user_oversees_course(user=user, course=course):
        return
    LessonProgress.objects.update_or_create(
        user=user, lesson=lesson, defaults={"course": course}
    )


def lesson_complete(*, viewer: Viewer, lesson: LessonPage) -> LessonProgress:
    """
    Mark a lesson complete for a student who may read it. A lesson with
    quizzes is complete once each of them is passed, not before.
    """
    course = lesson.get_course()
    if (
        not viewer.user.is_authenticated
        or not lesson_access(viewer=viewer, lesson=lesson, course=course).allowed
    ):
        raise PermissionDenied("You cannot complete this lesson.")
    if user_oversees_course(user=viewer.user, course=course):
        raise PermissionDenied(
            "You look after this course: your reading is not recorded."
        )
    if left := quizzes_to_pass(
        standings=lesson_quiz_standings(user=viewer.user, lesson=lesson)
    ):
        raise ValidationError(left)
    progress, _ = LessonProgress.objects.get_or_create(
        user=viewer.user, lesson=lesson, defaults={"course": course}
    )
    if progress.completed_at is None:
        progress.completed_at = timezone.now()
        progress.save(update_fields=["completed_at", "visited_at"])
    return progress


def certificate_issue(
    *, user: User, course: CoursePage, student_name: str
) -> Certificate:
    """
    Issue the course's certificate to a student who completed it, in the
    name they chose. Once: an issued certificate keeps its name and title.
    """
    if issued := Certificate.objects.filter(user=user, course=course).first():
        return issued
    if not course_progress(user=user, course=course).is_complete:
        raise PermissionDenied("Complete every lesson of the course first.")
    fields = {"student_name": student_name.strip(), "course_title": course.title}
    Certificate(user=user, course=course, **fields).full_clean(
        validate_unique=False, validate_constraints=False
    )
    # Asked twice at once, the second gets the first's certificate.
    certificate, _ = Certificate.objects.get_or_create(
        user=user, course=course, defaults=fields
    )
    return certificate


NOTIFICATION_CONFIRM_WITHIN = timedelta(days=7)


def course_notification_request(
    *, request: HttpRequest, email: str, course: CoursePage
) -> bool:
    """
    Ask to be told when a coming-soon course opens. A signed-in member's own
    verified address is on the list at once (returns True). Any other is
    emailed a single-use link to confirm first (double opt-in), unless it
    is on the list already, and is forgotten unless it confirms within
    NOTIFICATION_CONFIRM_WITHIN (returns False, whichever: who typed it
    learns nothing of the address). Raises ValidationError when the course
    is open, or the address or the client asked too often.
    """
    if not course.is_coming_soon:
        raise ValidationError("This course is already open.")
    email = email.strip().lower()
    now = timezone.now()
    CourseNotification.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - NOTIFICATION_CONFIRM_WITHIN
    ).delete()
    user = request.user
    if (
        user.is_authenticated
        and user.email.lower() == email
        and user_has_verified_email(user=user)
    ):
        CourseNotification.objects.update_or_create(
            email=email, course=course, defaults={"confirmed_at": now}
        )
        return True
    check_email_rate(request=request, email=email, purpose="notify")
    if CourseNotification.objects.filter(
        email=email, course=course, confirmed_at__isnull=False
    ).exists():
        return False
    token, token_hash = new_token()
    with transaction.atomic():
        # Asked again before confirming: a new link, valid from now.
        CourseNotification.objects.filter(email=email, course=course).delete()
        notification = CourseNotification(
            email=email, course=course, token_hash=token_hash
        )
        notification.full_clean()
        notification.save()
    link = request.build_absolute_uri(
        reverse("courses:notification_confirm", args=[token])
    )
    mail_send(
        subject=f"Confirm: tell me when {course.title} opens",
        template="courses/email/notification_confirm.txt",
        context={
            "course": course,
            "link": link,
            "days": NOTIFICATION_CONFIRM_WITHIN.days,
        },
        to=[email],
    )
    return False


@transaction.atomic
def course_notification_confirm(*, token: str) -> CourseNotification:
    """Confirm an address by the link it was emailed: it will be told."""
    notification = emailed_link_record(
        CourseNotification.objects.all(),
        token=token,
        invalid="This link is not valid. Ask again on the course page.",
    )
    if notification.confirmed_at is not None:
        raise ValidationError(
            "This link has already been used: you are on the list.", code="used"
        )
    if notification.created_at < timezone.now() - NOTIFICATION_CONFIRM_WITHIN:
        raise ValidationError(
            "This link has expired. Ask again on the course page.", code="expired"
        )
    notification.confirmed_at = timezone.now()
    notification.save(update_fields=["confirmed_at"])
    return notification


def course_opened(*, course: CoursePage) -> None:
    """
    Called when a course or one of its lessons is published: if it is open,
    tell who asked (the emails go once it takes enrollments: a course that
    goes live whole publishes itself before its lessons).
    """
    if (
        not course.is_coming_soon
        and course_notification_list_due().filter(course=course).exists()
    ):
        send_course_available_emails.enqueue(course_id=course.pk)


def course_available_emails_send(*, course: CoursePage, batch_size: int = 100) -> int:
    """
    Tell the confirmed addresses that asked that the course is open, in
    batches; returns how many were told.

    Each batch is claimed (marked notified, its rows locked against other
    workers) before its emails go, so that two workers or a retry never
    send one twice. An email that fails to send is given back, for the
    next run to send. A crash between claim and send loses that batch's
    emails: never twice is worth more than always, for a courtesy email.
    """
    if not course_takes_enrollments(course=course):
        return 0
    context = {"course": course, "url": course.full_url}
    sent = 0
    with get_connection() as connection:
        while True:
            with transaction.atomic():
                batch = list(
                    course_notification_list_due()
                    .filter(course=course)
                    .select_for_update(skip_locked=True)
                    .order_by("pk")[:batch_size]
                )
                if not batch:
                    return sent
                CourseNotification.objects.filter(
                    pk__in=[notification.pk for notification in batch]
                ).update(notified_at=timezone.now())
            sent_in_batch = 0
            try:
                for notification in batch:
                    mail_message(
                        subject=f"{course.title} is open",
                        template="courses/email/course_available.txt",
                        context=context,
                        to=[notification.email],
                        connection=connection,
                    ).send()
                    sent_in_batch += 1
            finally:
                if unsent := batch[sent_in_batch:]:
                    CourseNotification.objects.filter(
                        pk__in=[notification.pk for notification in unsent]
                    ).update(notified_at=None)
            sent += sent_in_batch


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
            mail_message(
                subject="Find your first course",
                template="courses/email/enrollment_reminder.txt",
                context={
                    "user": user,
                    "catalog_url": catalog.full_url if catalog else "",
                },
                to=[user.email],
            )
            for user in batch
        ]
        with transaction.atomic():
            EnrollmentReminder.objects.bulk_create(
                [EnrollmentReminder(user=user) for user in batch]
            )
            # Sent after the commit, each batch over one connection.
            transaction.on_commit(lambda m=messages: get_connection().send_messages(m))
        sent += len(batch)
    return sent


def email_records_delete(*, user: User) -> None:
    """
    Forget what is kept by the addresses of an account being deleted:
    notify-me requests, emailed links and verified addresses. Enrollments,
    progress, attempts and certificates go with the user row.
    """
    addresses = {user.email, *user.emailaddress_set.values_list("email", flat=True)}
    CourseNotification.objects.filter(email__in=addresses).delete()
    EmailAccessToken.objects.filter(email__in=addresses).delete()
    VerifiedEmail.objects.filter(email__in=addresses).delete()
