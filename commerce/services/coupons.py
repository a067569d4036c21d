"""
Coupons at checkout: the one a buyer typed (a few tries an hour, so that
codes cannot be guessed), whether it is for what they buy, and what it
takes off, reckoned in the currency's minor units so that nothing drifts.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import formats, timezone

from courses.models import CoursePage
from courses.validators import WHOLE_UNIT_CURRENCIES
from members.models import User
from members.ratelimit import rate_limit_hit, rate_parse

from ..models import Coupon, PaymentStatus, Plan, from_minor_units, minor_units

# How long an unpaid order holds its coupon's redemption: its checkout
# expires then, so that it cannot be paid after the hold.
COUPON_HOLD = timedelta(hours=1)


@dataclass(frozen=True)
class Quote:
    """A price, and what a coupon (if any) takes off it."""

    price: Decimal
    currency: str
    coupon: Coupon | None = None
    discount: Decimal = Decimal(0)

    @property
    def total(self) -> Decimal:
        return self.price - self.discount


def coupon_discount(*, coupon: Coupon, price: Decimal, currency: str) -> Decimal:
    """
    What `coupon` takes off `price`: a percentage rounded down to the
    currency's smallest unit (a whole shilling for KES), or its amount, at
    most the price.
    """
    price_minor = minor_units(price, currency)
    if coupon.kind == Coupon.Kind.PERCENT:
        off = price_minor * coupon.percent_off // 100
    else:
        off = min(minor_units(coupon.amount_off, currency), price_minor)
    if currency.upper() in WHOLE_UNIT_CURRENCIES:
        unit = minor_units(Decimal(1), currency)
        off -= off % unit
    return from_minor_units(off, currency)


def coupon_quote(
    *,
    user: User,
    code: str,
    price: Decimal,
    currency: str,
    course: CoursePage | None = None,
    plan: Plan | None = None,
) -> Quote:
    """
    The price of `course` or `plan` for `user` with the coupon `code` (none
    if it is empty). Each code tried counts against COMMERCE_COUPON_RATE;
    ValidationError says why a code does not apply.
    """
    code = code.strip().upper()
    if not code:
        return Quote(price=price, currency=currency)
    limit, seconds = rate_parse(settings.COMMERCE_COUPON_RATE)
    if rate_limit_hit(key=f"coupon:{user.pk}", limit=limit, seconds=seconds):
        raise ValidationError(
            "Too many coupon codes were tried. Try again in an hour.",
            code="rate_limited",
        )
    coupon = Coupon.objects.filter(code=code, active=True).first()
    if coupon is None:
        raise ValidationError(f"There is no coupon “{code}”.", code="unknown")
    if coupon.expires_at is not None and coupon.expires_at <= timezone.now():
        expired = formats.date_format(timezone.localtime(coupon.expires_at), "j F Y")
        raise ValidationError(f"This coupon expired on {expired}.", code="expired")
    if plan is not None and (not coupon.for_plans or coupon.courses.exists()):
        raise ValidationError("This coupon is not for plans.", code="foreign")
    restricted = course is not None and coupon.courses.exists()
    if restricted and not coupon.courses.filter(pk=course.pk).exists():
        raise ValidationError("This coupon is not for this course.", code="foreign")
    if coupon.kind == Coupon.Kind.AMOUNT and coupon.currency != currency.upper():
        raise ValidationError(
            f"This coupon is for prices in {coupon.currency}.", code="foreign"
        )
    coupon_redemption_check(coupon=coupon, user=user)
    discount = coupon_discount(coupon=coupon, price=price, currency=currency)
    if not discount:
        raise ValidationError(
            "This coupon takes nothing off this price.", code="foreign"
        )
    if discount >= price:
        raise ValidationError(
            "This coupon is worth the whole price, so it cannot be used on it.",
            code="foreign",
        )
    return Quote(price=price, currency=currency, coupon=coupon, discount=discount)


def coupon_redemption_check(*, coupon: Coupon, user: User) -> None:
    """
    Raise ValidationError if `coupon` is used up, or `user` has used it:
    paid orders redeem it, and others' unpaid orders hold a redemption for
    COUPON_HOLD (the buyer's own, left unpaid, give way to the new one when
    it is created: see sales._order_create).
    """
    orders = coupon.orders.all()
    if orders.filter(user=user, status=PaymentStatus.PAID).exists():
        raise ValidationError("You have used this coupon already.", code="used")
    if coupon.max_redemptions is None:
        return
    held = orders.filter(
        Q(status=PaymentStatus.PAID)
        | Q(status=PaymentStatus.PENDING, created_at__gt=timezone.now() - COUPON_HOLD)
    ).exclude(Q(user=user) & ~Q(status=PaymentStatus.PAID))
    if held.count() >= coupon.max_redemptions:
        raise ValidationError("This coupon has been used up.", code="used_up")
