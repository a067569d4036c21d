"""
A course whose numbers are worked out by hand, for the analytics to match:
the "Knots" course, taught by `teacher` with `co_teacher`, on 15 June 2026.

- Lessons: Overhand (text), Bowline (a quiz of two questions, both to get
  right to pass), Sheet bend (the factory's one-question quiz).
- Students: Ann (enrolled 1 June, finished everything), Ben (3 June,
  completed Overhand, opened Bowline), Cat (10 June, opened Overhand), Dan
  (20 March, nothing). An outsider who is not enrolled opened, completed
  and tried things too: none of it counts.
- Bowline's quiz: Ann failed (Q1 wrong, Q2 right) then passed; Ben failed
  (Q1 right, Q2 wrong); Cat failed (Q1 right, Q2 wrong). Sheet bend: Ann
  passed at her first try.
- Reviews: Ann 5 stars, Ben 3, a hidden 1.
- Sales: 29 USD less a 4 USD coupon on 5 June, 1500 KES on 1 May, one
  refunded and one pending (neither counts), one of another course.
- Donations: 10 USD to the teacher on 12 June, 7 USD to the co-teacher on
  13 June, a refunded 50 USD to the teacher.
"""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from commerce.factories import DonationFactory, OrderFactory, OrderItemFactory
from commerce.models import PaymentStatus
from community.models import Review, Status
from courses.factories import (
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
    quiz_block_value,
)
from courses.models import Enrollment, LessonProgress, QuizAttempt
from members.factories import TeacherFactory, UserFactory

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=ZoneInfo("UTC"))
BOWLINE_QUIZ = {
    "title": "Bowline check",
    "pass_mark": 100,
    "tries": 3,
    "questions": [
        {
            "prompt": "2 + 2?",
            "explanation": "",
            "choices": [
                {"text": "3", "correct": False},
                {"text": "4", "correct": True},
            ],
        },
        {
            "prompt": "Which hand holds the rabbit?",
            "explanation": "",
            "choices": [
                {"text": "The left", "correct": True},
                {"text": "The right", "correct": False},
            ],
        },
    ],
}


def on(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T09:00:00+00:00")


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def teacher(db):
    return TeacherFactory(first_name="Tess", last_name="Teacher")


@pytest.fixture
def co_teacher(db):
    return TeacherFactory(first_name="Cole", last_name="Teacher")


@pytest.fixture
def make_course(course_index, teacher):
    """A published course of `teacher`'s with one module of `lessons` lessons."""

    def make(lessons: int = 1, **fields):
        fields.setdefault("owner", teacher)
        course = CoursePageFactory(parent=course_index, **fields)
        module = ModulePageFactory(parent=course, owner=course.owner)
        for _ in range(lessons):
            LessonPageFactory(parent=module, owner=course.owner)
        return course

    return make


@pytest.fixture
def knots(now, course_index, teacher, co_teacher):
    course = CoursePageFactory(parent=course_index, owner=teacher, title="Knots")
    course.co_teachers.add(co_teacher)
    course.save()
    module = ModulePageFactory(parent=course, owner=teacher, title="Basics")
    lessons = [
        LessonPageFactory(parent=module, owner=teacher, title="Overhand"),
        LessonPageFactory(
            parent=module,
            owner=teacher,
            title="Bowline",
            body=[("quiz", BOWLINE_QUIZ)],
        ),
        LessonPageFactory(
            parent=module,
            owner=teacher,
            title="Sheet bend",
            body=[("quiz", quiz_block_value())],
        ),
    ]
    overhand, bowline, sheet_bend = lessons
    students = {}
    for name, enrolled in [
        ("Ann", "2026-06-01"),
        ("Ben", "2026-06-03"),
        ("Cat", "2026-06-10"),
        ("Dan", "2026-03-20"),
    ]:
        student = UserFactory(first_name=name, last_name="Student")
        enrollment = Enrollment.objects.create(
            user=student, course=course, source="free"
        )
        Enrollment.objects.filter(pk=enrollment.pk).update(created_at=on(enrolled))
        students[name] = student
    outsider = UserFactory(first_name="Olga", last_name="Outsider")
    ann, ben, cat = students["Ann"], students["Ben"], students["Cat"]

    for student, lesson, completed, visited in [
        (ann, overhand, True, "2026-06-01"),
        (ann, bowline, True, "2026-06-02"),
        (ann, sheet_bend, True, "2026-06-14"),
        (ben, overhand, True, "2026-06-03"),
        (ben, bowline, False, "2026-06-04"),
        (cat, overhand, False, "2026-06-10"),
        (outsider, overhand, True, "2026-06-11"),
        (outsider, bowline, True, "2026-06-11"),
    ]:
        progress = LessonProgress.objects.create(
            user=student,
            lesson=lesson,
            course=course,
            completed_at=on(visited) if completed else None,
        )
        LessonProgress.objects.filter(pk=progress.pk).update(visited_at=on(visited))

    bowline_quiz = str(bowline.body[0].id)
    sheet_bend_quiz = str(sheet_bend.body[0].id)
    for student, lesson, block_id, answers, score, passed, day in [
        (ann, bowline, bowline_quiz, [[0], [0]], 1, False, "2026-06-02"),
        (ann, bowline, bowline_quiz, [[1], [0]], 2, True, "2026-06-02"),
        (ben, bowline, bowline_quiz, [[1], [1]], 1, False, "2026-06-04"),
        (cat, bowline, bowline_quiz, [[1], [1]], 1, False, "2026-06-10"),
        (ann, sheet_bend, sheet_bend_quiz, [[1]], 1, True, "2026-06-14"),
        (outsider, bowline, bowline_quiz, [[0], [1]], 0, False, "2026-06-11"),
    ]:
        attempt = QuizAttempt.objects.create(
            user=student,
            lesson=lesson,
            block_id=block_id,
            answers=answers,
            score=score,
            max_score=len(answers),
            passed=passed,
        )
        QuizAttempt.objects.filter(pk=attempt.pk).update(created_at=on(day))

    for author, rating, status in [
        (ann, 5, Status.PUBLISHED),
        (ben, 3, Status.PUBLISHED),
        (cat, 1, Status.HIDDEN),
    ]:
        Review.objects.create(
            course=course, author=author, rating=rating, status=status
        )

    other_course = CoursePageFactory(parent=course_index, owner=teacher, title="Sails")
    for buyer, item_course, total, discount, currency, status, day in [
        (ann, course, "29.00", "4.00", "USD", PaymentStatus.PAID, "2026-06-05"),
        (ben, course, "1500.00", "0", "KES", PaymentStatus.PAID, "2026-05-01"),
        (cat, course, "29.00", "0", "USD", PaymentStatus.REFUNDED, "2026-06-06"),
        (outsider, course, "29.00", "0", "USD", PaymentStatus.PENDING, "2026-06-07"),
        (ann, other_course, "40.00", "0", "USD", PaymentStatus.PAID, "2026-06-08"),
    ]:
        order = OrderFactory(
            user=buyer,
            total=Decimal(total) - Decimal(discount),
            discount=Decimal(discount),
            currency=currency,
            status=status,
            paid_at=on(day) if status != PaymentStatus.PENDING else None,
        )
        OrderItemFactory(order=order, course=item_course, amount=Decimal(total))

    for recipient, amount, status, day in [
        (teacher, "10.00", PaymentStatus.PAID, "2026-06-12"),
        (co_teacher, "7.00", PaymentStatus.PAID, "2026-06-13"),
        (teacher, "50.00", PaymentStatus.REFUNDED, "2026-06-13"),
    ]:
        DonationFactory(
            recipient=recipient,
            amount=Decimal(amount),
            status=status,
            paid_at=on(day),
        )
    return course
