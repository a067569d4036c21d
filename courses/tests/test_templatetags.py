from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.safestring import mark_safe

from wagtail import hooks

import pytest

from courses.models import CoursePage, LessonPage
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


def panel(text: str):
    return lambda request, lesson: mark_safe(f"<p>{text} {lesson.title}</p>")  # noqa: S308


def test_lesson_page_panels_show_under_the_body_in_hook_order(client, make_course):
    lesson = LessonPage.objects.descendant_of(make_course()).first()

    with (
        hooks.register_temporarily("lesson_page_panels", panel("Second"), order=2),
        hooks.register_temporarily("lesson_page_panels", panel("First"), order=1),
    ):
        content = client.get(lesson.url).content.decode()

    body_end = content.index("The secret of this lesson.")
    first = content.index(f"<p>First {lesson.title}</p>")
    assert body_end < first < content.index(f"<p>Second {lesson.title}</p>")


def test_lesson_page_panels_escape_html_not_marked_safe(client, make_course):
    lesson = LessonPage.objects.descendant_of(make_course()).first()

    with hooks.register_temporarily(
        "lesson_page_panels", lambda request, lesson: "<script>alert(1)</script>"
    ):
        content = client.get(lesson.url).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert(1)</script>" not in content


def test_lesson_page_panels_are_not_shown_on_a_locked_lesson(client, make_course):
    course = make_course(access_level=CoursePage.AccessLevel.PURCHASE)
    lesson = LessonPage.objects.descendant_of(course).first()

    with hooks.register_temporarily("lesson_page_panels", panel("Panel")):
        response = client.get(lesson.url)

    assert "lesson-locked" in response.content.decode()
    assert "<p>Panel" not in response.content.decode()
