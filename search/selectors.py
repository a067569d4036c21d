"""
The site search: courses, lessons, media, posts and people, each list
asking the rules of its own app (courses.access through the courses
selectors, media_library.access, community.access) what the searcher may
find. Nothing here decides who may see what.
"""

from django.db.models import QuerySet

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from community.access import post_list_visible_to
from community.models import Status
from courses.models import CoursePage, Subject
from courses.searching import search_or_autocomplete
from courses.selectors import lesson_search_text_list
from courses.viewer import Viewer
from media_library.access import asset_list_visible_to
from members.models import User

# Each type of result, with its name for one and for many.
RESULT_TYPES = {
    "course": ("course", "courses"),
    "lesson": ("lesson", "lessons"),
    "media": ("media item", "media"),
    "post": ("post", "posts"),
    "person": ("person", "people"),
}
# The field each list sorts by for "newest".
NEWEST = {
    "course": "first_published_at",
    "lesson": "published_at",
    "media": "created_at",
    "post": "created_at",
    "person": "date_joined",
}


def search_list(
    *,
    viewer: Viewer,
    result_type: str,
    subject: str = "",
    access_level: str = "",
    teacher: int | None = None,
) -> QuerySet | None:
    """
    What `viewer` may find of one type of result, filtered, before any
    words are matched; None when a filter does not apply to the type (media
    posts and people have no access level). The teacher is a course's owner,
    as in the catalog, a media item's uploader and a post's author.
    """
    # Filtered by indexed fields only: search backends filter on nothing else.
    courses = CoursePage.objects.live().public()
    if subject:
        courses = courses.filter(
            subject__in=Subject.objects.filter(slug=subject).values("pk")
        )
    if access_level:
        courses = courses.filter(access_level=access_level)
    if teacher:
        courses = courses.filter(owner=teacher)
    match result_type:
        case "course":
            return courses.select_related("subject")
        case "lesson":
            lessons = lesson_search_text_list(viewer=viewer)
            if subject or access_level or teacher:
                lessons = lessons.filter(course__in=courses.values("pk"))
            return lessons.select_related("lesson", "course").defer(
                "lesson__body", "course__overview"
            )
        case "media":
            if access_level:
                return None
            results = asset_list_visible_to(viewer=viewer).select_related("owner")
            if subject:
                results = results.filter(
                    course__in=CoursePage.objects.filter(subject__slug=subject).values(
                        "pk"
                    )
                )
            if teacher:
                results = results.filter(owner=teacher)
            return results
        case "post":
            if access_level:
                return None
            # Held and hidden posts stay where their authors and moderators
            # look after them; nobody finds them by searching.
            results = (
                post_list_visible_to(viewer=viewer)
                .filter(status=Status.PUBLISHED)
                .select_related("author", "course")
            )
            if subject:
                results = results.filter(
                    course__in=CoursePage.objects.filter(subject__slug=subject).values(
                        "pk"
                    )
                )
            if teacher:
                results = results.filter(author=teacher)
            return results
        case "person":
            if access_level:
                return None
            results = User.objects.filter(is_active=True, role=User.Role.TEACHER)
            if subject:
                results = results.filter(
                    pk__in=CoursePage.objects.live()
                    .filter(subject__slug=subject)
                    .values("owner")
                )
            if teacher:
                results = results.filter(pk=teacher)
            return results
    raise ValueError(f"Unknown type of result: {result_type}")


def search_results(
    *,
    viewer: Viewer,
    query: str,
    result_type: str,
    sort: str = "relevance",
    **filters,
):
    """
    The results of one type for `query`, best match first (or newest), or
    None when the filters rule the type out.
    """
    results = search_list(viewer=viewer, result_type=result_type, **filters)
    if results is None:
        return None
    if sort == "newest":
        return search_or_autocomplete(
            results.order_by(f"-{NEWEST[result_type]}"),
            query,
            order_by_relevance=False,
        )
    return search_or_autocomplete(results, query)


def search_result_lists(
    *,
    viewer: Viewer,
    query: str,
    result_type: str = "",
    **filters,
) -> dict:
    """
    The results for `query` of one type, or of every type in turn when
    `result_type` is empty, by type. A type the filters rule out (media
    have no access level) is left out.
    """
    lists = {}
    for type_name in [result_type] if result_type else RESULT_TYPES:
        results = search_results(
            viewer=viewer, query=query, result_type=type_name, **filters
        )
        if results is not None:
            lists[type_name] = results
    return lists


def search_promotion_list(*, query: str) -> list[SearchPromotion]:
    """
    What editors pinned to the top of `query` (Wagtail's promoted search
    results): links, and pages that are live and public.
    """
    promotions = SearchPromotion.objects.filter(
        query__query_string=normalise_query_string(query)
    ).select_related("page")
    public = set(
        Page.objects.live()
        .public()
        .filter(pk__in=[p.page_id for p in promotions if p.page_id])
        .values_list("pk", flat=True)
    )
    return [
        promotion
        for promotion in promotions
        if promotion.external_link_url or promotion.page_id in public
    ]
