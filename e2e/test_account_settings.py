import re
import time
from io import BytesIO

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from PIL import Image
from playwright.sync_api import Page, expect

from e2e.helpers import confirm_email, sign_in
from members.factories import UserFactory
from members.models import User

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-unusual-passphrase"


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_new_member_verifies_email_and_turns_on_two_factor(page: Page, home_page):
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("wanjiku@example.com")
    page.get_by_label("Display name").fill("Wanjiku")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()

    confirm_email(page)

    page.goto("/accounts/2fa/totp/activate/")
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Confirm").click()
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.locator("main")).to_contain_text("Recovery Codes")

    page.get_by_test_id("account-nav").get_by_role("button", name="Log out").click()
    sign_in(page, "wanjiku@example.com", PASSWORD)
    expect(page.get_by_test_id("masked-email")).to_have_text("w***@e***.com")
    page.get_by_label("Code").fill(totp_code(secret))
    page.locator("main").get_by_role("button", name="Sign in").click()

    expect(page.get_by_test_id("account-nav")).to_contain_text("Wanjiku")


def test_member_sets_an_avatar_and_sees_it_on_their_profile(page: Page, home_page):
    user = UserFactory(password=PASSWORD, display_name="Juma")
    sign_in(page, user.email, PASSWORD)
    buffer = BytesIO()
    Image.new("RGB", (640, 480), "orange").save(buffer, "JPEG")

    page.goto("/accounts/profile/")
    page.get_by_label("Avatar").set_input_files(
        {"name": "juma.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}
    )
    page.get_by_label("Bio", exact=True).fill("Loves geography.")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status")).to_contain_text("Your profile has been saved")

    page.get_by_role("link", name="See your public profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Juma")
    avatar = page.locator("main img").first
    expect(avatar).to_have_attribute("src", re.compile(r"/media/avatars/\w+\.jpg"))
    assert avatar.evaluate("img => img.naturalWidth") == 400


def test_member_schedules_deletion_then_keeps_the_account(page: Page, home_page):
    user = UserFactory(password=PASSWORD)
    sign_in(page, user.email, PASSWORD)

    page.goto("/accounts/delete/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account in 30 days").click()
    expect(page.get_by_test_id("deletion-countdown")).to_contain_text("30 days left")
    expect(page.get_by_test_id("deletion-banner")).to_be_visible()

    page.get_by_test_id("deletion-countdown").get_by_role(
        "button", name="Keep my account"
    ).click()

    expect(page.get_by_test_id("deletion-banner")).to_have_count(0)
    assert User.objects.get(pk=user.pk).deletion_due_at is None
