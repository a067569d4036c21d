"""
An admin makes a coupon in the Wagtail admin; a student mistypes it, then
buys a course with it for less, and sees the discount on their order; a
second student finds it used up; the admin sees it redeemed.
"""

import pytest
import responses
from playwright.sync_api import Browser, Page, expect

from commerce.models import Coupon, Order
from commerce.tests.fakes import FakeStripe
from courses.factories import CourseIndexPageFactory
from courses.services import course_index_setup
from e2e.helpers import script_errors, sign_in
from e2e.test_commerce import course_with_lesson, expect_paid, stripe_pays
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def payment_settings(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_lectern"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_secret_for_lectern"


def buy_with_coupon(page: Page, code: str) -> None:
    buy = page.get_by_test_id("buy")
    buy.get_by_text("Have a coupon?").click()
    buy.get_by_label("Coupon code").fill(code)
    buy.get_by_role("button", name="Buy for $29.00").click()


def test_a_coupon_made_in_the_admin_lowers_a_price_at_checkout(
    page: Page, browser: Browser, live_server, home_page
):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    web, _ = course_with_lesson(index, TeacherFactory(), "Web apps", "29.00", "USD")
    errors = script_errors(page)

    admin = browser.new_context(base_url=live_server.url).new_page()
    sign_in(admin, AdminFactory().email)
    admin.goto("/admin/snippets/commerce/coupon/")
    admin.get_by_role("link", name="Add coupon").first.click()
    admin.get_by_role("textbox", name="Code").fill("spring15")
    admin.get_by_role("spinbutton", name="Percent off").fill("15")
    admin.get_by_role("spinbutton", name="Max redemptions").fill("1")
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_text("Coupon 'SPRING15' created.")).to_be_visible()

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        stripe = FakeStripe(mock, pay_at_once=True)
        sign_in(page, UserFactory(email_verified=True).email)
        page.goto(web.url)
        buy_with_coupon(page, "SPRING51")
        expect(page.get_by_role("status")).to_contain_text(
            "There is no coupon “SPRING51”."
        )
        assert not Order.objects.exists()

        buy_with_coupon(page, "spring15")
        expect(page.get_by_test_id("order-coupon")).to_have_text(
            "Coupon SPRING15: $4.35 off"
        )
        expect(page.locator("main")).to_contain_text("$24.65")
        session = stripe.sessions[-1]
        assert session["amount_total"] == 2465
        stripe_pays(page, session)
        expect_paid(page)

        other = browser.new_context(base_url=live_server.url).new_page()
        sign_in(other, UserFactory(email_verified=True).email)
        other.goto(web.url)
        buy_with_coupon(other, "SPRING15")
        expect(other.get_by_role("status")).to_contain_text(
            "This coupon has been used up."
        )
        assert len(stripe.sessions) == 1

    admin.goto("/admin/snippets/commerce/coupon/")
    row = admin.locator("table.listing tbody tr").filter(has_text="SPRING15")
    expect(row).to_contain_text("15 % off")
    expect(row.locator("td").nth(3)).to_have_text("1")
    assert Coupon.objects.get().orders.get().status == "paid"
    assert not errors
