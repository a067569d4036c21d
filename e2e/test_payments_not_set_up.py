import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from commerce.models import Plan
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.services import course_index_setup
from e2e.helpers import script_errors, sign_in
from members.factories import AdminFactory, TeacherFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NOT_SET_UP = "Payments are not set up on this site yet."


@pytest.fixture(autouse=True)
def no_payment_keys(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""
    settings.MPESA_CONSUMER_KEY = ""


def test_a_visitor_is_told_payments_are_not_set_up_and_an_admin_where_to_set_them(
    page: Page, home_page
):
    index = CourseIndexPageFactory(parent=home_page, title="Courses")
    course_index_setup(index=index)
    teacher = TeacherFactory(display_name="Tom Teacher")
    course = CoursePageFactory(
        parent=index,
        owner=teacher,
        title="Web apps",
        access_level="purchase",
        price=Decimal("29.00"),
        currency="USD",
    )
    LessonPageFactory(parent=ModulePageFactory(parent=course, owner=teacher))
    Plan.objects.create(
        name="All access",
        price=Decimal("12.00"),
        currency="USD",
        interval="month",
        all_purchase_courses=True,
        stripe_price_id="price_1QAllAccessMonthly",
    )
    errors = script_errors(page)

    # A visitor finds the paid course: it says so once, with nothing to press.
    page.goto(index.url)
    page.get_by_role("link", name="Web apps").first.click()
    buy_box = page.get_by_test_id("enrollment")
    expect(buy_box).to_contain_text(NOT_SET_UP)
    expect(page.get_by_text(NOT_SET_UP)).to_have_count(1)
    expect(buy_box.get_by_role("button")).to_have_count(0)
    expect(buy_box.get_by_role("link")).to_have_count(0)
    expect(buy_box).not_to_contain_text("STRIPE_SECRET_KEY")

    # The plans are there to read, but none can be chosen.
    page.goto("/payments/plans/")
    expect(page.get_by_test_id("plans")).to_contain_text("All access")
    expect(page.get_by_text(NOT_SET_UP)).to_have_count(1)
    expect(page.get_by_role("button", name=re.compile("Choose"))).to_have_count(0)

    # Nor is there a way to donate to the teacher.
    page.goto(teacher.get_absolute_url())
    expect(page.get_by_role("heading", name="Tom Teacher")).to_be_visible()
    expect(page.get_by_role("link", name="Donate to the creator")).to_have_count(0)

    # An admin is shown what to configure.
    sign_in(page, AdminFactory(email_verified=True).email)
    page.goto("/payments/plans/")
    hint = page.get_by_test_id("payments-not-set-up")
    expect(hint).to_contain_text(NOT_SET_UP)
    expect(hint).to_contain_text("STRIPE_SECRET_KEY")
    expect(hint).to_contain_text("MPESA_CONSUMER_KEY")
    expect(page.get_by_role("button", name=re.compile("Choose"))).to_have_count(0)

    # The hint leads to the admin's Payment setup: each provider, what it
    # lacks, and the webhook address Stripe will need.
    hint.get_by_role("link", name="See what is missing in Payment setup").click()
    expect(page.get_by_role("heading", name="Payment setup")).to_be_visible()
    providers = page.get_by_test_id("provider-setup")
    expect(providers).to_have_count(2)
    for provider in (providers.first, providers.last):
        expect(provider).to_contain_text("Not set up")
    expect(providers.first).to_contain_text("STRIPE_WEBHOOK_SECRET")
    expect(providers.first).to_contain_text("/payments/stripe/webhook/")
    expect(providers.last).to_contain_text("MPESA_PASSKEY")
    assert not errors
