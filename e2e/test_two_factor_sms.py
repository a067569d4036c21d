"""
A member with an authenticator app confirms a phone from their account
settings, then signs in with a code texted to it. Twilio is faked at the
HTTP boundary.
"""

import time

import pytest
import responses
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from playwright.sync_api import Page, expect

from e2e.helpers import sign_in
from members.factories import FACTORY_PASSWORD, UserFactory
from members.models import TwoFactorPhone
from members.tests.fakes import Twilio, twilio_settings

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SECRET = "JBSWY3DPEHPK3PXP"


def test_member_confirms_a_phone_and_signs_in_with_a_texted_code(
    page: Page, home_page, settings
):
    twilio_settings(settings)
    member = UserFactory(email="amani@example.com", display_name="Amani")
    TOTP.activate(member, SECRET)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        twilio = Twilio(mock)
        sign_in(page, member.email)
        page.get_by_label("Code").fill(
            format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))
        )
        page.locator("main").get_by_role("button", name="Sign in").click()
        expect(page.get_by_test_id("account-nav")).to_contain_text("Amani")

        page.goto("/accounts/profile/")
        page.get_by_role("navigation", name="Account settings").get_by_role(
            "link", name="Two-factor authentication"
        ).click()
        page.get_by_role("link", name="Manage").click()
        page.get_by_label("Mobile phone number").fill("0712 345 678")
        page.get_by_role("button", name="Text me a code").click()
        # Changing a second factor asks for the password once more.
        page.get_by_label("Password").fill(FACTORY_PASSWORD)
        page.locator("main").get_by_role("button", name="Confirm").click()
        expect(page.locator("main")).to_contain_text("international format")
        assert not twilio.sent

        page.get_by_label("Mobile phone number").fill("+254 712 345 678")
        page.get_by_role("button", name="Text me a code").click()
        expect(page.get_by_role("status")).to_contain_text("+254••••••678")
        page.get_by_label("Code").fill(twilio.last_code())
        page.get_by_role("button", name="Confirm phone").click()
        expect(page.get_by_role("status")).to_contain_text("Your phone is confirmed")
        expect(page.get_by_test_id("two-factor-phone")).to_have_text("+254••••••678")
        page.get_by_role("link", name="Back to two-factor authentication").click()
        expect(page.get_by_test_id("two-factor-phone")).to_have_text("+254••••••678")
        assert TwoFactorPhone.objects.get(user=member).number == "+254712345678"

        page.get_by_test_id("account-nav").get_by_role("button", name="Log out").click()
        sign_in(page, member.email)
        expect(page.get_by_test_id("masked-phone")).to_have_text("+254••••••678")
        page.get_by_role("button", name="Text me a code").click()
        expect(page.get_by_role("status")).to_contain_text(
            "We sent a code to +254••••••678"
        )
        assert [message["To"] for message in twilio.sent] == ["+254712345678"] * 2
        page.get_by_label("Code").fill(twilio.last_code())
        page.locator("main").get_by_role("button", name="Sign in").click()

    expect(page.get_by_test_id("account-nav")).to_contain_text("Amani")
