from playwright.sync_api import Page

from members.factories import FACTORY_PASSWORD


def sign_in(page: Page, email: str, password: str = FACTORY_PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.locator("main").get_by_role("button", name="Sign In").click()
