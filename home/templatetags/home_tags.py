from dataclasses import dataclass

from django import template
from django.http import HttpRequest
from django.urls import reverse

from courses.published import published_memo, site_for_request
from home.models import LegalPages
from home.selectors import catalog_get
from members.selectors import user_takes_donations

register = template.Library()


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    # For aria-current: "page" on the page itself, "true" elsewhere in its section.
    current: str = ""


def nav_link(label: str, url: str, path: str) -> NavLink:
    if path == url:
        return NavLink(label, url, "page")
    if path.startswith(url):
        return NavLink(label, url, "true")
    return NavLink(label, url)


@register.simple_tag(takes_context=True)
def site_sections(context) -> list[NavLink]:
    """The header's sections for this visitor, the one they are in marked."""
    request = context.get("request")
    if request is None:
        # The server error page renders without a request, or a database.
        return []
    signed_in = request.user.is_authenticated
    links = []
    if catalog_url := published_memo(
        ("catalog-url", _site_key(request)), lambda: _catalog_url(request)
    ):
        links.append(("Courses", catalog_url))
    if signed_in:
        links.append(("My learning", reverse("courses:my_learning")))
    links.append(("Media", reverse("media_library:dashboard")))
    links.append(("Community", reverse("community:feed")))
    if signed_in:
        links.append(("Chats", reverse("chat:my_chats")))
    return [nav_link(label, url, request.path) for label, url in links]


@register.simple_tag(takes_context=True)
def account_links(context) -> list[NavLink]:
    """The signed-in visitor's own pages, for the account menu."""
    request = context["request"]
    user = request.user
    links = [
        ("Profile and settings", reverse("members:profile_edit")),
        ("My media", reverse("media_library:mine")),
    ]
    if user.role == user.Role.TEACHER:
        links.append(("Students' media", reverse("media_library:students")))
    if user_takes_donations(user=user):
        links.append(("Donations received", reverse("commerce:donations_received")))
    if user.has_perm("wagtailadmin.access_admin"):
        links.append(("Admin", reverse("wagtailadmin_home")))
    return [nav_link(label, url, request.path) for label, url in links]


@register.simple_tag(takes_context=True)
def footer_links(context) -> list[NavLink]:
    """The site's legal pages and contact page, those published."""
    request = context.get("request")
    if request is None:
        # The server error page renders without a request, or a database.
        return []
    links = published_memo(
        ("footer-links", _site_key(request)), lambda: _footer_links(request)
    )
    return [nav_link(label, url, request.path) for label, url in links]


def _site_key(request: HttpRequest) -> int | None:
    site = site_for_request(request)
    return site.pk if site else None


def _catalog_url(request: HttpRequest) -> str:
    catalog = catalog_get(request)
    return (catalog and catalog.get_url(request)) or ""


def _footer_links(request: HttpRequest) -> tuple[tuple[str, str], ...]:
    legal = LegalPages.for_request(request)
    links = [
        ("Privacy policy", legal.privacy_policy),
        ("Terms of use", legal.terms),
        ("Contact us", legal.contact),
    ]
    return tuple(
        (label, url)
        for label, page in links
        if page is not None and page.live and (url := page.get_url(request))
    )
