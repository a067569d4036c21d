from django.dispatch import receiver

from wagtail.signals import post_page_move

from .services import question_courses_sync


@receiver(post_page_move)
def keep_lesson_questions_with_their_course(sender, instance, **kwargs) -> None:
    # Wagtail's signal rather than the admin's `after_move_page` hook: it
    # fires for every move, from the admin's move action or from code.
    question_courses_sync(page=instance)
