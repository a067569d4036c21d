from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from courses.models import CoursePage
from courses.published import published_memo
from members.models import User

from .models import (
    Donation,
    Membership,
    Order,
    OrderItem,
    Payment,
    PaymentStatus,
    Plan,
    Provider,
)
from .providers import daraja


def membership_list_current(*, user: User) -> QuerySet[Membership]:
    """
    The user's memberships that are current: they unlock courses, and their
    plan cannot be bought again. An overdue renewal still is (Stripe is still
    collecting it); a plan whose period is over is not, whatever its status.
    """
    return Membership.objects.filter(
        user=user,
        status__in=[Membership.Status.ACTIVE, Membership.Status.PAST_DUE],
    ).filter(
        Q(current_period_end__isnull=True) | Q(current_period_end__gt=timezone.now())
    )


def course_list_of_plan(*, plan: Plan) -> QuerySet[CoursePage]:
    """
    The courses a plan unlocks: those it names, and every purchase course
    when it covers them all.
    """
    courses = Q(pk__in=plan.courses.values("pk"))
    if plan.all_purchase_courses:
        courses |= Q(access_level=CoursePage.AccessLevel.PURCHASE)
    return CoursePage.objects.filter(courses)


def course_may_be_in_a_plan(*, course: CoursePage) -> bool:
    """
    Whether some plan, offered or not, unlocks the course (`course_list_of_plan`):
    most pages ask of one course, and most courses are in none, so what the
    plans cover is kept per generation of the published site (a plan's
    change starts a new one: portal/page_cache/signals.py).
    """
    covers_purchase_courses, named = published_memo(("plan-courses",), _plan_courses)
    return course.pk in named or (
        covers_purchase_courses
        and course.access_level == CoursePage.AccessLevel.PURCHASE
    )


def _plan_courses() -> tuple[bool, frozenset[int]]:
    rows = Plan.objects.values_list("all_purchase_courses", "courses").order_by()
    return (
        any(covers_all for covers_all, _ in rows),
        frozenset(course_id for _, course_id in rows if course_id is not None),
    )


def course_list_purchasable() -> QuerySet[CoursePage]:
    """
    The courses a buyer may ask to buy: published, and not kept to some
    viewers. Whether one is sold now is the sale's own check.
    """
    return CoursePage.objects.live().public()


def order_list_for(*, user: User) -> QuerySet[Order]:
    """The user's orders, newest first, with what each bought."""
    return Order.objects.filter(user=user).prefetch_related("items")


def payment_list_for(*, user: User) -> QuerySet[Payment]:
    """The payments for the user's orders and donations, newest first."""
    return Payment.objects.filter(Q(order__user=user) | Q(donation__donor=user))


def payment_method_list() -> list[str]:
    """The providers this site takes payments through: "stripe", "mpesa"."""
    methods = [Provider.STRIPE] if settings.STRIPE_SECRET_KEY else []
    return methods + ([Provider.MPESA] if daraja.is_enabled() else [])


def donation_limits(*, provider: str) -> tuple[str, Decimal, Decimal]:
    """The currency, smallest and largest amount of a donation by `provider`."""
    if provider == Provider.MPESA:
        return (
            "KES",
            Decimal(settings.MPESA_DONATION_MIN_AMOUNT),
            Decimal(settings.MPESA_DONATION_MAX_AMOUNT),
        )
    return (
        settings.DONATION_CURRENCY.upper(),
        Decimal(settings.DONATION_MIN_AMOUNT),
        Decimal(settings.DONATION_MAX_AMOUNT),
    )


def plan_list_for_sale() -> QuerySet[Plan]:
    return Plan.objects.filter(active=True).prefetch_related("courses")


def donation_list_received(*, user: User) -> QuerySet[Donation]:
    """The donations `user` was given (paid, or paid and refunded), newest first."""
    return (
        Donation.objects.filter(
            recipient=user, status__in=[PaymentStatus.PAID, PaymentStatus.REFUNDED]
        )
        .select_related("donor")
        .order_by("-paid_at", "-pk")
    )


def donation_totals_received(*, user: User) -> list[dict]:
    """What `user` was given and kept (refunds aside), per currency."""
    return list(
        donation_list_received(user=user)
        .filter(status=PaymentStatus.PAID)
        .values("currency")
        .annotate(total=Sum("amount"), donations=Count("pk"))
        .order_by("currency")
    )


def revenue_summary() -> dict[str, list[dict]]:
    """Money received, less refunds, by month, course and provider, per currency."""
    paid = Payment.objects.filter(status=PaymentStatus.PAID)
    return {
        "by_month": list(
            paid.annotate(month=TruncMonth("created_at"))
            .values("month", "currency")
            .annotate(total=Sum("amount"), payments=Count("pk"))
            .order_by("-month", "currency")
        ),
        "by_course": list(
            OrderItem.objects.filter(
                course__isnull=False, order__status=PaymentStatus.PAID
            )
            .values("description", "order__currency")
            # An order is of one item, so its coupon's discount is the item's.
            .annotate(total=Sum(F("amount") - F("order__discount")), sales=Count("pk"))
            .order_by("-total")
        ),
        "by_provider": list(
            paid.values("provider", "currency")
            .annotate(total=Sum("amount"), payments=Count("pk"))
            .order_by("provider", "currency")
        ),
    }


def payment_data_export(*, user: User) -> dict[str, list[dict]]:
    """The user's orders, donations and memberships, for their data export."""
    return {
        "orders": [
            {
                "description": order.description,
                "total": str(order.total),
                "currency": order.currency,
                "status": order.status,
                "at": order.created_at.isoformat(),
            }
            for order in Order.objects.filter(user=user).prefetch_related("items")
        ],
        "donations": [
            {
                "to": str(donation.recipient),
                "amount": str(donation.amount),
                "currency": donation.currency,
                "status": donation.status,
                "at": donation.created_at.isoformat(),
            }
            for donation in Donation.objects.filter(donor=user).select_related(
                "recipient"
            )
        ],
        "memberships": [
            {
                "plan": membership.plan.name,
                "status": membership.status,
                "until": membership.current_period_end.isoformat()
                if membership.current_period_end
                else None,
            }
            for membership in Membership.objects.filter(user=user).select_related(
                "plan"
            )
        ],
    }
