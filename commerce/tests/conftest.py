"""Payments with Stripe and Daraja faked at their HTTP boundary (see fakes.py)."""

from decimal import Decimal

import pytest
import responses

from commerce.factories import PlanFactory
from commerce.models import Plan
from commerce.tests.fakes import (
    WEBHOOK_SECRET,
    FakeDaraja,
    FakeStripe,
    completed_session,
    send_event,
    stripe_event,
)
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.services import course_index_setup
from members.factories import TeacherFactory, UserFactory


@pytest.fixture(autouse=True)
def payment_settings(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_lectern"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.MPESA_CONSUMER_KEY = "daraja-key"
    settings.MPESA_CONSUMER_SECRET = "daraja-secret"
    settings.MPESA_PASSKEY = (
        "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919"
    )
    settings.MPESA_SHORTCODE = "174379"
    settings.MPESA_ENVIRONMENT = "sandbox"


@pytest.fixture
def teacher(db):
    return TeacherFactory(email_verified=True)


@pytest.fixture
def buyer(db):
    return UserFactory(email_verified=True)


@pytest.fixture
def catalog(home_page):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    return index


@pytest.fixture
def paid_course(catalog, teacher):
    return course_on_sale(catalog, teacher, "Web development", "29.00", "USD")


@pytest.fixture
def kes_course(catalog, teacher):
    return course_on_sale(catalog, teacher, "Physics", "1500.00", "KES")


def course_on_sale(catalog, teacher, title: str, price: str, currency: str):
    course = CoursePageFactory(
        parent=catalog,
        owner=teacher,
        title=title,
        access_level="purchase",
        price=Decimal(price),
        currency=currency,
    )
    module = ModulePageFactory(parent=course, owner=teacher)
    LessonPageFactory(parent=module, owner=teacher, title="Lesson one")
    return course


@pytest.fixture
def monthly_plan(db):
    return Plan.objects.create(
        name="All access",
        price=Decimal("12.00"),
        currency="USD",
        interval=Plan.Interval.MONTH,
        all_purchase_courses=True,
        stripe_price_id="price_1QAllAccessMonthly",
    )


@pytest.fixture
def term_plan(db):
    return PlanFactory(name="One term", all_purchase_courses=True)


@pytest.fixture
def fake_stripe():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield FakeStripe(mock)


@pytest.fixture
def daraja():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield FakeDaraja(mock)


def buy(client, buyer, course):
    client.force_login(buyer)
    return client.post(f"/payments/courses/{course.pk}/buy/")


def pay(client, session: dict, **changes) -> dict:
    paid = completed_session(session, **changes)
    assert (
        send_event(client, stripe_event("checkout.session.completed", paid)).status_code
        == 200
    )
    return paid


def buy_plan(client, buyer, plan):
    client.force_login(buyer)
    return client.post(f"/payments/plans/{plan.pk}/buy/")
