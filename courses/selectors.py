from django.db.models import QuerySet

from .models import CourseIndexPage, CoursePage, LessonPage, ModulePage


def course_list_visible_to(*, index: CourseIndexPage) -> QuerySet[CoursePage]:
    """The catalog: published courses under `index`."""
    return (
        CoursePage.objects.live()
        .public()
        .child_of(index)
        .select_related("subject", "thumbnail")
        .order_by("title")
    )


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
