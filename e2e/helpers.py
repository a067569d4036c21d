from playwright.sync_api import Locator, Page, Response

from members.factories import FACTORY_PASSWORD


def sign_in(page: Page, email: str, password: str = FACTORY_PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.locator("main").get_by_role("button", name="Sign In").click()


def script_errors(page: Page) -> list[tuple[float, str]]:
    """
    The 4xx/5xx answers that the page's own scripts receive, as they come,
    each with when its request was sent (milliseconds since the epoch).
    """
    errors = []

    def check(response: Response) -> None:
        request = response.request
        if request.resource_type in ("xhr", "fetch") and response.status >= 400:
            errors.append(
                (
                    request.timing["startTime"],
                    f"{request.method} {response.url}: {response.status}",
                )
            )

    page.on("response", check)
    return errors


def tab_to(page: Page, target: Locator, limit: int = 20) -> None:
    """Press Tab until `target` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} not reached in {limit} presses of Tab")
