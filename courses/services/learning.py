"""
A student's learning: lessons visited, completed, bookmarked and noted,
courses completed, quiz attempts scored, certificates issued.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from members.models import User

from ..access import course_has_lessons_left, lesson_access, user_oversees_course
from ..models import (
    Certificate,
    CourseCompletion,
    CoursePage,
    LessonPage,
    LessonProgress,
    QuizAttempt,
)
from ..selectors import (
    QuizStanding,
    course_progress,
    lesson_quiz,
    lesson_quiz_standings,
    quiz_score,
    quiz_standing,
    quizzes_to_pass,
)
from ..viewer import Viewer


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
    quiz = lesson_quiz(lesson=lesson, block_id=block_id)
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
    score, passed = quiz_score(quiz=quiz, chosen=chosen_by_question)
    attempt = QuizAttempt(
        user=viewer.user,
        lesson=lesson,
        block_id=block_id,
        answers=chosen_by_question,
        score=score,
        max_score=len(questions),
        passed=passed,
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
    # Every page view of a student writes: one UPDATE on a return visit, an
    # INSERT that a concurrent first visit cannot make fail on the first.
    visits = LessonProgress.objects.filter(user=user, lesson=lesson)
    if not visits.update(course=course, visited_at=timezone.now()):
        LessonProgress.objects.bulk_create(
            [LessonProgress(user=user, lesson=lesson, course=course)],
            ignore_conflicts=True,
        )


def lesson_complete(*, viewer: Viewer, lesson: LessonPage) -> LessonProgress:
    """
    Mark a lesson complete for a student who may read it. A lesson with
    quizzes is complete once each of them is passed, not before.
    """
    course = _course_of_student(
        viewer,
        lesson,
        "You cannot complete this lesson.",
        overseer_refusal="You look after this course: your reading is not recorded.",
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
        # Once committed: of two last lessons completed at once, the second
        # to commit sees the first.
        transaction.on_commit(
            lambda: _course_completion_record(user=viewer.user, course=course)
        )
    return progress


def _course_completion_record(*, user: User, course: CoursePage) -> None:
    """Keep that `user` completed `course`, if that was its last lesson."""
    if not course_has_lessons_left(user=user, course=course):
        CourseCompletion.objects.get_or_create(user=user, course=course)


def lesson_notes_save(
    *,
    viewer: Viewer,
    lesson: LessonPage,
    bookmarked: bool | None = None,
    note: str | None = None,
) -> LessonProgress:
    """
    Bookmark a lesson (or not), or keep private notes on it, for a student
    who may read it. What is not given stays as it was.
    """
    course = _course_of_student(
        viewer,
        lesson,
        "You cannot keep notes on this lesson.",
        overseer_refusal="You look after this course: bookmarks and notes are "
        "for its students.",
    )
    changes = {}
    if bookmarked is not None:
        changes["bookmarked"] = bookmarked
    if note is not None:
        # Browsers send a textarea's line breaks as CRLF, and count them as
        # one character against its maxlength.
        note = note.replace("\r\n", "\n")
        if len(note) > LessonProgress.NOTE_MAX_LENGTH:
            raise ValidationError(
                f"Notes are at most {LessonProgress.NOTE_MAX_LENGTH:,} characters: "
                "these were not saved."
            )
        changes["note"] = note
    progress, created = LessonProgress.objects.get_or_create(
        user=viewer.user, lesson=lesson, defaults={"course": course, **changes}
    )
    if not created and changes:
        for field, value in changes.items():
            setattr(progress, field, value)
        # Keeping notes on a lesson is not visiting it again: where the
        # student resumes stays.
        LessonProgress.objects.filter(pk=progress.pk).update(**changes)
    return progress


def _course_of_student(
    viewer: Viewer, lesson: LessonPage, refusal: str, *, overseer_refusal: str
) -> CoursePage:
    """
    The lesson's course, when `viewer` is a student who may read the lesson:
    what students keep of a lesson is theirs only, and the course's
    teachers and moderators leave no trace.
    """
    course = lesson.get_course()
    if (
        not viewer.user.is_authenticated
        or not lesson_access(viewer=viewer, lesson=lesson, course=course).allowed
    ):
        raise PermissionDenied(refusal)
    if user_oversees_course(user=viewer.user, course=course):
        raise PermissionDenied(overseer_refusal)
    return course


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
