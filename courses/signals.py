from django.dispatch import receiver

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import page_published, page_unpublished

from .models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from .services import course_opened


@receiver(page_published)
def tell_who_asked_when_a_course_opens(sender, instance, **kwargs) -> None:
    # Wagtail's signal rather than an admin hook: approving a workflow task
    # publishes too.
    if isinstance(instance, CoursePage):
        course_opened(course=instance)


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
