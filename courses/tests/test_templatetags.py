from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

import pytest

from courses.templatetags.courses_tags import money, time_ago


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (Decimal("29.00"), "USD", "$29.00"),
        (Decimal("1234.5"), "EUR", "€1,234.50"),
        (Decimal("1500.00"), "KES", "KES 1,500"),
        # Cents are kept where there are some, even in shillings.
        (Decimal("1500.50"), "KES", "KES 1,500.50"),
        (Decimal("250000"), "UGX", "UGX 250,000.00"),
        (None, "USD", ""),
    ],
)
def test_money_is_written_as_people_read_it(amount, currency, expected):
    assert money(amount, currency) == expected


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (timedelta(0), "just now"),
        (timedelta(seconds=59), "just now"),
        # A clock a little ahead must not say "0 minutes ago" either.
        (-timedelta(seconds=5), "just now"),
        # timesince keeps the number and its unit together with a no-break space.
        (timedelta(minutes=5, seconds=10), "5\xa0minutes ago"),
        (timedelta(hours=3, minutes=20), "3\xa0hours ago"),
    ],
)
def test_time_ago_says_just_now_rather_than_zero_minutes(age, expected):
    assert time_ago(timezone.now() - age) == expected
