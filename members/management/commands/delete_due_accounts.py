from django.core.management.base import BaseCommand

from members.services import accounts_delete_due


class Command(BaseCommand):
    help = (
        "Delete the accounts whose deletion is due. Each is also deleted by a "
        "task when it falls due; run this from cron (every 15 minutes) as the "
        "fallback."
    )

    def handle(self, *args, **options) -> None:
        count = accounts_delete_due()
        self.stdout.write(f"Deleted {count} account(s).")
