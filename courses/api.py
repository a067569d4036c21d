"""
The REST API's courses operations (mounted at the API's root in
portal/api.py): subjects; the catalog's courses with their outlines;
lessons, whose bodies go as structured blocks to those the course rule lets
read them; and learning: enrollments, progress, quizzes, bookmarks and
notes, and certificates.

It serves what the site serves at its URLs: published courses, and lessons
published in a published module of a published course, none behind a
privacy setting. Drafts, even to their teachers, are for the editor's
preview. Who may read a lesson is `courses.access.lesson_access`, as on the
lesson's page.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from members.api_base import (
    ApiError,
    Id,
    MemberRef,
    PagePagination,
    api_url,
    optional_token_auth,
    responses,
    site_url,
)

from .access import Access, user_lists_teaching
from .forms import CatalogFilterForm
from .models import (
    Certificate,
    CourseIndexPage,
    CoursePage,
    CourseRating,
    Enrollment,
    LessonPage,
    LessonProgress,
    Subject,
)
from .selectors import (
    CATALOG_THUMBNAIL,
    QuizStanding,
    course_list,
    course_list_enrolled,
    course_page_context,
    course_progress,
    enrollment_list_with_progress,
    lesson_list_served,
    lesson_notes_of,
    lesson_page_context,
    lesson_quiz,
)
from .services import (
    certificate_issue,
    enrollment_create,
    enrollment_delete,
    lesson_complete,
    lesson_notes_save,
    lesson_visit,
    quiz_attempt_create,
)
from .viewer import viewer_from_api_request

router = Router(tags=["courses"])


# What resources show of each other


class SubjectRef(Schema):
    id: int
    url: str
    name: str
    slug: str

    @staticmethod
    def resolve_url(obj: Subject, context) -> str:
        return api_url(context["request"], "subject_detail", obj.pk)


class PageRef(Schema):
    """A course or a lesson: its resource (`url`) and its page (`html_url`)."""

    id: int
    url: str
    html_url: str | None
    title: str

    @staticmethod
    def resolve_html_url(obj: Page, context) -> str | None:
        return site_url(context["request"], obj.url)


class CourseRef(PageRef):
    @staticmethod
    def resolve_url(obj: CoursePage, context) -> str:
        return api_url(context["request"], "course_detail", obj.pk)


class LessonRef(PageRef):
    @staticmethod
    def resolve_url(obj: LessonPage, context) -> str:
        return api_url(context["request"], "lesson_detail", obj.pk)


class ImageOut(Schema):
    url: str
    width: int
    height: int


class ProgressOut(Schema):
    completed: int
    total: int
    percentage: int
    is_complete: bool
    # Where the student left off: the last lesson they visited.
    resume: LessonRef | None


# Subjects


class SubjectOut(SubjectRef):
    description: str
    courses_url: str

    @staticmethod
    def resolve_courses_url(obj: Subject, context) -> str:
        courses_url = api_url(context["request"], "course_list")
        return f"{courses_url}?subject={obj.slug}"


@router.get(
    "/subjects",
    response=responses({200: list[SubjectOut]}),
    auth=optional_token_auth,
    url_name="subject_list",
)
@paginate(PagePagination)
def subject_list(request: HttpRequest):
    """Every subject, by name; the catalog's courses filter by its `slug`."""
    return Subject.objects.order_by("name")


@router.get(
    "/subjects/{subject_id}",
    response=responses({200: SubjectOut}),
    auth=optional_token_auth,
    url_name="subject_detail",
)
def subject_detail(request: HttpRequest, subject_id: Id) -> Subject:
    """A subject, with the catalog's courses of that subject at `courses_url`."""
    return Subject.objects.get(pk=subject_id)


# Courses


class RatingOut(Schema):
    """What students' reviews say of a course: their mean stars (1 to 5),
    and how many reviews there are."""

    average: float = Field(ge=1, le=5)
    count: int


class CourseOut(CourseRef):
    summary: str = Field(alias="card_summary")
    subject: SubjectRef | None
    level: str
    access_level: str
    availability: str
    coming_soon: bool = Field(alias="is_coming_soon")
    price: Decimal | None
    currency: str
    teachers: list[MemberRef]
    image: ImageOut | None
    # Null until a student has rated the course.
    rating: RatingOut | None
    # Whether the viewer is enrolled; null for anonymous visitors.
    enrolled: bool | None

    @staticmethod
    def resolve_rating(obj: CoursePage) -> CourseRating | None:
        # None when the course has no rating yet (its row is made by the first).
        rating = getattr(obj, "rating", None)
        return rating if rating is not None and rating.count else None

    @staticmethod
    def resolve_image(obj: CoursePage, context) -> dict | None:
        if obj.thumbnail is None:
            return None
        rendition = obj.thumbnail.get_rendition(CATALOG_THUMBNAIL)
        return {
            "url": context["request"].build_absolute_uri(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
        }


class CourseFilters(Schema):
    """The catalog page's filters (courses.forms.CatalogFilterForm)."""

    q: str = Field("", max_length=100, description="Words to search for.")
    subject: str = Field("", max_length=80, description="A subject's slug.")
    access_level: CoursePage.AccessLevel | None = None
    level: CoursePage.Level | None = None
    teacher: Id | None = Field(None, description="The id of the course's owner.")
    sort: Literal["title", "newest", "rating"] = Field(
        "title", description="Ignored when searching: the best matches come first."
    )


class CoursePagination(PagePagination):
    """A page of courses, with their teachers and the viewer's enrollments
    looked up for the whole page at once."""

    def prepare_page(self, rows: list[CoursePage], request: HttpRequest) -> None:
        teachers = user_lists_teaching(courses=rows)
        enrolled = (
            set(
                Enrollment.objects.filter(
                    user=request.user, course__in=rows
                ).values_list("course_id", flat=True)
            )
            if request.user.is_authenticated and rows
            else None
        )
        for course in rows:
            course.teachers = teachers[course.pk]
            course.enrolled = None if enrolled is None else course.pk in enrolled


@router.get(
    "/courses",
    response=responses({200: list[CourseOut]}),
    auth=optional_token_auth,
    url_name="course_list",
)
@paginate(CoursePagination)
def course_catalog(request: HttpRequest, filters: Query[CourseFilters]):
    """
    The catalog: its published courses, filtered, searched and sorted as on
    its page. A filter naming no course's subject or teacher is a 400.
    """
    index = CourseIndexPage.objects.live().first()
    if index is None:
        return CoursePage.objects.none()
    form = CatalogFilterForm(
        {
            "query": filters.q,
            "subject": filters.subject,
            "access_level": filters.access_level or "",
            "level": filters.level or "",
            "teacher": filters.teacher or "",
            "sort": filters.sort,
        },
        index=index,
    )
    if not form.is_valid():
        raise ApiError(
            400,
            "invalid",
            "Some filters are not valid.",
            # Named as the query names them: the form's "query" is `q`.
            fields={
                "q" if field == "query" else field: list(errors)
                for field, errors in form.errors.items()
            },
        )
    return course_list(index=index, with_thumbnails=True, **form.cleaned_data)


class OutlineLessonOut(LessonRef):
    summary: str
    free_preview: bool
    coming_soon: bool = Field(alias="is_coming_soon")
    # When a coming-soon lesson is expected.
    expected_on: date | None
    # It opens to each student this many days after they enrolled.
    opens_after_days: int | None
    # Whether the viewer may read it now, and has completed it; if they may
    # not, why (the course's `unlock`, or "lesson_coming_soon",
    # "previous_module", "enroll" or "opens_later"), and for "opens_later"
    # when it opens to them.
    readable: bool
    unlock: str | None
    opens_at: datetime | None
    completed: bool


class ModuleOut(Schema):
    id: int
    title: str
    description: str
    lessons: list[OutlineLessonOut]


class CourseViewerOut(Schema):
    """What the viewer may do with the course, as its page shows it."""

    # May they read its lessons (free previews aside)? If not, what would
    # unlock them: "sign_in", "verify_email", "purchase", "prerequisites"
    # (completing the courses of `prerequisites_missing`); or why nothing
    # can yet: "coming_soon", "unavailable".
    can_read: bool
    unlock: str | None
    prerequisites_missing: list[CourseRef]
    # What gives them the course ("You are enrolled.", a plan...), if anything.
    grant: str | None
    enrolled: bool
    can_enroll: bool
    # Only a free enrollment can be left.
    can_leave: bool
    takes_enrollments: bool
    # They teach, review or administer it: every lesson is open to them.
    teaches: bool


class CourseDetailOut(CourseOut):
    overview: str
    estimated_hours: int | None
    tags: list[str]
    viewer: CourseViewerOut
    progress: ProgressOut | None
    modules: list[ModuleOut]
    enrollment_url: str
    certificate_url: str

    @staticmethod
    def resolve_overview(obj: CoursePage) -> str:
        return expand_db_html(obj.overview)

    @staticmethod
    def resolve_tags(obj: CoursePage) -> list[str]:
        return [tag.name for tag in obj.tags.all()]

    @staticmethod
    def resolve_enrollment_url(obj: CoursePage, context) -> str:
        return api_url(context["request"], "course_enrollment", obj.pk)

    @staticmethod
    def resolve_certificate_url(obj: CoursePage, context) -> str:
        return api_url(context["request"], "course_certificate", obj.pk)


def _live_course(course_id: int) -> CoursePage:
    """A course the site serves: published, not behind a privacy setting."""
    return get_object_or_404(
        CoursePage.objects.live()
        .public()
        .select_related("subject", "thumbnail", "rating"),
        pk=course_id,
    )


@router.get(
    "/courses/{course_id}",
    response=responses({200: CourseDetailOut}),
    auth=optional_token_auth,
    url_name="course_detail",
)
def course_detail(request: HttpRequest, course_id: Id) -> CoursePage:
    """A published course with its outline, and what the viewer may do."""
    course = _live_course(course_id)
    context = course_page_context(
        course=course, viewer=viewer_from_api_request(request)
    )
    access = context["access"]
    grant = context["grant"]
    course.teachers = user_lists_teaching(courses=[course])[course.pk]
    course.enrolled = (
        grant is not None and grant.enrollment is not None
        if request.user.is_authenticated
        else None
    )
    course.viewer = {
        "can_read": access.allowed,
        "unlock": access.unlock or None,
        "prerequisites_missing": list(access.unlocked_by),
        "grant": grant.label if grant else None,
        "enrolled": bool(course.enrolled),
        "can_enroll": context["can_enroll"],
        "can_leave": bool(
            grant
            and grant.enrollment
            and grant.enrollment.source == Enrollment.Source.FREE
        ),
        "takes_enrollments": context["takes_enrollments"],
        "teaches": context["teaches"],
    }
    course.progress = context.get("progress")
    for _module, items in context["outline"]:
        for item in items:
            item.page.readable = item.access.allowed
            item.page.unlock = item.access.unlock or None
            item.page.opens_at = item.access.opens_at
            item.page.completed = item.done
    course.modules = [
        {
            "id": module.pk,
            "title": module.title,
            "description": module.description,
            "lessons": [item.page for item in items],
        }
        for module, items in context["outline"]
    ]
    return course


# Enrolling and leaving


class EnrollmentOut(Schema):
    id: int
    url: str
    course: CourseRef
    # "free", "purchase", "plan" or "admin": only a free one can be left.
    source: str
    created_at: datetime

    @staticmethod
    def resolve_url(obj: Enrollment, context) -> str:
        return api_url(context["request"], "course_enrollment", obj.course_id)


@router.post(
    "/courses/{course_id}/enrollment",
    response=responses({200: EnrollmentOut, 201: EnrollmentOut}),
    url_name="course_enrollment",
)
def course_enroll(request: HttpRequest, course_id: Id):
    """
    Enroll for free, in a course whose access level allows it (open,
    members, and email courses for a verified address); 200 when already
    enrolled. Purchase courses are bought through commerce.
    """
    course = _live_course(course_id)
    enrollment = Enrollment.objects.filter(user=request.user, course=course).first()
    if enrollment is not None:
        return enrollment
    return Status(201, enrollment_create(user=request.user, course=course))


@router.delete(
    "/courses/{course_id}/enrollment",
    response=responses({204: None}),
    url_name="course_enrollment",
)
def course_leave(request: HttpRequest, course_id: Id):
    """Leave a course enrolled in for free; bought or given ones stay."""
    enrollment_delete(user=request.user, course=_live_course(course_id))
    return Status(204, None)


# Lessons


class AttemptOut(Schema):
    score: int
    max_score: int
    percentage: int
    passed: bool
    # The chosen choice indexes, per question.
    answers: list[list[int]]


class QuestionResultOut(Schema):
    prompt: str
    right: bool
    # Shown once the question is answered right, or the quiz's tries used.
    explanation: str


class QuizStandingOut(Schema):
    """Where the viewer stands on one quiz of the lesson."""

    block_id: str
    attempts_url: str
    title: str
    tries: int
    passed: bool
    tries_left: int
    last: AttemptOut | None
    results: list[QuestionResultOut]


def _standing(
    request: HttpRequest, lesson: LessonPage, block_id: str, standing: QuizStanding
) -> dict:
    return {
        "block_id": block_id,
        "attempts_url": api_url(request, "quiz_attempt_create", lesson.pk, block_id),
        "title": standing.title,
        "tries": standing.tries,
        "passed": standing.passed,
        "tries_left": standing.tries_left,
        "last": standing.last,
        "results": standing.results,
    }


class ModuleRef(Schema):
    id: int
    title: str


class LessonOut(LessonRef):
    summary: str
    free_preview: bool
    course: CourseRef
    module: ModuleRef
    previous: LessonRef | None
    next: LessonRef | None
    completed: bool
    completion_url: str
    # The lesson's blocks, in order: [{"type", "id", "value"}]. Rich text is
    # HTML; files, images and media are URLs that ask the file rule again.
    body: list[dict[str, Any]]
    quizzes: list[QuizStandingOut]
    # Lessons completed of the course's published ones.
    progress: ProgressOut

    @staticmethod
    def resolve_completion_url(obj: LessonPage, context) -> str:
        return api_url(context["request"], "lesson_completion", obj.pk)

    @staticmethod
    def resolve_body(obj: LessonPage, context) -> list[dict[str, Any]]:
        # Each block's `get_api_representation` (courses/blocks.py).
        return obj.body.stream_block.get_api_representation(
            obj.body, context={"request": context["request"]}
        )


def lesson_locked_error(
    request: HttpRequest, *, lesson: LessonPage, course: CoursePage, access: Access
) -> ApiError:
    """
    The 403 "locked" for a lesson (or its questions) that `access` keeps from
    its reader: what would unlock it, where to go for that, and what the
    lesson's page shows anyone of it.
    """
    links = {
        "course": api_url(request, "course_detail", course.pk),
        "course_html": site_url(request, course.url),
    }
    if access.unlock == "sign_in":
        links["sign_in"] = site_url(request, reverse("account_login"))
    elif access.unlock == "verify_email":
        links["verify_email"] = site_url(request, reverse("account_email"))
    return ApiError(
        403,
        "locked",
        access.lesson_locked_message,
        detail={
            "unlock": access.unlock,
            # A lesson that drips: when it opens to the reader ("opens_later").
            "opens_at": access.opens_at,
            # The courses to complete ("prerequisites") or the module
            # ("previous_module").
            "unlocked_by": [
                {
                    "id": page.pk,
                    "title": page.title,
                    "html_url": site_url(request, page.url),
                }
                for page in access.unlocked_by
            ],
            "lesson": {
                "id": lesson.pk,
                "url": api_url(request, "lesson_detail", lesson.pk),
                "html_url": site_url(request, lesson.url),
                "title": lesson.title,
                "summary": lesson.summary,
            },
            "links": links,
        },
    )


def _served_lesson(lesson_id: int) -> LessonPage:
    """A lesson the site serves (`lesson_list_served`), whoever may read it."""
    return get_object_or_404(lesson_list_served(), pk=lesson_id)


@router.get(
    "/lessons/{lesson_id}",
    response=responses({200: LessonOut}),
    auth=optional_token_auth,
    url_name="lesson_detail",
)
def lesson_detail(request: HttpRequest, lesson_id: Id) -> LessonPage:
    """
    A lesson with its body, for those the course rule lets read it; a 403
    "locked" otherwise, saying what would unlock it. Reading it is where a
    student resumes the course, as on its page.
    """
    lesson = _served_lesson(lesson_id)
    viewer = viewer_from_api_request(request)
    context = lesson_page_context(lesson=lesson, viewer=viewer)
    course, access = context["course"], context["access"]
    if not access.allowed:
        raise lesson_locked_error(request, lesson=lesson, course=course, access=access)
    if request.user.is_authenticated:
        lesson_visit(user=request.user, lesson=lesson, course=course)
    outline = context["outline"]
    lesson.course = course
    lesson.module = context["module"]
    lesson.previous = outline.previous
    lesson.next = outline.next
    lesson.completed = outline.lesson_done
    lesson.progress = outline.progress
    lesson.quizzes = [
        _standing(request, lesson, block_id, standing)
        for block_id, standing in context["quiz_standings"].items()
    ]
    return lesson


# Learning


class LessonCompletionOut(Schema):
    lesson: LessonRef
    completed_at: datetime
    progress: ProgressOut


@router.post(
    "/lessons/{lesson_id}/completion",
    response=responses({200: LessonCompletionOut, 201: LessonCompletionOut}),
    url_name="lesson_completion",
)
def lesson_completion(request: HttpRequest, lesson_id: Id):
    """
    Mark a lesson complete (201; 200 if it was already), once each of its
    quizzes is passed; with the student's progress in the course.
    """
    lesson = _served_lesson(lesson_id)
    already = LessonProgress.objects.filter(
        user=request.user, lesson=lesson, completed_at__isnull=False
    ).exists()
    progress = lesson_complete(viewer=viewer_from_api_request(request), lesson=lesson)
    return Status(
        200 if already else 201,
        {
            "lesson": lesson,
            "completed_at": progress.completed_at,
            "progress": course_progress(user=request.user, course=progress.course),
        },
    )


class LessonNotesIn(Schema):
    # Either or both; what is left out stays as it was.
    bookmarked: bool | None = None
    note: str | None = Field(
        None,
        max_length=LessonProgress.NOTE_MAX_LENGTH,
        examples=["Roots drink through their hairs."],
    )


class LessonNotesOut(Schema):
    lesson: LessonRef
    course: CourseRef
    bookmarked: bool
    # Private: only their author reads them.
    note: str


@router.patch(
    "/lessons/{lesson_id}/notes",
    response=responses({200: LessonNotesOut}),
    url_name="lesson_notes",
)
def lesson_notes_update(request: HttpRequest, lesson_id: Id, payload: LessonNotesIn):
    """Bookmark a lesson I may read, or keep private notes on it."""
    return lesson_notes_save(
        viewer=viewer_from_api_request(request),
        lesson=_served_lesson(lesson_id),
        bookmarked=payload.bookmarked,
        note=payload.note,
    )


@router.get(
    "/learning/notes",
    response=responses({200: list[LessonNotesOut]}),
    url_name="lesson_note_list",
)
@paginate(PagePagination)
def lesson_note_list(request: HttpRequest):
    """The published lessons I bookmarked or keep notes on, the latest first."""
    return lesson_notes_of(user=request.user)


class QuizAnswersIn(Schema):
    # As the lesson page's quiz form posts them: "q<question index>" → the
    # chosen choice indexes (see the quiz block's "key" in a lesson's body).
    answers: dict[str, list[int]] = Field(
        max_length=100, examples=[{"q0": [1], "q1": [0, 2]}]
    )


class QuizAttemptOut(Schema):
    # False for the course's teachers: their answers are checked, not kept.
    kept: bool
    score: int
    max_score: int
    percentage: int
    passed: bool
    # It passed the lesson's last quiz left to pass: the lesson is complete.
    completed_lesson: bool
    standing: QuizStandingOut


@router.post(
    "/lessons/{lesson_id}/quizzes/{block_id}/attempts",
    response=responses({200: QuizAttemptOut, 201: QuizAttemptOut}),
    url_name="quiz_attempt_create",
)
def quiz_attempt_new(
    request: HttpRequest, lesson_id: Id, block_id: UUID, payload: QuizAnswersIn
):
    """
    Answer a quiz of the lesson and have it scored (201, the attempt kept;
    200 for the course's teachers, whose answers are not kept).
    """
    lesson = _served_lesson(lesson_id)
    if lesson_quiz(lesson=lesson, block_id=str(block_id)) is None:
        raise ApiError(404, "not_found", "This lesson has no such quiz.")
    outcome = quiz_attempt_create(
        viewer=viewer_from_api_request(request),
        lesson=lesson,
        block_id=str(block_id),
        answers={
            key: [str(choice) for choice in chosen]
            for key, chosen in payload.answers.items()
        },
    )
    attempt = outcome.attempt
    kept = attempt.pk is not None
    return Status(
        201 if kept else 200,
        {
            "kept": kept,
            "score": attempt.score,
            "max_score": attempt.max_score,
            "percentage": attempt.percentage,
            "passed": attempt.passed,
            "completed_lesson": outcome.completed_lesson,
            "standing": _standing(request, lesson, str(block_id), outcome.standing),
        },
    )


class CertificateRef(Schema):
    id: int
    url: str
    html_url: str

    @staticmethod
    def resolve_url(obj: Certificate, context) -> str:
        return api_url(context["request"], "certificate_detail", obj.pk)

    @staticmethod
    def resolve_html_url(obj: Certificate, context) -> str:
        return site_url(context["request"], obj.get_absolute_url())


class LearningOut(Schema):
    course: CourseRef
    progress: ProgressOut
    certificate: CertificateRef | None


class LearningPagination(PagePagination):
    """A page of my courses, with my progress and certificate in each."""

    def prepare_page(self, rows: list, request: HttpRequest) -> None:
        rows[:] = [
            {"course": course, "progress": progress, "certificate": certificate}
            for course, progress, certificate in enrollment_list_with_progress(
                user=request.user, courses=rows
            )
        ]


@router.get(
    "/learning/enrollments",
    response=responses({200: list[LearningOut]}),
    url_name="enrollment_list",
)
@paginate(LearningPagination)
def learning_enrollments(request: HttpRequest):
    """My courses, most recently joined first, with my progress and certificate."""
    return course_list_enrolled(user=request.user)


class CertificateOut(CertificateRef):
    # Anyone holding the code may check the certificate at `html_url`.
    code: str
    course: CourseRef
    # As they were on the day it was issued.
    student_name: str
    course_title: str
    issued_at: datetime


@router.get(
    "/learning/certificates",
    response=responses({200: list[CertificateOut]}),
    url_name="certificate_list",
)
@paginate(PagePagination)
def certificate_list(request: HttpRequest):
    """My certificates, newest first."""
    return (
        Certificate.objects.filter(user=request.user)
        .select_related("course")
        .order_by("-issued_at", "-pk")
    )


@router.get(
    "/learning/certificates/{certificate_id}",
    response=responses({200: CertificateOut}),
    url_name="certificate_detail",
)
def certificate_detail(request: HttpRequest, certificate_id: Id) -> Certificate:
    """One of my certificates (anyone else's is not found)."""
    return get_object_or_404(
        Certificate.objects.select_related("course"),
        user=request.user,
        pk=certificate_id,
    )


class CertificateIn(Schema):
    # As the claim form asks it (courses.forms.CertificateNameForm).
    name: str = Field(
        min_length=1,
        max_length=200,
        pattern=r"\S",
        description="Your name on the certificate: once issued, it cannot change.",
    )


@router.post(
    "/courses/{course_id}/certificate",
    response=responses({200: CertificateOut, 201: CertificateOut}),
    url_name="course_certificate",
)
def certificate_claim(request: HttpRequest, course_id: Id, payload: CertificateIn):
    """
    Claim the certificate of a course completed, in the name given (201);
    once issued, it stays as it is (200).
    """
    course = _live_course(course_id)
    issued = Certificate.objects.filter(user=request.user, course=course).first()
    if issued is not None:
        return issued
    return Status(
        201,
        certificate_issue(user=request.user, course=course, student_name=payload.name),
    )
