from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from wagtail.models import Page, Site
from wagtail.views import serve as wagtail_serve

from courses.published import published_memo, request_host


class PublishedRoutesMiddleware:
    """
    Routes requests for Wagtail's pages from what this process keeps for
    the current generation of published content (courses/published.py):
    the site and the page (with the parents routing went through) that a
    host and path lead to, instead of a query for the site and one or two
    for each level of the tree. Each request gets its own copy. Who may see
    the page is decided for each request after routing, as before: view
    restrictions, a course's access rules.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if view_func is not wagtail_serve:
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        key = ("route", *request_host(request), path)
        routed = published_memo(key, lambda: self.route(request, path))
        if routed is not None:
            request._wagtail_site, request._wagtail_route_for_request = routed
        return None

    @staticmethod
    def route(request: HttpRequest, path: str) -> tuple | None:
        """The site and route of `path`; None if no page is there."""
        route = Page.route_for_request(request, path)
        if route is None:
            return None
        return Site.find_for_request(request), route
