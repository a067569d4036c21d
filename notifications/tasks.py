from django_tasks import task


@task()
def announce_new_lessons(page_id: int) -> int:
    """Tell a course's students of the lessons a publication opened to them."""
    # Imported here: notifications.services imports this module's tasks.
    from .services import new_lessons_announce

    return new_lessons_announce(page_id=page_id)
