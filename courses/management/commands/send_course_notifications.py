from django.core.management.base import BaseCommand

from courses.selectors import (
    course_list_with_notifications_due,
    lesson_list_with_notifications_due,
)
from courses.tasks import send_course_available_emails, send_lesson_available_emails


class Command(BaseCommand):
    help = (
        "Queue the course-opened and lesson-opened emails still due, such as "
        "those a failed send gave back. Run hourly from cron."
    )

    def handle(self, *args, **options) -> None:
        courses = list(course_list_with_notifications_due())
        for course in courses:
            send_course_available_emails.enqueue(course_id=course.pk)
        lessons = list(lesson_list_with_notifications_due())
        for lesson in lessons:
            send_lesson_available_emails.enqueue(lesson_id=lesson.pk)
        self.stdout.write(
            f"Queued the emails of {len(courses)} course(s) "
            f"and {len(lessons)} lesson(s)."
        )
