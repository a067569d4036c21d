from django.dispatch import receiver

from wagtail.signals import page_published

from .models import CoursePage
from .services import course_opened


@receiver(page_published)
def tell_who_asked_when_a_course_opens(sender, instance, **kwargs) -> None:
    # Wagtail's signal rather than an admin hook: approving a workflow task
    # publishes too.
    if isinstance(instance, CoursePage):
        course_opened(course=instance)
