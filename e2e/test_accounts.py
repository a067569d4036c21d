import pytest
from playwright.sync_api import Page, expect

from members.factories import UserFactory
from members.models import User

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_visitor_signs_up_logs_out_and_logs_back_in(page: Page, home_page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(home_page.hero_title)
    nav = page.get_by_test_id("account-nav")

    nav.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill("amina@example.com")
    page.get_by_label("Display name").fill("Amina Yusuf")
    page.get_by_label("Password", exact=True).fill("a-long-unusual-passphrase")
    page.get_by_label("Password (again)").fill("a-long-unusual-passphrase")
    page.get_by_role("button", name="Sign Up").click()

    expect(page.get_by_role("status")).to_contain_text(
        "Confirmation email sent to amina@example.com"
    )
    expect(nav).to_contain_text("Amina Yusuf")
    assert User.objects.get(email="amina@example.com").role == User.Role.STUDENT

    nav.get_by_role("button", name="Log out").click()
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()

    nav.get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill("amina@example.com")
    page.get_by_label("Password").fill("a-long-unusual-passphrase")
    page.get_by_role("button", name="Sign In").click()

    expect(nav.get_by_role("button", name="Log out")).to_be_visible()
    expect(nav).to_contain_text("Amina Yusuf")


def test_site_is_styled(page: Page, home_page):
    page.goto("/")

    background = page.locator("body").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    # Tailwind's stone-50, not the browser's default white.
    assert background not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")


def test_wrong_password_is_refused_with_a_message(page: Page, home_page):
    UserFactory(email="kofi@example.com")

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("kofi@example.com")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign In").click()

    expect(page.get_by_role("alert")).to_contain_text("not correct")
    expect(
        page.get_by_test_id("account-nav").get_by_role("link", name="Log in")
    ).to_be_visible()
