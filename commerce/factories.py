from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

import factory

from members.factories import UserFactory

from .models import Membership, Plan


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
