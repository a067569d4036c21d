"""
Keeping what search may match of lessons (`LessonSearchText`) in step with
what is published: run by a task whenever a course, module or lesson is
published, unpublished or moved (see courses/signals.py).
"""

from django.db import transaction

from wagtail.models import Page
from wagtail.search.backends import get_search_backends

from ..models import CoursePage, LessonPage, LessonSearchText
from ..tasks import sync_lesson_search_texts


def lesson_search_texts_update(*, page: Page) -> None:
    """Bring the search texts of the lessons at or below `page` up to date, soon."""
    sync_lesson_search_texts.enqueue(page.pk)


def lesson_search_texts_sync(*, page_id: int) -> None:
    """
    Give each published lesson at or below the page (live, in a live module
    of a live course; not an alias) its outline and full text, and take them
    from every other lesson there: course by course, so that a whole
    catalog's lessons are never held at once. Privacy settings (view
    restrictions) are asked as each search runs.
    """
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        # Deleted: its lessons' texts went with it.
        return
    if course := CoursePage.objects.ancestor_of(page, inclusive=True).first():
        # A course, or a module or lesson of one.
        _lesson_search_texts_sync(course=course, path=page.path)
        return
    for course in CoursePage.objects.descendant_of(page).only("path", "live"):
        _lesson_search_texts_sync(course=course, path=course.path)


def _lesson_search_texts_sync(*, course: CoursePage, path: str) -> None:
    lessons = LessonPage.objects.filter(path__startswith=path)
    published = (
        list(lessons.published().filter(alias_of__isnull=True)) if course.live else []
    )
    body_field = LessonPage._meta.get_field("body")
    texts = []
    for lesson in published:
        outline = lesson.summary
        full = " ".join(
            [outline, *body_field.get_searchable_content(lesson.body)]
        ).strip()
        for kind, text in (
            (LessonSearchText.Kind.OUTLINE, outline),
            (LessonSearchText.Kind.FULL, full),
        ):
            texts.append(
                LessonSearchText(
                    lesson=lesson,
                    course=course,
                    kind=kind,
                    free_preview=lesson.free_preview,
                    title=lesson.title,
                    text=text,
                    published_at=lesson.first_published_at,
                )
            )
    with transaction.atomic():
        # One by one, so that each leaves the search index too.
        for stale in LessonSearchText.objects.filter(lesson__in=lessons).exclude(
            lesson__in=published
        ):
            stale.delete()
        LessonSearchText.objects.bulk_create(
            texts,
            update_conflicts=True,
            unique_fields=["lesson", "kind"],
            update_fields=["course", "free_preview", "title", "text", "published_at"],
        )
    if published:
        # bulk_create sends no signal for Wagtail to index them by.
        saved = list(LessonSearchText.objects.filter(lesson__in=published))
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(LessonSearchText, saved)
