"""
The REST API's commerce (mounted in portal/api.py): a member's own orders
and payments, and starting to pay for a course or a plan. Starting a card
payment gives the Stripe Checkout page to send the buyer to; an M-Pesa
payment asks the buyer's phone. Either is paid only when the provider's
verified event says so (the webhook and callback of commerce/views.py), so
clients look at the order again to learn how it went.
"""

from datetime import datetime
from decimal import Decimal
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import model_validator

from courses.api import CourseRef
from members.api_base import ApiError, Id, PagePagination, api_url, responses, site_url

from .exceptions import PaymentUnavailable
from .models import Order, OrderItem, Payment
from .selectors import (
    course_list_purchasable,
    order_list_for,
    payment_list_for,
    plan_list_for_sale,
)
from .services import (
    course_checkout_start,
    mpesa_course_purchase_start,
    plan_checkout_start,
)

router = Router(tags=["commerce"])


def _base_url(request: HttpRequest) -> str:
    """Where the provider sends the buyer back to, and M-Pesa calls back."""
    return request.build_absolute_uri("/").rstrip("/")


class PlanRef(Schema):
    id: int
    name: str


class OrderItemOut(Schema):
    # As sold: the course or plan may have changed, or gone, since.
    description: str
    amount: Decimal
    course: CourseRef | None
    plan: PlanRef | None


class OrderOut(Schema):
    id: int
    url: str
    # The order's page: "confirming…" until the payment is settled.
    html_url: str
    status: str
    provider: str
    total: Decimal
    currency: str
    items: list[OrderItemOut]
    # The coupon used (empty if none) and what it took off the items' sum.
    coupon_code: str
    discount: Decimal
    created_at: datetime
    paid_at: datetime | None

    @staticmethod
    def resolve_url(order: Order, context) -> str:
        return api_url(context["request"], "order_detail", order.pk)

    @staticmethod
    def resolve_html_url(order: Order, context) -> str:
        return site_url(context["request"], order.get_absolute_url())

    @staticmethod
    def resolve_items(order: Order) -> list[OrderItem]:
        return order.items.all()


class OrderRef(Schema):
    id: int
    url: str


class PaymentOut(Schema):
    id: int
    provider: str
    status: str
    amount: Decimal
    currency: str
    # Stripe's payment (or invoice) id, or the M-Pesa receipt number.
    reference: str
    # What the provider last said, such as why M-Pesa declined.
    result_description: str
    order: OrderRef | None
    # A donation's page: donations have no resource of their own here.
    donation_html_url: str | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_order(payment: Payment, context) -> dict | None:
        # Its id is all a link needs: no query for the order itself.
        if payment.order_id is None:
            return None
        return {
            "id": payment.order_id,
            "url": api_url(context["request"], "order_detail", payment.order_id),
        }

    @staticmethod
    def resolve_donation_html_url(payment: Payment, context) -> str | None:
        if payment.donation is None:
            return None
        return site_url(context["request"], payment.donation.get_absolute_url())


class CheckoutIn(Schema):
    """What to buy: a course or a plan (one of them)."""

    course_id: Id | None = None
    plan_id: Id | None = None
    provider: Literal["stripe"] = "stripe"
    # A coupon code, if the buyer has one: its discount comes off the price.
    coupon: str = Field("", max_length=40)

    @model_validator(mode="after")
    def one_thing(self) -> "CheckoutIn":
        if (self.course_id is None) == (self.plan_id is None):
            raise ValueError("Give either course_id or plan_id.")
        return self


class CheckoutOut(Schema):
    # Send the buyer here; Stripe sends them back to the order's page.
    checkout_url: str


class MpesaPaymentIn(Schema):
    course_id: Id
    # As the site's form takes it: a Kenyan mobile number, in any format.
    phone: str = Field(max_length=20)
    coupon: str = Field("", max_length=40)


# Orders and payments


def _my_orders(request: HttpRequest) -> QuerySet[Order]:
    """My orders, with what `OrderOut` shows of each item, all at once."""
    return order_list_for(user=request.user).prefetch_related(
        "items__course", "items__plan"
    )


@router.get("/orders", response=responses({200: list[OrderOut]}), url_name="order_list")
@paginate(PagePagination)
def order_list(request: HttpRequest):
    """My orders, newest first."""
    return _my_orders(request)


@router.get(
    "/orders/{order_id}",
    response=responses({200: OrderOut}),
    url_name="order_detail",
)
def order_detail(request: HttpRequest, order_id: Id) -> Order:
    """One of my orders (anyone else's is not found)."""
    return get_object_or_404(_my_orders(request), pk=order_id)


@router.get(
    "/payments", response=responses({200: list[PaymentOut]}), url_name="payment_list"
)
@paginate(PagePagination)
def payment_list(request: HttpRequest):
    """The payments for my orders and donations, newest first."""
    return payment_list_for(user=request.user).select_related("donation")


# Paying


@router.post(
    "/checkouts",
    response=responses({201: CheckoutOut}),
    url_name="checkout_create",
)
def checkout_create(request: HttpRequest, payload: CheckoutIn) -> Status:
    """
    Start paying by card for a course or a plan, at its price here less the
    coupon's discount: send the buyer to `checkout_url`. Refusals (not for
    sale, already yours, email not verified, payments not set up, a coupon
    that does not apply) are 400s that say why; too many coupon codes
    tried, a 429.
    """
    try:
        if payload.course_id is not None:
            course = get_object_or_404(course_list_purchasable(), pk=payload.course_id)
            checkout_url = course_checkout_start(
                user=request.user,
                course=course,
                base_url=_base_url(request),
                coupon=payload.coupon,
            )
        else:
            plan = get_object_or_404(plan_list_for_sale(), pk=payload.plan_id)
            checkout_url = plan_checkout_start(
                user=request.user,
                plan=plan,
                base_url=_base_url(request),
                coupon=payload.coupon,
            )
    except PaymentUnavailable as error:
        raise _unavailable(error) from error
    return Status(201, {"checkout_url": checkout_url})


@router.post(
    "/mpesa-payments",
    response=responses({202: PaymentOut}),
    url_name="mpesa_payment_create",
)
def mpesa_payment_create(request: HttpRequest, payload: MpesaPaymentIn) -> Status:
    """
    Pay for a course sold in KES by M-Pesa: the buyer's phone asks them to
    approve. Accepted, not yet paid: the payment's order says how it went.
    """
    course = get_object_or_404(course_list_purchasable(), pk=payload.course_id)
    try:
        payment = mpesa_course_purchase_start(
            user=request.user,
            course=course,
            phone=payload.phone,
            base_url=_base_url(request),
            coupon=payload.coupon,
        )
    except PaymentUnavailable as error:
        raise _unavailable(error) from error
    return Status(202, payment)


def _unavailable(error: PaymentUnavailable) -> ApiError:
    """Payments not set up here, or the provider refused or out of reach."""
    return ApiError(400, "payment_unavailable", str(error))
