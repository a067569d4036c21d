"""
What a course's teachers see of it in the admin's analytics: who enrolled
when, how far students got lesson by lesson, how its quizzes went, what
students thought of it and what it earned. Each part costs the same few
queries however many students the course has: counting is the database's
work, and quiz answers, which only Python can score, are read in one pass.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import (
    CharField,
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Concat, NullIf, Trunc
from django.utils import timezone

from wagtail.blocks import StructValue
from wagtail.models import Page

from commerce.models import (
    Donation,
    OrderItem,
    PaymentStatus,
    from_minor_units,
    minor_units,
)
from community.selectors import ReviewSummary, review_summary
from courses.access import course_list_taught, user_list_teaching
from courses.models import (
    CoursePage,
    Enrollment,
    LessonPage,
    LessonProgress,
    ModulePage,
    QuizAttempt,
)
from courses.selectors import question_is_right
from members.models import User

from .periods import LAST_30_DAYS, Period, local_date, start_of


def course_list_reported(*, user: User) -> QuerySet[CoursePage]:
    """
    The courses whose analytics `user` may see: those they teach (every
    course, for admins), each with its students' count, those who enrolled
    in the last 30 days, and its rating.
    """
    month_start = start_of(LAST_30_DAYS.buckets(today=timezone.localdate())[0])
    return (
        course_list_taught(user=user)
        .select_related("rating")
        .annotate(
            students=Count("enrollments", distinct=True),
            new_students=Count(
                "enrollments",
                filter=Q(enrollments__created_at__gte=month_start),
                distinct=True,
            ),
        )
        .order_by("title", "pk")
    )


def course_get_reported(*, user: User, pk: int) -> CoursePage:
    """A course `user` may see the analytics of; DoesNotExist for any other."""
    return course_list_taught(user=user).get(pk=pk)


# Over time


@dataclass(frozen=True)
class Series:
    """A count or an amount per day, week or month of a period."""

    title: str
    unit: str
    points: list[tuple[date, Decimal | int]]
    currency: str = ""  # of amounts

    @property
    def total(self) -> Decimal | int:
        return sum(value for _, value in self.points)


def _by_bucket(
    rows: QuerySet,
    *,
    moment: str,
    period: Period,
    buckets: list[date],
    value,
    by: tuple[str, ...] = (),
) -> QuerySet:
    return (
        rows.filter(**{f"{moment}__gte": start_of(buckets[0])})
        .annotate(bucket=Trunc(moment, period.unit))
        .values("bucket", *by)
        .annotate(value=value)
        .order_by()
    )


def _series(
    title: str, period: Period, buckets: list[date], rows, currency: str = ""
) -> Series:
    values: dict[date, Decimal | int] = defaultdict(int)
    for row in rows:
        values[local_date(row["bucket"])] += row["value"]
    return Series(
        title=title,
        unit=period.unit,
        points=[(bucket, values[bucket]) for bucket in buckets],
        currency=currency,
    )


def _series_per_currency(
    title: str, period: Period, buckets: list[date], rows
) -> list[Series]:
    by_currency = defaultdict(list)
    for row in rows:
        by_currency[row["currency"]].append(row)
    series = []
    for currency in sorted(by_currency):
        counted = _series(
            f"{title} ({currency})", period, buckets, by_currency[currency], currency
        )
        # In the currency's own units (SQLite's sums drop the cents' zeros).
        points = [
            (day, from_minor_units(minor_units(Decimal(value), currency), currency))
            for day, value in counted.points
        ]
        series.append(replace(counted, points=points))
    return series


def enrollment_series(
    *, course: CoursePage, period: Period, buckets: list[date]
) -> Series:
    rows = _by_bucket(
        Enrollment.objects.filter(course=course),
        moment="created_at",
        period=period,
        buckets=buckets,
        value=Count("pk"),
    )
    return _series("Enrollments", period, buckets, rows)


def revenue_series(
    *, course: CoursePage, period: Period, buckets: list[date]
) -> list[Series]:
    """The course's sales, less coupons and refunds, per currency."""
    sales = OrderItem.objects.filter(course=course, order__status=PaymentStatus.PAID)
    rows = _by_bucket(
        # An order is of one item, so its coupon's discount is the item's.
        sales.annotate(paid_at=F("order__paid_at"), currency=F("order__currency")),
        moment="paid_at",
        period=period,
        buckets=buckets,
        value=Sum(F("amount") - F("order__discount")),
        by=("currency",),
    )
    return _series_per_currency("Sales", period, buckets, rows)


def donation_recipients(*, course: CoursePage, user: User) -> list[User]:
    """
    Whose donations the report shows: the teacher's own (not their
    co-teachers'), or, for an admin, those of every teacher of the course.
    """
    teachers = list(user_list_teaching(course=course))
    if user in teachers:
        return [user]
    return teachers


def donation_series(
    *, recipients: list[User], period: Period, buckets: list[date]
) -> list[Series]:
    """Donations received and kept (refunds aside), per currency."""
    rows = _by_bucket(
        Donation.objects.filter(recipient__in=recipients, status=PaymentStatus.PAID),
        moment="paid_at",
        period=period,
        buckets=buckets,
        value=Sum("amount"),
        by=("currency",),
    )
    return _series_per_currency("Donations", period, buckets, rows)


def first_activity_on(*, course: CoursePage, recipients: list[User]) -> date | None:
    """Where all time begins: the course's first enrollment, sale or donation."""
    firsts = [
        Enrollment.objects.filter(course=course).aggregate(first=Min("created_at")),
        OrderItem.objects.filter(
            course=course, order__status=PaymentStatus.PAID
        ).aggregate(first=Min("order__paid_at")),
        Donation.objects.filter(
            recipient__in=recipients, status=PaymentStatus.PAID
        ).aggregate(first=Min("paid_at")),
    ]
    moments = [first["first"] for first in firsts if first["first"]]
    return local_date(min(moments)) if moments else None


# Lesson by lesson


@dataclass(frozen=True)
class FunnelStep:
    lesson: LessonPage
    module_title: str
    started: int  # students who opened the lesson
    completed: int


@dataclass(frozen=True)
class QuizStats:
    lesson: LessonPage
    title: str
    students: int  # who tried it
    passed: int  # who passed it, at any try
    passed_first_try: int
    attempts: int

    @property
    def pass_rate(self) -> int:
        return share(self.passed, self.students)


@dataclass(frozen=True)
class QuestionStats:
    lesson: LessonPage
    quiz_title: str
    prompt: str
    answered: int  # first tries that reached it
    right: int

    @property
    def right_rate(self) -> int:
        return share(self.right, self.answered)


@dataclass
class CourseReport:
    course: CoursePage
    students: int
    new_students: int  # in the period
    finished: int  # students who completed every lesson
    lessons: list[LessonPage]
    enrollments: Series
    funnel: list[FunnelStep]
    quizzes: list[QuizStats]
    hardest_questions: list[QuestionStats]
    reviews: ReviewSummary
    revenue: list[Series]
    donations: list[Series]
    donations_to: list[User] = field(default_factory=list)

    @property
    def average_progress(self) -> int:
        """The share of the course's lessons its students completed, on average."""
        done = sum(step.completed for step in self.funnel)
        return share(done, self.students * len(self.lessons))


def share(part: int, whole: int) -> int:
    """`part` in percent of `whole`, rounded; 0 of nothing."""
    return round(100 * part / whole) if whole else 0


def course_lessons(*, course: CoursePage) -> list[LessonPage]:
    """
    The lessons students complete to finish the course (published, not
    coming soon: as `courses` counts them), in order, each with its
    module's title.
    """
    modules = dict(
        ModulePage.objects.live().child_of(course).values_list("path", "title")
    )
    lessons = list(
        LessonPage.objects.to_complete().descendant_of(course).order_by("path")
    )
    for lesson in lessons:
        lesson.module_title = modules[lesson.path[: -Page.steplen]]
    return lessons


Quizzes = dict[tuple[int, str], tuple[LessonPage, StructValue]]


def lesson_quizzes(lessons: list[LessonPage]) -> Quizzes:
    """The lessons' quizzes as they are now, by (lesson id, block id)."""
    return {
        (lesson.pk, str(block.id)): (lesson, block.value)
        for lesson in lessons
        # Only the quizzes: the other blocks would look up their images
        # and files.
        for block in lesson.body.blocks_by_name("quiz")
    }


def _students(course: CoursePage) -> QuerySet:
    return Enrollment.objects.filter(course=course).values("user")


def lesson_funnel(*, course: CoursePage, lessons: list[LessonPage]) -> list[FunnelStep]:
    counts = {
        row["lesson"]: row
        for row in LessonProgress.objects.filter(
            course=course, user__in=_students(course)
        )
        .values("lesson")
        .annotate(
            started=Count("pk"),
            completed=Count("pk", filter=Q(completed_at__isnull=False)),
        )
        .order_by()
    }
    empty = {"started": 0, "completed": 0}
    return [
        FunnelStep(
            lesson=lesson,
            module_title=lesson.module_title,
            started=counts.get(lesson.pk, empty)["started"],
            completed=counts.get(lesson.pk, empty)["completed"],
        )
        for lesson in lessons
    ]


def students_finished(*, course: CoursePage, lessons: list[LessonPage]) -> int:
    if not lessons:
        return 0
    return (
        LessonProgress.objects.filter(
            course=course,
            user__in=_students(course),
            lesson__in=[lesson.pk for lesson in lessons],
            completed_at__isnull=False,
        )
        .values("user")
        .annotate(done=Count("pk"))
        .filter(done=len(lessons))
        .count()
    )


def quiz_results(
    *, course: CoursePage, quizzes: Quizzes
) -> tuple[list[QuizStats], list[QuestionStats]]:
    """
    Each quiz's pass rate among the students who tried it, and each
    question's share of right answers at students' first try (later tries
    follow the explanations, and would flatter it), the hardest first.
    """
    tried = defaultdict(set)
    passed = defaultdict(set)
    passed_first_try = defaultdict(int)
    attempts = defaultdict(int)
    answered = defaultdict(int)
    right = defaultdict(int)
    attempt_rows = (
        QuizAttempt.objects.filter(
            lesson__in={lesson.pk for lesson, _ in quizzes.values()},
            user__in=_students(course),
        )
        .order_by("created_at", "pk")
        .values_list("user", "lesson", "block_id", "answers", "passed")
    )
    for user_id, lesson_id, block_id, answers, did_pass in attempt_rows.iterator():
        key = (lesson_id, str(block_id))
        if key not in quizzes:
            continue  # a quiz since removed from the lesson
        attempts[key] += 1
        if did_pass:
            passed[key].add(user_id)
        if user_id in tried[key]:
            continue
        tried[key].add(user_id)
        passed_first_try[key] += did_pass
        questions = quizzes[key][1]["questions"]
        if len(answers) != len(questions):
            continue  # answers to the quiz before its questions changed
        for index, (question, chosen) in enumerate(
            zip(questions, answers, strict=True)
        ):
            answered[key, index] += 1
            right[key, index] += question_is_right(question=question, chosen=chosen)

    quiz_stats = []
    question_stats = []
    for key, (lesson, quiz) in quizzes.items():
        quiz_stats.append(
            QuizStats(
                lesson=lesson,
                title=quiz["title"],
                students=len(tried[key]),
                passed=len(passed[key]),
                passed_first_try=passed_first_try[key],
                attempts=attempts[key],
            )
        )
        question_stats += [
            QuestionStats(
                lesson=lesson,
                quiz_title=quiz["title"],
                prompt=question["prompt"],
                answered=answered[key, index],
                right=right[key, index],
            )
            for index, question in enumerate(quiz["questions"])
        ]
    hardest = sorted(
        (
            question
            for question in question_stats
            if question.answered and question.right < question.answered
        ),
        key=lambda question: (question.right_rate, -question.answered),
    )
    return quiz_stats, hardest


def report_buckets(
    *, course: CoursePage, period: Period, recipients: list[User]
) -> list[date]:
    first = None
    if period.length is None:
        first = first_activity_on(course=course, recipients=recipients)
    return period.buckets(today=timezone.localdate(), first=first)


def course_report(*, course: CoursePage, user: User, period: Period) -> CourseReport:
    recipients = donation_recipients(course=course, user=user)
    buckets = report_buckets(course=course, period=period, recipients=recipients)
    lessons = course_lessons(course=course)
    enrollments = enrollment_series(course=course, period=period, buckets=buckets)
    quizzes, hardest = quiz_results(course=course, quizzes=lesson_quizzes(lessons))
    return CourseReport(
        course=course,
        students=Enrollment.objects.filter(course=course).count(),
        new_students=enrollments.total,
        finished=students_finished(course=course, lessons=lessons),
        lessons=lessons,
        enrollments=enrollments,
        funnel=lesson_funnel(course=course, lessons=lessons),
        quizzes=quizzes,
        hardest_questions=hardest,
        reviews=review_summary(course=course),
        revenue=revenue_series(course=course, period=period, buckets=buckets),
        donations=donation_series(
            recipients=recipients, period=period, buckets=buckets
        ),
        donations_to=recipients,
    )


# Student by student

# The name members show others (`User.name`): never their email address.
SHOWN_NAME = Coalesce(
    NullIf("user__display_name", Value("")),
    Concat("user__first_name", Value(" "), "user__last_name"),
)
STUDENT_ORDERINGS = {
    "name": ("Name", (SHOWN_NAME.asc(),)),
    "progress": ("Progress", (F("completed").desc(), SHOWN_NAME.asc())),
    "active": ("Last active", (F("last_active").desc(nulls_last=True),)),
    "enrolled": ("Enrolled", (F("created_at").desc(),)),
}


def student_progress_list(
    *, course: CoursePage, lessons: list[LessonPage], order: str = "name"
) -> QuerySet[Enrollment]:
    """
    The course's students (their enrollments), each with the lessons they
    completed, their last visit and the quizzes they passed (of those the
    lessons have now), in one query.
    """
    progress = LessonProgress.objects.filter(
        user=OuterRef("user"),
        course=course,
        lesson__in=[lesson.pk for lesson in lessons],
    )
    quizzes = reduce(
        or_,
        (
            Q(lesson=lesson_id, block_id=block_id)
            for lesson_id, block_id in lesson_quizzes(lessons)
        ),
        Q(pk__in=[]),
    )
    passed = QuizAttempt.objects.filter(quizzes, user=OuterRef("user"), passed=True)
    _, ordering = STUDENT_ORDERINGS.get(order, STUDENT_ORDERINGS["name"])
    return (
        Enrollment.objects.filter(course=course)
        .select_related("user")
        .annotate(
            completed=_count(progress.filter(completed_at__isnull=False), Count("pk")),
            quizzes_passed=_count(
                passed,
                # A quiz is its lesson's block: copied lessons keep block ids.
                Count(
                    Concat("lesson", Value(":"), "block_id", output_field=CharField()),
                    distinct=True,
                ),
            ),
            last_active=Subquery(
                progress.order_by("-visited_at").values("visited_at")[:1]
            ),
        )
        .order_by(*ordering, "pk")
    )


def _count(rows: QuerySet, count: Count) -> Coalesce:
    return Coalesce(
        Subquery(rows.order_by().values("user").annotate(n=count).values("n")),
        Value(0),
        output_field=IntegerField(),
    )
