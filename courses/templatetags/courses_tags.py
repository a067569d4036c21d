import math
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.db.models import prefetch_related_objects
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince

from wagtail import hooks

from ..forms import CatalogFilterForm
from ..models import CoursePage, LessonPage
from ..published import published_memo, published_memo_many, site_for_request
from ..selectors import course_thumbnails
from ..validators import WHOLE_UNIT_CURRENCIES

register = template.Library()

# A symbol where it is unambiguous; other currencies are written by code.
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


@register.simple_tag(takes_context=True)
def course_cards(context, courses, heading_level: int = 2) -> list[SafeString]:
    """
    Published courses' cards, for a list: the same for every visitor, so
    each is rendered once a process for the current generation of published
    content (its rating and image are part of it); those not kept yet are
    rendered together, their images read in one go.
    """
    request = context.get("request")
    site = request and site_for_request(request)
    keys = {
        course.pk: ("course-card", site and site.pk, course.pk, heading_level)
        for course in courses
    }
    by_key = {keys[course.pk]: course for course in courses}

    def render(missing: list[tuple]) -> dict[tuple, SafeString]:
        prefetch_related_objects([by_key[key] for key in missing], course_thumbnails())
        # The request is there for the page's address only: no context
        # processor runs, so nothing of the visitor's can enter a card.
        return {
            key: render_to_string(
                "courses/partials/course_card.html",
                {
                    "course": by_key[key],
                    "heading_level": heading_level,
                    "request": request,
                },
            )
            for key in missing
        }

    cards = published_memo_many(list(by_key), render)
    return [cards[keys[course.pk]] for course in courses]


@register.simple_tag
def catalog_filter_fields(filter_form: CatalogFilterForm) -> SafeString:
    """
    The catalog's filter fields, as they render for the values chosen (none
    on the catalog's own address): kept per generation, like the choices
    they offer, unless a search is typed or a value is not one of the
    choices (either could be any text).
    """

    def render() -> SafeString:
        return render_to_string(
            "courses/partials/catalog_filter_fields.html", {"filter_form": filter_form}
        )

    if filter_form.is_bound and (
        not filter_form.is_valid() or filter_form.data.get("query")
    ):
        return render()
    chosen = tuple(filter_form.data.get(name, "") for name in filter_form.fields)
    return published_memo(("catalog-filters", filter_form.index.pk, chosen), render)


@register.filter
def money(amount: Decimal | int | None, currency: str) -> str:
    """An amount as people read it: "$29.00", "KES 1,500"."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    whole = currency in WHOLE_UNIT_CURRENCIES and amount == amount.to_integral()
    number = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    if symbol := CURRENCY_SYMBOLS.get(currency):
        return f"{symbol}{number}"
    return f"{currency} {number}"


@register.filter
def time_ago(value: datetime | None) -> str:
    """How long ago `value` was, in its largest unit: "just now", "3 hours ago"."""
    if value is None:
        return ""
    if timezone.now() - value < timedelta(minutes=1):
        return "just now"
    return f"{timesince(value, depth=1)} ago"


@register.filter
def time_until(value: datetime | None) -> str:
    """
    How long until `value`, rounded up in its largest unit: "in 3 days",
    "in 5 hours", "in 1 minute" (what opens 2 days 23 hours from now opens
    on the third day).
    """
    if value is None:
        return ""
    remaining = value - timezone.now()
    for unit, name in ((timedelta(days=1), "day"), (timedelta(hours=1), "hour")):
        if remaining >= unit:
            count = math.ceil(remaining / unit)
            return f"in {count} {name}{pluralize(count)}"
    count = max(1, math.ceil(remaining / timedelta(minutes=1)))
    return f"in {count} minute{pluralize(count)}"


def _panels(hook_name: str, request, page) -> SafeString:
    return mark_safe(  # noqa: S308 (each piece is escaped unless marked safe)
        "".join(
            conditional_escape(panel(request, page))
            for panel in hooks.get_hooks(hook_name)
        )
    )


@register.simple_tag(takes_context=True)
def lesson_page_panels(context: template.Context, lesson: LessonPage) -> SafeString:
    """
    What other apps show under a lesson's body, to those who may read it:
    each `lesson_page_panels` hook, ``fn(request, lesson) -> str``, in the
    order of their hooks, returns a piece of HTML (marked safe, or it is
    escaped). Community adds the lesson's questions. The lesson's page may
    be cached: a panel should be the same for every reader and load what
    depends on the reader itself (with HTMX).
    """
    return _panels("lesson_page_panels", context.get("request"), lesson)


@register.simple_tag(takes_context=True)
def course_page_panels(context: template.Context, course: CoursePage) -> SafeString:
    """
    What other apps show under a course's outline, as `lesson_page_panels`
    does under a lesson: each `course_page_panels` hook, ``fn(request,
    course) -> str``. Community adds the course's reviews.
    """
    return _panels("course_page_panels", context.get("request"), course)


@register.filter
def stars(rating: Decimal | int | None) -> str:
    """A rating out of five as five stars, to the nearest whole one: ★★★★☆."""
    if rating is None or rating == "":
        return ""
    filled = int(Decimal(rating).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    filled = min(5, max(0, filled))
    return "★" * filled + "☆" * (5 - filled)
