from django_tasks import task


@task()
def send_course_available_emails(course_id: int) -> int:
    """Tell who asked that the course is open; returns how many were told."""
    # Imported here: courses.services.notifications imports this module's tasks.
    from .services.notifications import course_available_emails_send

    return course_available_emails_send(course_id=course_id)


@task()
def send_lesson_available_emails(lesson_id: int) -> int:
    """Tell who asked that the lesson is open; returns how many were told."""
    # Imported here: courses.services.notifications imports this module's tasks.
    from .services.notifications import lesson_available_emails_send

    return lesson_available_emails_send(lesson_id=lesson_id)


@task()
def send_enrollment_reminders() -> int:
    # Imported here: courses.services.notifications imports this module's tasks.
    from .services.notifications import enrollment_reminders_send

    return enrollment_reminders_send()


@task()
def sync_lesson_search_texts(page_id: int) -> None:
    # Imported here: courses.services.search imports this module's tasks.
    from .services.search import lesson_search_texts_sync

    lesson_search_texts_sync(page_id=page_id)
