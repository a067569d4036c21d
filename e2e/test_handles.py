"""A member's @handle: given at sign-up, changed in the profile settings."""

import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import confirm_email
from members.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-unusual-passphrase"


def test_member_signs_up_then_chooses_a_handle_others_see(page: Page, home_page):
    UserFactory(handle="Kamau")
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("kamau@example.com")
    page.get_by_label("Display name").fill("Kamaú")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    confirm_email(page)

    page.goto("/accounts/profile/")
    handle = page.get_by_label("Handle")
    expect(handle).to_have_value("kamau2")
    expect(page.get_by_role("main")).to_contain_text("Others mention you as @handle.")

    handle.fill("KAMAU")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("main")).to_contain_text(
        "@KAMAU is taken: choose another handle."
    )
    page.get_by_label("Handle").fill("kamaú!")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("main")).to_contain_text(
        "A handle is 3 to 30 characters: letters A to Z without accents, "
        "digits and underscores."
    )

    page.get_by_label("Handle").fill("@Kamau_Maps")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status")).to_contain_text("Your profile has been saved")
    expect(page.get_by_label("Handle")).to_have_value("Kamau_Maps")
    page.get_by_role("link", name="See your public profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kamaú")
    expect(page.get_by_role("main")).to_contain_text("@Kamau_Maps")
