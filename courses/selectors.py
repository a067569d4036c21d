from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet

from wagtail.images.models import Image

from members.models import User

from .models import (
    Certificate,
    CourseIndexPage,
    CourseNotification,
    CoursePage,
    LessonPage,
    LessonProgress,
    ModulePage,
    Subject,
)

CATALOG_THUMBNAIL = "fill-640x360"


CATALOG_SORTS = {
    "title": [F("title").asc()],
    "newest": [F("first_published_at").desc(nulls_last=True), F("pk").desc()],
}


def course_list_visible_to(
    *,
    index: CourseIndexPage,
    subject: str = "",
    access_level: str = "",
    level: str = "",
    teacher: int | None = None,
    query: str = "",
    sort: str = "title",
):
    """The catalog: published courses under `index`, filtered, searched, sorted."""
    courses = (
        CoursePage.objects.live()
        .public()
        .child_of(index)
        .select_related("subject", "owner")
        .prefetch_related(
            Prefetch(
                "thumbnail",
                queryset=Image.objects.prefetch_renditions(CATALOG_THUMBNAIL),
            )
        )
    )
    if subject:
        # By id: search backends filter only on indexed fields.
        subject_id = Subject.objects.filter(slug=subject).values_list("pk", flat=True)
        courses = courses.filter(subject=subject_id.first())
    if access_level:
        courses = courses.filter(access_level=access_level)
    if level:
        courses = courses.filter(level=level)
    if teacher:
        courses = courses.filter(owner_id=teacher)
    if query:
        # Whole words first; while the visitor is still typing one, titles
        # that start with it.
        return courses.search(query) or courses.autocomplete(query)
    return courses.order_by(*CATALOG_SORTS.get(sort, CATALOG_SORTS["title"]))


def course_outline(*, course: CoursePage) -> list[tuple[ModulePage, list[LessonPage]]]:
    """The published modules of a course with their published lessons, in tree order."""
    modules = list(ModulePage.objects.live().child_of(course).order_by("path"))
    lessons = LessonPage.objects.live().descendant_of(course).order_by("path")
    by_module: dict[str, list[LessonPage]] = {module.path: [] for module in modules}
    for lesson in lessons.defer_streamfields():
        parent_path = lesson.path[: -CoursePage.steplen]
        if parent_path in by_module:
            by_module[parent_path].append(lesson)
    return [(module, by_module[module.path]) for module in modules]


def lesson_neighbours(
    *, lesson: LessonPage, course: CoursePage
) -> tuple[LessonPage | None, LessonPage | None]:
    """The published lessons before and after `lesson` in the course."""
    lessons = list(
        LessonPage.objects.live()
        .descendant_of(course)
        .order_by("path")
        .only("id", "title", "url_path", "path", "depth")
    )
    ids = [item.pk for item in lessons]
    if lesson.pk not in ids:
        return None, None
    position = ids.index(lesson.pk)
    previous = lessons[position - 1] if position > 0 else None
    following = lessons[position + 1] if position + 1 < len(lessons) else None
    return previous, following


@dataclass(frozen=True)
class CourseProgress:
    completed: int
    total: int
    resume: LessonPage | None

    @property
    def percentage(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.completed == self.total


def course_progress(*, user: User, course: CoursePage) -> CourseProgress:
    """How far `user` is through `course`'s published lessons, and where to resume."""
    lessons = LessonPage.objects.live().descendant_of(course)
    progress = LessonProgress.objects.filter(
        user=user, course=course, lesson__in=lessons
    )
    last = progress.order_by("-visited_at").select_related("lesson").first()
    return CourseProgress(
        completed=progress.filter(completed_at__isnull=False).count(),
        total=lessons.count(),
        resume=last.lesson if last else None,
    )


def learning_list(
    *, user: User
) -> list[tuple[CoursePage, CourseProgress, Certificate | None]]:
    """
    Every course `user` is enrolled in, most recently joined first, with
    their progress and certificate, in a fixed number of queries.
    """
    courses = list(
        CoursePage.objects.live()
        .filter(enrollments__user=user)
        .order_by("-enrollments__created_at")
    )
    if not courses:
        return []
    # Courses all sit in the catalog, so their paths have one length; a
    # lesson's path starts with its course's.
    course_by_path = {course.path: course for course in courses}
    course_path_length = len(courses[0].path)

    lessons_by_course: dict[int, set[int]] = {course.pk: set() for course in courses}
    in_courses = Q()
    for course in courses:
        in_courses |= Q(path__startswith=course.path)
    for lesson_id, path in (
        LessonPage.objects.live().filter(in_courses).values_list("id", "path")
    ):
        course = course_by_path.get(path[:course_path_length])
        if course is not None:
            lessons_by_course[course.pk].add(lesson_id)

    completed: dict[int, int] = {course.pk: 0 for course in courses}
    resume: dict[int, LessonPage] = {}
    progress = (
        LessonProgress.objects.filter(user=user, course__in=courses)
        .select_related("lesson")
        .order_by("-visited_at")
    )
    for item in progress:
        if item.lesson_id not in lessons_by_course[item.course_id]:
            continue
        completed[item.course_id] += item.completed_at is not None
        resume.setdefault(item.course_id, item.lesson)

    certificates = {c.course_id: c for c in Certificate.objects.filter(user=user)}
    return [
        (
            course,
            CourseProgress(
                completed=completed[course.pk],
                total=len(lessons_by_course[course.pk]),
                resume=resume.get(course.pk),
            ),
            certificates.get(course.pk),
        )
        for course in courses
    ]


def completed_lesson_ids(*, user: User, course: CoursePage) -> set[int]:
    return set(
        LessonProgress.objects.filter(
            user=user, course=course, completed_at__isnull=False
        ).values_list("lesson_id", flat=True)
    )


def courses_taught_by(*, user: User) -> QuerySet[CoursePage]:
    """Courses `user` owns or co-teaches, drafts included, with enrollment counts."""
    return (
        CoursePage.objects.taught_by(user)
        .annotate(enrollment_count=Count("enrollments", distinct=True))
        .order_by("-latest_revision_created_at")
    )


def courses_taught_publicly(*, user: User) -> QuerySet[CoursePage]:
    """The published courses a teacher owns or co-teaches, for their profile."""
    return (
        CoursePage.objects.live()
        .public()
        .taught_by(user)
        .select_related("subject")
        .order_by("title")
    )


def courses_of_member(*, user: User) -> QuerySet[CoursePage]:
    """The published courses `user` is enrolled in or teaches."""
    return (
        CoursePage.objects.live()
        .filter(
            Q(enrollments__user=user)
            | Q(pk__in=CoursePage.objects.taught_by(user).values("pk"))
        )
        .distinct()
        .order_by("title")
    )


def course_notifications_due() -> QuerySet[CourseNotification]:
    """Confirmed addresses still to be told that the course they asked about opened."""
    return CourseNotification.objects.filter(
        confirmed_at__isnull=False, notified_at__isnull=True
    )


def courses_with_notifications_due() -> QuerySet[CoursePage]:
    """Open courses that confirmed addresses are still to be told about."""
    return CoursePage.objects.live().filter(
        availability=CoursePage.Availability.AVAILABLE,
        pk__in=course_notifications_due().values("course_id"),
    )
