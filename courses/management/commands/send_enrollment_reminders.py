from django.core.management.base import BaseCommand

from courses.tasks import send_enrollment_reminders


class Command(BaseCommand):
    help = (
        "Queue the enrollment reminders: one email to each student who joined "
        "ENROLLMENT_REMINDER_DAYS ago and has not enrolled. Run daily from cron."
    )

    def handle(self, *args, **options) -> None:
        result = send_enrollment_reminders.enqueue()
        self.stdout.write(f"Queued the reminders (task {result.id}).")
