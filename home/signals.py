"""Home pages list courses (featured and newest): cached copies follow them."""

from django.dispatch import receiver

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import page_published, page_unpublished

from courses.models import CoursePage

from .models import HomePage


@receiver(page_published)
@receiver(page_unpublished)
def purge_home_pages_when_a_course_changes(sender, instance, **kwargs) -> None:
    if isinstance(instance, CoursePage):
        batch = PurgeBatch()
        batch.add_pages(HomePage.objects.live())
        batch.purge()
