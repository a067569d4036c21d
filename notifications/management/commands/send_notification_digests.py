from django.core.management.base import BaseCommand

from notifications.services import digests_send


class Command(BaseCommand):
    help = (
        "Email each member a digest of their unread notifications, at most one "
        "an hour each. Run every 10 minutes from cron."
    )

    def handle(self, *args, **options) -> None:
        count = digests_send()
        self.stdout.write(f"Sent {count} digest(s).")
