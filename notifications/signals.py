from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.signals import page_published

from .models import Notification
from .services import new_lessons_announce_later, notification_unread_changed


@receiver(page_published)
def tell_students_of_new_lessons(sender, instance, **kwargs) -> None:
    # Wagtail's signal: approving a workflow task publishes too, and so does
    # a scheduled publication. A module or course going live opens the
    # lessons below it, as a lesson does itself.
    new_lessons_announce_later(page=instance)


@receiver(post_save, sender=Notification)
def forget_unread_count(sender, instance, **kwargs) -> None:
    notification_unread_changed(user_ids=[instance.recipient_id])
