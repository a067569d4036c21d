from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import page_published, page_unpublished, post_page_move

from .files import lesson_files_forget, lesson_files_record, lesson_files_relocate
from .models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from .services import (
    course_opened_notify,
    lesson_opened_notify,
    lesson_search_texts_update,
)


@receiver(page_published)
def tell_who_asked_when_a_course_opens(sender, instance, **kwargs) -> None:
    # Wagtail's signal rather than an admin hook: approving a workflow task
    # publishes too, and so does a scheduled publication. A course opens
    # with its first published lesson too.
    if isinstance(instance, CoursePage):
        course_opened_notify(course=instance)
    elif isinstance(instance, LessonPage):
        course_opened_notify(course=instance.get_course())
        lesson_opened_notify(lesson=instance)


@receiver(page_published)
@receiver(page_unpublished)
def purge_the_pages_that_list_it(sender, instance, **kwargs) -> None:
    """
    Wagtail purges a published page from the front-end cache; the course
    page and the catalog list its modules, lessons and courses, so they go
    too.
    """
    if not isinstance(instance, CoursePage | ModulePage | LessonPage):
        return
    batch = PurgeBatch()
    batch.add_pages(CoursePage.objects.ancestor_of(instance, inclusive=True).live())
    batch.add_pages(CourseIndexPage.objects.ancestor_of(instance).live())
    batch.purge()


@receiver(page_published)
@receiver(page_unpublished)
def keep_lessons_found_by_what_is_published(sender, instance, **kwargs) -> None:
    # A course or module going live or leaving takes its lessons with it.
    if isinstance(instance, CoursePage | ModulePage | LessonPage):
        lesson_search_texts_update(page=instance)


@receiver(post_save, sender=LessonPage)
def record_the_files_a_lesson_uses(sender, instance, raw=False, **kwargs) -> None:
    # Every save, draft or published, from the editor, a workflow, a
    # schedule or code: the course rule must know at once.
    if not raw:
        lesson_files_record(lesson=instance)


@receiver(post_save, sender=CoursePage)
@receiver(post_save, sender=ModulePage)
def keep_course_files_where_readers_reach_them(
    sender, instance, raw=False, **kwargs
) -> None:
    # Its access level, availability or state may have changed who may
    # read the lessons below.
    if not raw:
        lesson_files_relocate(page=instance)


@receiver(page_published)
@receiver(page_unpublished)
def keep_files_of_courses_with_prerequisites_private(
    sender, instance, **kwargs
) -> None:
    # A course's prerequisites are saved after it (post_save has not seen
    # them), and a required course going live or leaving changes who may
    # read the courses that require it.
    if isinstance(instance, CoursePage):
        dependents = CoursePage.objects.filter(prerequisite_links__required=instance)
        for course in (
            [instance, *dependents] if instance.has_prerequisites else dependents
        ):
            lesson_files_relocate(page=course)


@receiver(post_page_move)
def follow_moved_course_pages(sender, instance, **kwargs) -> None:
    # Their files and search texts follow who may now read them.
    if isinstance(instance.specific_deferred, CoursePage | ModulePage | LessonPage):
        lesson_files_relocate(page=instance)
        lesson_search_texts_update(page=instance)


@receiver(pre_delete, sender=LessonPage)
def let_files_of_deleted_lessons_go_public(sender, instance, **kwargs) -> None:
    # Deleting a course or module deletes each of its lessons: once each.
    lesson_files_forget(lesson=instance)
