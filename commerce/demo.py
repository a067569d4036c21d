"""Demo plans for seed_demo: one renewing, one paid once."""

from decimal import Decimal

from .models import Plan


def create_demo_plans() -> None:
    Plan.objects.get_or_create(
        name="One term",
        defaults={
            "description": "Every paid course for four months, paid once.",
            "price": Decimal("40.00"),
            "currency": "USD",
            "duration_days": 120,
            "all_purchase_courses": True,
        },
    )
    # Renewing plans need a recurring price made in Stripe's dashboard: put
    # its id (price_…) here to sell this one.
    Plan.objects.get_or_create(
        name="All access",
        defaults={
            "description": "Every paid course, renewed every month.",
            "price": Decimal("12.00"),
            "currency": "USD",
            "interval": Plan.Interval.MONTH,
            "all_purchase_courses": True,
            "stripe_price_id": "price_replace_with_your_own",
            "active": False,
        },
    )
