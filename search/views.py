from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers

from wagtail.contrib.search_promotions.models import Query

from courses.viewer import viewer_from_request

from .forms import QueryForm, SearchForm
from .selectors import (
    RESULT_TYPES,
    search_promotion_list,
    search_result_lists,
    search_results,
)

RESULTS_PER_PAGE = 20
# Each type's best results when the search shows every type at once.
RESULTS_PER_TYPE = 4
SUGGESTIONS_PER_TYPE = 3


def search_page(request: HttpRequest) -> HttpResponse:
    """
    The site search: every type of result, a few of each with their
    counts; or one type, paged, the next page loaded as the list scrolls.
    HTMX asks for the results again as the form changes (its target), and
    for the next page as the list scrolls.
    """
    htmx = request.htmx if not request.htmx.history_restore_request else None
    scrolling = bool(htmx) and htmx.target != "search-results"
    form = SearchForm(request.GET or None)
    context = {"form": form, "query": "", "sections": [], "promotions": []}
    status = 200
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        context["query"] = query = data["q"]
        context["result_type"] = result_type = data["type"]
        lists = search_result_lists(
            viewer=viewer_from_request(request),
            query=query,
            result_type=result_type,
            subject=data["subject"],
            access_level=data["access_level"],
            teacher=data["teacher"],
            sort=data["sort"],
        )
        if result_type:
            # Empty when the filters rule the type out (media have no access level).
            page = Paginator(lists.get(result_type, []), RESULTS_PER_PAGE).get_page(
                request.GET.get("page")
            )
            context["sections"].append((result_type, page.paginator.count, page))
        else:
            context["sections"] = [
                (type_name, results.count(), results[:RESULTS_PER_TYPE])
                for type_name, results in lists.items()
            ]
        if not scrolling:
            context["promotions"] = search_promotion_list(query=query)
        if not request.htmx and not request.GET.get("page"):
            # The query log behind the admin's "Search terms" report:
            # searches sent, not every word typed as the results follow.
            Query.get(query).add_hit()
    elif form.errors:
        status = 400
    if scrolling:
        template = "search/partials/result_page.html"
        context["results"] = context["sections"][0][2] if context["sections"] else []
    elif htmx:
        template = "search/partials/results.html"
    else:
        template = "search/search_page.html"
    response = TemplateResponse(request, template, context, status=status)
    patch_vary_headers(
        response, ["HX-Request", "HX-Target", "HX-History-Restore-Request"]
    )
    return response


def search_suggestions(request: HttpRequest) -> HttpResponse:
    """Titles that start with what is typed in a search box, as it is typed."""
    viewer = viewer_from_request(request)
    form = QueryForm({"q": request.GET.get("q", "")})
    suggestions = []
    if form.is_valid() and form.cleaned_data["q"]:
        for type_name in RESULT_TYPES:
            results = search_results(
                viewer=viewer, query=form.cleaned_data["q"], result_type=type_name
            )
            suggestions += [
                (type_name, result) for result in results[:SUGGESTIONS_PER_TYPE]
            ]
    return TemplateResponse(
        request,
        "search/partials/suggestions.html",
        {"suggestions": suggestions, "query": form.data["q"]},
    )
