from django.core.management.base import BaseCommand

from commerce.tasks import delete_stripe_customers


class Command(BaseCommand):
    help = (
        "Queue another try at deleting at Stripe the customers of deleted "
        "accounts that Stripe could not delete at the time. Run hourly from cron."
    )

    def handle(self, *args, **options) -> None:
        result = delete_stripe_customers.enqueue()
        self.stdout.write(f"Queued the Stripe customer deletions (task {result.id}).")
