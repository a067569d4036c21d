"""Commerce records for tests: plans, memberships, orders, payments, donations."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

import factory

from members.factories import TeacherFactory, UserFactory

from .models import Donation, Membership, Order, OrderItem, Payment, Plan, Provider


class PlanFactory(factory.django.DjangoModelFactory):
    """A plan paid once that lasts a term; `courses` sets what it unlocks."""

    name = factory.Sequence(lambda n: f"Plan {n}")
    price = Decimal("40.00")
    currency = "USD"
    duration_days = 120

    class Meta:
        model = Plan
        skip_postgeneration_save = True

    @factory.post_generation
    def courses(plan, create, extracted, **kwargs):
        if create and extracted:
            plan.courses.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    """A current membership of a plan."""

    user = factory.SubFactory(UserFactory)
    plan = factory.SubFactory(PlanFactory)
    current_period_end = factory.LazyFunction(
        lambda: timezone.now() + timedelta(days=120)
    )

    class Meta:
        model = Membership


class OrderFactory(factory.django.DjangoModelFactory):
    """A card order of the user's, pending until a test says otherwise."""

    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda order: order.user.email if order.user else "")
    provider = Provider.STRIPE
    total = Decimal("29.00")
    currency = "USD"

    class Meta:
        model = Order


class OrderItemFactory(factory.django.DjangoModelFactory):
    """What an order sold, at the order's total: pass `course` or `plan`."""

    order = factory.SubFactory(OrderFactory)
    description = factory.Sequence(lambda n: f"Course {n}")
    amount = factory.LazyAttribute(lambda item: item.order.total)

    class Meta:
        model = OrderItem


class DonationFactory(factory.django.DjangoModelFactory):
    """A card donation to a teacher, from nobody signed in unless `donor` says."""

    recipient = factory.SubFactory(TeacherFactory)
    amount = Decimal("5.00")
    currency = "USD"
    provider = Provider.STRIPE

    class Meta:
        model = Donation


class PaymentFactory(factory.django.DjangoModelFactory):
    """
    The payment of an order (or, with `order=None, donation=...`, of a
    donation) for its whole amount, through its provider.
    """

    order = factory.SubFactory(OrderFactory)
    donation = None
    provider = factory.LazyAttribute(lambda payment: _paid_for(payment).provider)
    amount = factory.LazyAttribute(lambda payment: _paid_for(payment).amount_due)
    currency = factory.LazyAttribute(lambda payment: _paid_for(payment).currency)

    class Meta:
        model = Payment


def _paid_for(payment) -> Order | Donation:
    return payment.order or payment.donation
