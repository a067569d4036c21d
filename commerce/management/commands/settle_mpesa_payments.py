from django.core.management.base import BaseCommand

from commerce.tasks import settle_mpesa_payments


class Command(BaseCommand):
    help = (
        "Queue a check of the M-Pesa payments whose callback has not come after "
        "MPESA_SETTLE_AFTER_SECONDS: Daraja is asked how each ended. Run every "
        "few minutes from cron."
    )

    def handle(self, *args, **options) -> None:
        result = settle_mpesa_payments.enqueue()
        self.stdout.write(f"Queued the M-Pesa check (task {result.id}).")
