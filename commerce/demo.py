"""
Demo plans and sales for seed_demo. The sales are recorded as verified
provider events record them (a paid Stripe checkout, an M-Pesa callback),
through the same services, but without a provider: no money moved, so no
receipts go out, and each payment says it is a demo.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from courses.models import CoursePage
from members.models import User

from .models import (
    Coupon,
    Donation,
    Order,
    OrderItem,
    Payable,
    Payment,
    PaymentStatus,
    Plan,
    Provider,
    minor_units,
)
from .selectors import donation_limits
from .services import (
    donation_mark_paid,
    order_mark_paid,
    payment_mark_failed,
    payment_mark_refunded,
)

DEMO_PAYMENT = "Demo payment made by seed_demo: no money moved."
# Safaricom's sandbox test number.
DEMO_PHONE = "254708374149"


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


def create_demo_coupons() -> None:
    """WELCOME10 takes 10 % off any course or plan, once per member."""
    Coupon.objects.get_or_create(
        code="WELCOME10",
        defaults={"kind": Coupon.Kind.PERCENT, "percent_off": 10},
    )


def create_demo_sales(*, student: User, teacher: User) -> None:
    """
    Over the last three months: the student bought a course by card and one
    by M-Pesa, had a third refunded and gave up on a fourth at the M-Pesa
    prompt; the teacher was given donations, by the student and by visitors,
    and so was the student, who takes donations, for their public media.
    Courses the student has not bought are left for them to buy.
    """
    if Payment.objects.filter(result_description=DEMO_PAYMENT).exists():
        return
    for_sale = CoursePage.objects.live().filter(
        access_level=CoursePage.AccessLevel.PURCHASE,
        availability=CoursePage.Availability.AVAILABLE,
    )
    in_dollars = list(for_sale.filter(currency="USD").order_by("path")[:2])
    in_shillings = list(for_sale.filter(currency="KES").order_by("path")[:2])

    _course_bought(student, in_dollars[0], Provider.STRIPE, days_ago=75)
    _course_bought(student, in_shillings[0], Provider.MPESA, days_ago=40)
    refunded = _course_bought(student, in_dollars[1], Provider.STRIPE, days_ago=21)
    payment_mark_refunded(payment=refunded)
    _course_purchase_cancelled(student, in_shillings[1], days_ago=2)

    student.takes_donations = True
    student.save(update_fields=["takes_donations"])
    for donor, recipient, provider, amount, message, country, days_ago in [
        (
            student,
            teacher,
            Provider.STRIPE,
            "10",
            "Thank you for the Django course!",
            "KE",
            60,
        ),
        (None, teacher, Provider.MPESA, "500", "Asante sana, mwalimu!", "KE", 33),
        (
            None,
            teacher,
            Provider.STRIPE,
            "25",
            "Your lessons got me through my exams.",
            "GB",
            9,
        ),
        (
            teacher,
            student,
            Provider.MPESA,
            "200",
            "Lovely pictures of the market!",
            "KE",
            4,
        ),
    ]:
        currency = donation_limits(provider=provider)[0]
        donation = Donation.objects.create(
            donor=donor,
            recipient=recipient,
            amount=Decimal(amount),
            currency=currency,
            message=message,
            country=country,
            provider=provider,
        )
        payment = _payment_received(donation, provider)
        donation_mark_paid(
            donation=donation,
            reference=payment.reference,
            payload=payment.payload,
            payment=payment,
        )
        _backdate(donation, days_ago)


def _course_bought(
    student: User, course: CoursePage, provider: str, *, days_ago: int
) -> Payment:
    order = _order(student, course, provider)
    payment = _payment_received(order, provider)
    # Enrolls the student, as the provider's event would.
    order_mark_paid(
        order=order,
        reference=payment.reference,
        payload=payment.payload,
        payment=payment,
    )
    _backdate(order, days_ago)
    return payment


def _course_purchase_cancelled(
    student: User, course: CoursePage, *, days_ago: int
) -> None:
    order = _order(student, course, Provider.MPESA)
    payment = Payment.objects.create(
        order=order,
        provider=Provider.MPESA,
        amount=order.total,
        currency=order.currency,
        phone_number=DEMO_PHONE,
        checkout_request_id=f"ws_CO_DEMO{order.pk:08d}",
    )
    payment_mark_failed(
        payment=payment,
        description="Request cancelled by user",
        payload=_stk_callback(payment, result_code=1032),
    )
    _backdate(order, days_ago)


def _order(student: User, course: CoursePage, provider: str) -> Order:
    # No receipt address: the demo sends no receipts for money that never moved.
    order = Order.objects.create(
        user=student, provider=provider, currency=course.currency, total=course.price
    )
    OrderItem.objects.create(
        order=order, course=course, description=course.title, amount=course.price
    )
    return order


def _payment_received(record: Payable, provider: str) -> Payment:
    """The paid payment of an order or a donation, as the provider reports it."""
    key = "order" if isinstance(record, Order) else "donation"
    payment = Payment(
        **{key: record},
        provider=provider,
        status=PaymentStatus.PAID,
        amount=record.amount_due,
        currency=record.currency,
        result_description=DEMO_PAYMENT,
    )
    if provider == Provider.MPESA:
        payment.phone_number = DEMO_PHONE
        payment.checkout_request_id = f"ws_CO_DEMO{key.upper()}{record.pk:08d}"
        payment.reference = f"DEMO{key[0].upper()}{record.pk:06d}"
        payment.payload = _stk_callback(payment, result_code=0)
    else:
        record.stripe_session_id = f"cs_test_demo_{key}_{record.pk}"
        record.save(update_fields=["stripe_session_id"])
        payment.reference = f"pi_demo_{key}_{record.pk}"
        payment.payload = {
            "id": record.stripe_session_id,
            "object": "checkout.session",
            "mode": "payment",
            "status": "complete",
            "payment_status": "paid",
            "amount_total": minor_units(payment.amount, payment.currency),
            "currency": payment.currency.lower(),
            "client_reference_id": f"{key}-{record.pk}",
            "metadata": {f"{key}_id": str(record.pk)},
            "payment_intent": payment.reference,
            "livemode": False,
        }
    payment.save()
    return payment


def _stk_callback(payment: Payment, *, result_code: int) -> dict:
    """Safaricom's STK push callback for `payment`: paid (0) or not."""
    callback = {
        "MerchantRequestID": f"DEMO-{payment.checkout_request_id}",
        "CheckoutRequestID": payment.checkout_request_id,
        "ResultCode": result_code,
        "ResultDesc": "The service request is processed successfully."
        if result_code == 0
        else "Request cancelled by user",
    }
    if result_code == 0:
        callback["CallbackMetadata"] = {
            "Item": [
                {"Name": "Amount", "Value": int(payment.amount)},
                {"Name": "MpesaReceiptNumber", "Value": payment.reference},
                {
                    "Name": "TransactionDate",
                    "Value": int(timezone.localtime().strftime("%Y%m%d%H%M%S")),
                },
                {"Name": "PhoneNumber", "Value": int(payment.phone_number)},
            ]
        }
    return {"Body": {"stkCallback": callback}}


def _backdate(record: Payable, days_ago: int) -> None:
    """Spread the demo over past months, for the revenue summary by month."""
    at = timezone.now() - timedelta(days=days_ago)
    records = type(record).objects.filter(pk=record.pk)
    records.update(created_at=at)
    records.filter(paid_at__isnull=False).update(paid_at=at)
    record.payments.update(created_at=at)
