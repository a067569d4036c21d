import re

from django.core import mail

import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import confirm_email, sign_in
from members.factories import TeacherFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-unusual-passphrase"


def test_visitor_signs_up_with_a_name_and_is_known_by_it(page: Page, home_page):
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("amina@example.com")
    page.get_by_label("Display name").fill("   ")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("main")).to_contain_text(
        "Enter your name: it is how others see you on Lectern."
    )
    assert not mail.outbox

    page.get_by_label("Display name").fill("  Amina Yusuf ")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    confirm_email(page)

    nav = page.get_by_test_id("account-nav")
    expect(nav).to_contain_text("Amina Yusuf")
    page.goto("/accounts/profile/")
    expect(page.get_by_label("Display name")).to_have_value("Amina Yusuf")
    expect(page.get_by_role("main")).to_contain_text(
        "Others see this name wherever you appear: on your profile, "
        "in courses and in chats."
    )
    page.get_by_role("link", name="See your public profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amina Yusuf")


def test_a_member_who_never_gave_a_name_is_not_numbered(page: Page, home_page):
    nameless = TeacherFactory(first_name="", last_name="", display_name="")

    page.goto(f"/people/{nameless.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Unnamed member")
    main = page.get_by_role("main")
    expect(main).not_to_contain_text(re.compile(r"Member \d"))
    expect(main).not_to_contain_text(nameless.email)

    sign_in(page, nameless.email)
    nav = page.get_by_test_id("account-nav")
    expect(nav).to_contain_text("Unnamed member")
    page.goto("/accounts/profile/")
    page.get_by_label("Display name").fill("Tamu Otieno")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status")).to_contain_text("Your profile has been saved")
    expect(nav).to_contain_text("Tamu Otieno")
