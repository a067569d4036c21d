"""
axe-core on every public page a journey visits.

A page is checked before the journey's first action or assertion on it
(Playwright runs a locator handler then, while the page is sure to stay),
again after each HTMX swap (quiz results, inline form errors, the next
cards), before the journey goes to another address, and, for the pages still
open, when the journey ends. conftest.py watches every browser context the journeys
open and fails a journey on any serious or critical violation.
"""

from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Error, Page

AXE = Axe()
FAILING_IMPACTS = ("serious", "critical")
# The rules none of whose checks is ever more than moderate (axe-core's own
# metadata): they could never fail a journey, which fails on serious and
# critical violations only, and left running they took a fifth of axe's time.
NEVER_SERIOUS_RULES = (
    "aria-allowed-role",
    "aria-deprecated-role",
    "duplicate-id",
    "empty-table-header",
    "focus-order-semantics",
    "form-field-multiple-labels",
    "heading-order",
    "hidden-content",
    "html-xml-lang-mismatch",
    "identical-links-same-purpose",
    "image-redundant-alt",
    "landmark-banner-is-top-level",
    "landmark-complementary-is-top-level",
    "landmark-contentinfo-is-top-level",
    "landmark-main-is-top-level",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main",
    "landmark-one-main",
    "landmark-unique",
    "meta-refresh-no-exceptions",
    "meta-viewport-large",
    "no-autoplay-audio",
    "page-has-heading-one",
    "presentation-role-conflict",
    "region",
    "server-side-image-map",
    "skip-link",
    "table-duplicate-name",
)
AXE_RUN = "(options) => axe.run(options).then((results) => results.violations)"
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "rules": {rule: {"enabled": False} for rule in NEVER_SERIOUS_RULES},
}

# A document is checked once parsed, and again after each HTMX swap: the
# check marks it, a swap clears the mark. One still being parsed is left for
# later (axe would see half of it).
UNCHECKED = "html:not([data-axe-checked])"
MARK_CHECKED = """() => {
    const html = document.documentElement;
    if (!html || html.hasAttribute("data-axe-checked")) return false;
    if (document.readyState === "loading") return false;
    html.setAttribute("data-axe-checked", "");
    return document.contentType === "text/html";
}"""


# What HTMX swaps in is checked too: the document is checked again.
RECHECK_AFTER_SWAPS = """
document.addEventListener("htmx:afterSettle", () => {
    document.documentElement.removeAttribute("data-axe-checked");
});
"""


def is_public(url: str) -> bool:
    """A page of the site: not of the Wagtail admin, nor the API's docs (which
    are Wagtail's and django-ninja's Swagger UI to check)."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and not parts.path.startswith(
        ("/admin/", "/api/")
    )


class AccessibilityCheck:
    """The serious and critical axe violations on the pages of some browser contexts."""

    def __init__(self) -> None:
        self.contexts: list[BrowserContext] = []
        self.problems: list[str] = []

    def watch(self, context: BrowserContext) -> None:
        """Check the pages the journey opens in `context`."""
        self.contexts.append(context)
        context.add_init_script(RECHECK_AFTER_SWAPS)
        new_page = context.new_page

        def new_watched_page(*args, **kwargs) -> Page:
            page = new_page(*args, **kwargs)
            page.add_locator_handler(
                page.locator(UNCHECKED), lambda: self.check(page), no_wait_after=True
            )
            goto = page.goto

            def goto_after_check(*args, **kwargs):
                self.check(page)
                return goto(*args, **kwargs)

            page.goto = goto_after_check
            return page

        context.new_page = new_watched_page

    def check(self, page: Page) -> None:
        """Run axe on the document `page` shows, if public and not yet checked."""
        if page.is_closed():
            return
        try:
            page.wait_for_load_state("domcontentloaded")
            url = page.url
            if not page.evaluate(MARK_CHECKED) or not is_public(url):
                return
            violations = axe_violations(page)
        except Error as error:
            # The page's own script replaced it while it was being checked.
            if "Execution context was destroyed" in error.message:
                return
            raise
        for violation in violations:
            problem = describe(url, violation)
            # A document checked again reports what was there before again.
            if violation["impact"] in FAILING_IMPACTS and problem not in self.problems:
                self.problems.append(problem)

    def finish(self) -> None:
        """Check the pages that are still open."""
        for context in self.contexts:
            for page in context.pages:
                self.check(page)

    def report(self) -> str:
        return "Accessibility violations (axe-core):\n\n" + "\n\n".join(self.problems)


def axe_violations(page: Page) -> list[dict]:
    # axe goes into a document once: checked again after a swap, it has it
    # (injecting its half megabyte took about 0.08 s a time, a run 0.13 s).
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE.axe_script)
    try:
        return page.evaluate(AXE_RUN, AXE_OPTIONS)
    except Error as error:
        if "Axe is already running" not in error.message:
            raise
    # A run left going on this document (its caller gave up on it): let it
    # finish, then check again.
    page.wait_for_function("() => !axe._running")
    return page.evaluate(AXE_RUN, AXE_OPTIONS)


def describe(url: str, violation: dict) -> str:
    targets = "\n".join(
        f"    {selector(node['target'])}" for node in violation["nodes"]
    )
    return (
        f"{url}\n  {violation['id']} ({violation['impact']}): {violation['help']}\n"
        f"{targets}\n  {violation['helpUrl']}"
    )


def selector(target: list) -> str:
    """axe's target: selectors through frames, each a list through shadow roots."""
    return " | ".join(
        " >>> ".join(part) if isinstance(part, list) else part for part in target
    )
