from django.core.management.base import BaseCommand

from notifications.services import course_emails_send, digests_send


class Command(BaseCommand):
    help = (
        "Email each member a digest of their unread notifications, at most one "
        "an hour each, and each course's new lessons, at most one email a day "
        "per course. Run every 10 minutes from cron."
    )

    def handle(self, *args, **options) -> None:
        digests = digests_send()
        course_emails = course_emails_send()
        self.stdout.write(
            f"Sent {digests} digest(s) and {course_emails} course email(s)."
        )
