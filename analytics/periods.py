"""
The spans of time a report covers, cut into days, weeks or months in the
site's time zone, as the database's Trunc cuts them.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    unit: str  # as Trunc takes it: "day", "week" or "month"
    length: int | None  # in units; None for all time

    def buckets(self, *, today: date, first: date | None = None) -> list[date]:
        """
        The first day of each day, week or month the period covers, up to
        today's; for all time, from `first`'s (or today's, without one).
        """
        last = bucket_of(today, self.unit)
        if self.length is not None:
            start = shift(last, self.unit, 1 - self.length)
        else:
            start = bucket_of(min(first or today, today), self.unit)
        buckets = []
        while start <= last:
            buckets.append(start)
            start = shift(start, self.unit, 1)
        return buckets


PERIODS = [
    Period("30d", "Last 30 days", "day", 30),
    Period("13w", "Last 13 weeks", "week", 13),
    Period("12m", "Last 12 months", "month", 12),
    Period("all", "All time", "month", None),
]
LAST_30_DAYS, DEFAULT_PERIOD = PERIODS[:2]


def period_get(key: str | None) -> Period:
    """The period a report's ?period= names; the default for anything else."""
    return next((period for period in PERIODS if period.key == key), DEFAULT_PERIOD)


def bucket_of(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def shift(day: date, unit: str, steps: int) -> date:
    if unit == "month":
        months = day.year * 12 + day.month - 1 + steps
        return date(months // 12, months % 12 + 1, 1)
    return day + timedelta(days=steps * (7 if unit == "week" else 1))


def start_of(day: date) -> datetime:
    """The first moment of `day` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()
