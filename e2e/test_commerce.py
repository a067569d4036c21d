import json
import re
from decimal import Decimal

import pytest
import responses
from playwright.sync_api import Browser, Page, expect

from commerce.models import Donation, Payment, Plan
from commerce.tests.fakes import (
    FakeDaraja,
    FakeStripe,
    completed_session,
    signature,
    stk_callback,
    stripe_event,
)
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.services import course_index_setup
from e2e.helpers import sign_in
from media_library.factories import MediaAssetFactory, review
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@pytest.fixture(autouse=True)
def payment_settings(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_lectern"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_secret_for_lectern"
    settings.MPESA_CONSUMER_KEY = "daraja-key"
    settings.MPESA_CONSUMER_SECRET = "daraja-secret"
    settings.MPESA_PASSKEY = "passkey"


def course_with_lesson(index, teacher, title: str, price: str, currency: str):
    course = CoursePageFactory(
        parent=index,
        owner=teacher,
        title=title,
        access_level="purchase",
        price=Decimal(price),
        currency=currency,
    )
    lesson = LessonPageFactory(
        parent=ModulePageFactory(parent=course, owner=teacher),
        owner=teacher,
        title=f"{title}: the first lesson",
        body=[("paragraph", f"<p>Inside {title}.</p>")],
    )
    return course, lesson


def stripe_pays(page: Page, session: dict) -> None:
    """Stripe's webhook for a completed checkout, signed with the test secret."""
    stripe_sends(
        page, stripe_event("checkout.session.completed", completed_session(session))
    )


def stripe_sends(page: Page, event: dict) -> None:
    """A webhook, signed with the test secret: Stripe hears 200 either way."""
    payload = json.dumps(event)
    response = page.request.post(
        "/payments/stripe/webhook/",
        data=payload,
        headers={
            "Content-Type": "application/json",
            "Stripe-Signature": signature(payload),
        },
    )
    assert response.status == 200


def donate_by_mpesa(page: Page, daraja: FakeDaraja, amount: int) -> None:
    """
    On a donation form with M-Pesa chosen: the phone is asked, Safaricom
    calls back, the page says the donation was received.
    """
    page.get_by_label("Amount").fill(str(amount))
    page.get_by_label("Billing country").select_option("KE")
    page.get_by_label("M-Pesa phone number").fill("0712 345 678")
    page.get_by_role("button", name="Donate").click()
    expect(page.get_by_test_id("payment-status")).to_contain_text("Check your phone")
    assert daraja.pushes[-1]["Amount"] == amount
    payment = Payment.objects.filter(provider="mpesa").latest("created_at")
    callback = page.request.post(
        f"/payments/mpesa/callback/{payment.callback_token}/",
        data=json.dumps(stk_callback(amount=amount)),
        headers={"Content-Type": "application/json"},
    )
    assert callback.status == 200
    expect_paid(page)


def expect_paid(page: Page) -> None:
    status = page.get_by_test_id("payment-status")
    # The page asks again every two seconds until the webhook has come.
    expect(status).to_contain_text("Payment received", timeout=15_000)


def test_a_student_buys_a_course_and_a_plan_and_donates_by_card_and_mpesa(
    page: Page, browser: Browser, live_server, home_page
):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory(email_verified=True, display_name="Tom Teacher")
    web, web_lesson = course_with_lesson(index, teacher, "Web apps", "29.00", "USD")
    _, physics_lesson = course_with_lesson(index, teacher, "Physics", "1500.00", "KES")
    Plan.objects.create(
        name="All access",
        price=Decimal("12.00"),
        currency="USD",
        interval="month",
        all_purchase_courses=True,
        stripe_price_id="price_1QAllAccessMonthly",
    )
    student = UserFactory(email_verified=True)

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        stripe = FakeStripe(mock, pay_at_once=True)
        daraja = FakeDaraja(mock)
        sign_in(page, student.email)

        # A course by card: back from Checkout, the page waits for the webhook.
        page.goto(web.url)
        page.get_by_role("button", name="Buy for $29.00").click()
        expect(page.get_by_test_id("payment-status")).to_contain_text("Confirming")
        # The order's address cannot be guessed by counting.
        expect(page).to_have_url(re.compile(rf"/payments/orders/{UUID}/$"))
        stripe_pays(page, stripe.sessions[-1])
        expect_paid(page)
        page.get_by_role("link", name="Start Web apps").click()
        expect(page.get_by_test_id("enrollment")).to_contain_text("You are enrolled")
        page.goto(web_lesson.url)
        expect(page.get_by_text("Inside Web apps.")).to_be_visible()

        # A plan: every purchase course opens, the KES one included.
        page.goto(physics_lesson.url)
        expect(page.get_by_text("Inside Physics.")).to_have_count(0)
        page.goto("/payments/plans/")
        page.get_by_role("button", name="Choose All access").click()
        stripe_pays(page, stripe.sessions[-1])
        expect_paid(page)
        page.goto(physics_lesson.url)
        expect(page.get_by_text("Inside Physics.")).to_be_visible()

        # A donation by card, from the teacher's profile.
        page.goto(teacher.get_absolute_url())
        page.get_by_test_id("donate").click()
        page.get_by_label("Card (Stripe)").check()
        page.get_by_label("Amount").fill("5")
        page.get_by_label("Message").fill("Thank you for the lessons!")
        page.get_by_label("Billing country").select_option("KE")
        page.get_by_role("button", name="Donate").click()
        expect(page).to_have_url(re.compile(rf"/payments/donations/{UUID}/$"))
        stripe_pays(page, stripe.sessions[-1])
        expect_paid(page)

        # A donation by M-Pesa: the phone is asked, Safaricom calls back.
        page.goto(teacher.get_absolute_url())
        page.get_by_test_id("donate").click()
        page.get_by_label("M-Pesa", exact=True).check()
        donate_by_mpesa(page, daraja, 500)

    assert Donation.objects.filter(status="paid").count() == 2
    # A signed event naming no order of ours is acknowledged, and kept.
    spoilt = completed_session(stripe.sessions[0], metadata={"order_id": "abc"})
    stripe_sends(page, stripe_event("checkout.session.completed", spoilt))

    # An admin sees it all in the Wagtail admin.
    admin_page = browser.new_context(base_url=live_server.url).new_page()
    sign_in(admin_page, AdminFactory().email)
    admin_page.goto("/admin/commerce/order/")
    expect(admin_page.locator("table.listing tbody tr")).to_have_count(2)
    admin_page.goto("/admin/commerce/donation/")
    expect(admin_page.locator("main")).to_contain_text("Thank you for the lessons!")
    admin_page.goto("/admin/commerce/revenue/")
    expect(admin_page.get_by_test_id("revenue-by-course")).to_contain_text("Web apps")
    expect(admin_page.get_by_test_id("revenue-by-provider")).to_contain_text("mpesa")
    admin_page.get_by_role("button", name="Payments").click()
    admin_page.get_by_role("link", name="Provider events").click()
    expect(admin_page.locator("main")).to_contain_text(
        "Its metadata order_id is not one of our ids: 'abc'."
    )


def test_a_member_takes_donations_and_is_given_one_from_their_media_page(
    page: Page, browser: Browser, live_server
):
    member = UserFactory(email_verified=True, display_name="Mia Maker")
    asset = MediaAssetFactory(owner=member, title="Market at dawn", visibility="public")
    review(asset)
    donor = UserFactory(email_verified=True, display_name="Dan Donor")

    sign_in(page, member.email)
    page.goto("/accounts/profile/")
    page.get_by_label("Take donations").check()
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status")).to_be_visible()

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        daraja = FakeDaraja(mock)
        giver = browser.new_context(base_url=live_server.url).new_page()
        sign_in(giver, donor.email)
        giver.goto(asset.get_absolute_url())
        giver.get_by_test_id("donate").click()
        expect(giver.get_by_role("heading", level=1)).to_have_text(
            "Donate to Mia Maker"
        )
        giver.get_by_label("M-Pesa", exact=True).check()
        giver.get_by_label("Message").fill("Lovely light!")
        donate_by_mpesa(giver, daraja, 200)

    page.reload()
    page.get_by_test_id("account-nav").get_by_text("Mia Maker").click()
    page.get_by_role("link", name="Donations received").click()
    expect(page.get_by_test_id("donation-totals")).to_contain_text("KES 200")
    received = page.get_by_test_id("donations-received")
    expect(received).to_contain_text("Dan Donor")
    expect(received).to_contain_text("“Lovely light!”")
