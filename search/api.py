"""
The REST API's site search (mounted in portal/api.py): what the search page
finds, through the same form, selectors and snippets, so that nobody finds
through the API what the page would not show them.
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse

from wagtail.contrib.search_promotions.models import Query as SearchQueryLog

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from courses.models import CoursePage
from courses.viewer import viewer_from_api_request
from members.api_base import PagePagination, optional_token_auth, responses

from .forms import QUERY_MAX_LENGTH, SearchForm
from .selectors import RESULT_TYPES, search_result_lists
from .templatetags.search_tags import search_snippet

router = Router(tags=["search"])

# The API resource of each type of result that has one.
API_URL_NAMES = {
    "course": "api:course_detail",
    "lesson": "api:lesson_detail",
    "media": "api:media_detail",
    "post": "api:community_post_detail",
}


class SearchIn(Schema):
    # Plain strings, checked by the page's own form: a search too long is a
    # 400 with the page's message, and a filter it does not know is left
    # out, as links to searches outlive the subjects and teachers they name.
    q: str = Field(
        "",
        description=f"What to look for, at most {QUERY_MAX_LENGTH} characters. "
        "Nothing is found when it has no words.",
    )
    type: str = Field(
        "",
        description="One type of result: " + ", ".join(RESULT_TYPES) + ". "
        "Every type, one after the other, when empty or unknown.",
    )
    subject: str = Field("", description="A subject's slug.")
    access_level: str = Field(
        "",
        description="Courses and lessons of one access level "
        f"({', '.join(CoursePage.AccessLevel.values)}); rules out media, posts "
        "and people.",
    )
    teacher: str = Field(
        "",
        description="A teacher's id: their courses and lessons, the media "
        "they uploaded, the posts they wrote.",
    )
    sort: str = Field("relevance", description="relevance or newest.")


class SearchResultOut(Schema):
    type: str = Field(examples=["lesson"])
    id: int
    title: str
    snippet: str = Field(
        description="HTML: the result's text around the first word searched, "
        "escaped, the words searched marked with <mark>. Only text the "
        "searcher may read; empty when there is none.",
    )
    html_url: str
    url: str | None = Field(
        description="The result in the API; null for people, who have none."
    )


class SearchHits:
    """
    The results of each type in turn as one list, counted and sliced a page
    at a time, as PagePagination does with one search's results.
    """

    def __init__(self, request: HttpRequest, query: str, lists: dict) -> None:
        self.request = request
        self.query = query
        self.lists = [
            (name, results, results.count()) for name, results in lists.items()
        ]

    def count(self) -> int:
        return sum(count for _name, _results, count in self.lists)

    def __getitem__(self, window: slice) -> list[dict]:
        hits, start, stop = [], window.start, window.stop
        for type_name, results, count in self.lists:
            if start < count and stop > 0:
                hits += [
                    search_hit(self.request, type_name, result, self.query)
                    for result in results[max(start, 0) : min(stop, count)]
                ]
            start, stop = start - count, stop - count
        return hits


def search_hit(request: HttpRequest, type_name: str, result, query: str) -> dict:
    """One result as the page shows it: its title, snippet and links."""
    match type_name:
        case "course":
            item, title, html_url = result, result.title, result.get_url(request)
        case "lesson":
            # A lesson's search text (the version the searcher may read).
            item, title = result.lesson, result.title
            html_url = item.get_url(request)
        case "person":
            item, title, html_url = result, result.name, result.get_absolute_url()
        case _:
            item, title, html_url = result, result.title, result.get_absolute_url()
    api_url_name = API_URL_NAMES.get(type_name)
    return {
        "type": type_name,
        "id": item.pk,
        "title": title,
        "snippet": search_snippet(result, query),
        "html_url": request.build_absolute_uri(html_url),
        "url": request.build_absolute_uri(reverse(api_url_name, args=[item.pk]))
        if api_url_name
        else None,
    }


@router.get(
    "",
    response=responses({200: list[SearchResultOut]}),
    auth=optional_token_auth,
    url_name="search",
)
@paginate(PagePagination)
def search(request: HttpRequest, filters: Query[SearchIn]) -> SearchHits | list:
    """
    The site search: courses, lessons, media, posts and teachers that match
    `q` and that the searcher may see, best match first (or newest), one
    type or every type in turn. Lessons the searcher may not read are found
    by their title and summary only.
    """
    form = SearchForm(filters.dict())
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    data = form.cleaned_data
    if not data["q"]:
        return []
    lists = search_result_lists(
        viewer=viewer_from_api_request(request),
        query=data["q"],
        result_type=data["type"],
        subject=data["subject"],
        access_level=data["access_level"],
        teacher=data["teacher"],
        sort=data["sort"],
    )
    if not request.GET.get("page"):
        # The admin's "Search terms" report, as the page logs: searches
        # sent, not each further page.
        SearchQueryLog.get(data["q"]).add_hit()
    return SearchHits(request, data["q"], lists)
