"""The shared fixed-window rate limit."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest

from members.ratelimit import rate_limit_hit, rate_parse

START = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)


def hits(key: str, times: int, *, limit: int = 3, seconds: int = 60) -> list[bool]:
    return [rate_limit_hit(key=key, limit=limit, seconds=seconds) for _ in range(times)]


def test_hits_over_the_limit_are_refused():
    with mock.patch("django.utils.timezone.now", return_value=START):
        assert hits("a", 5) == [False, False, False, True, True]


def test_each_key_counts_apart():
    with mock.patch("django.utils.timezone.now", return_value=START):
        hits("a", 3)

        assert hits("b", 1) == [False]
        assert hits("a", 1) == [True]


def test_the_count_starts_afresh_with_the_next_window():
    with mock.patch("django.utils.timezone.now", return_value=START):
        hits("a", 4)
    with mock.patch(
        "django.utils.timezone.now", return_value=START + timedelta(seconds=60)
    ):
        assert hits("a", 4) == [False, False, False, True]


@pytest.mark.parametrize(("rate", "parsed"), [("5/600", (5, 600)), ("60/60", (60, 60))])
def test_rate_parse(rate, parsed):
    assert rate_parse(rate) == parsed
