"""
Wagtail admin views, narrowed to what the user may see (see admin_visibility):
those that look pages up by id and name them (wrapped by `courses.admin_urls`,
mounted ahead of Wagtail's admin), the explorer, the workflows report's
filters, the dashboard's count of pages, the admin API's images and documents,
and bulk actions (registered in wagtail_hooks.py).
"""

from collections.abc import Callable
from functools import reduce, wraps
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.functional import cached_property

from wagtail import hooks
from wagtail.admin.api.filters import ForExplorerFilter
from wagtail.admin.api.serializers import (
    AdminPageSerializer,
    PageChildrenField,
    get_model_listing_url,
)
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.navigation import get_site_for_user
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.views.pages.listing import ExplorableIndexView, GenericPageFilterSet
from wagtail.admin.views.reports.workflows import WorkflowReportFilterSet, WorkflowView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.api.v2.serializers import PageParentField
from wagtail.api.v2.utils import BadRequestError
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page, PageLogEntry, WorkflowState
from wagtail.query import PageQuerySet

from members.models import User

from .admin_visibility import (
    files_choosable_by,
    items_visible_to,
    pages_explorable_by,
    user_sees_every_page,
)

View = Callable[..., HttpResponse]


def page_ids_named(request: HttpRequest, kwargs: dict) -> set[str]:
    """
    The pages a request names: in its address, as the page chooser's ?id=,
    or as the parent chooser's posted parent_page.
    """
    ids = {*request.GET.getlist("id"), request.POST.get("parent_page", "")}
    if "parent_page_id" in kwargs:
        ids.add(str(kwargs["parent_page_id"]))
    ids.discard("")
    return ids


def visible_pages_required(
    visible_pages: Callable[..., PageQuerySet],
) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, **kwargs) -> HttpResponse:
            ids = page_ids_named(request, kwargs)
            if not all(pk.isdigit() for pk in ids):
                raise Http404
            visible = visible_pages(user=request.user).filter(pk__in=ids)
            if visible.count() < len(ids):
                raise Http404
            return view(request, **kwargs)

        return wrapper

    return decorator


def every_page_visible_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, **kwargs) -> HttpResponse:
        if not user_sees_every_page(user=request.user):
            raise PermissionDenied
        return view(request, **kwargs)

    return wrapper


class ExplorablePageFilterSet(GenericPageFilterSet):
    """
    The explorer's filters, the people they offer narrowed to the owners and
    editors of the pages the listing may show (below the page explored, or
    anywhere when searching the whole tree) that the user may explore.
    Wagtail's name everyone who owns or edited any page of the site: a
    teacher saw every other teacher and editor by name (and, with two
    hundred teachers, their checkboxes took a third of the explorer's time).
    """

    def __init__(self, *args, pages: PageQuerySet | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Other listings of pages (a page type's) offer those of every page
        # the user may explore.
        if pages is None:
            pages = pages_explorable_by(user=self.request.user)
        pages = pages.order_by()
        edits = PageLogEntry.objects.filter(
            action="wagtail.edit", page_id__in=pages.values("pk")
        )
        self.filters["owner"].queryset = User.objects.filter(
            pk__in=pages.values("owner_id")
        )
        self.filters["edited_by"].queryset = User.objects.filter(
            pk__in=edits.order_by().values("user_id")
        )


class ExplorerIndexView(ExplorableIndexView):
    """Wagtail's explorer, picking out the pages the user may explore itself."""

    def get_base_queryset(self):
        # As Wagtail's, but with the permission policy's conditions applied
        # to the listing's own rows rather than as `pk IN (every page the
        # user may explore)`: PostgreSQL worked out that whole set (a scan
        # of every page, 30-40 ms at 60,000 pages) for each of the
        # listing's queries, to keep the fifty rows of a module. A search
        # keeps Wagtail's: search backends take conditions on fields only.
        # The branches are Wagtail 8's: to be checked again on upgrades.
        if self.is_searching:
            return super().get_base_queryset()
        if self.is_filtering:
            pages = self.pages_below(whole_tree=self.is_searching_whole_tree)
        else:
            pages = self.model._default_manager.child_of(self.parent_page)
        return self.annotate_queryset(pages & self.pages_explorable)

    def pages_below(self, *, whole_tree: bool) -> PageQuerySet:
        """What a filtered listing shows: the pages below, or the whole tree."""
        manager = self.model._default_manager
        return manager.all() if whole_tree else manager.descendant_of(self.parent_page)

    @cached_property
    def pages_explorable(self) -> PageQuerySet:
        return pages_explorable_by(user=self.request.user)

    def get_filterset_kwargs(self):
        # The pages the listing may show once filtered (`is_searching_whole_tree`
        # asks the filters, so the request's own parameter is read here).
        pages = self.pages_below(whole_tree=bool(self.request.GET.get("search_all")))
        return {
            **super().get_filterset_kwargs(),
            "pages": pages & self.pages_explorable,
        }


class ExplorerPageViewSet(PageViewSet):
    """Wagtail's views of pages of every type, with the explorer above.
    Registered after Wagtail's own viewset for `Page`, it takes its place."""

    index_view_class = ExplorerIndexView
    filterset_class = ExplorablePageFilterSet


class ReportedWorkflowsFilterSet(WorkflowReportFilterSet):
    """
    The workflows report's filters, "Requested by" narrowed to those who
    requested the workflows the report lists. Wagtail's names everyone who
    ever asked for a review: a teacher read the names of other teachers and
    of the students whose media went to review.
    """

    def __init__(self, *args, workflow_states: QuerySet[WorkflowState], **kwargs):
        super().__init__(*args, **kwargs)
        requesters = workflow_states.order_by().values("requested_by_id")
        self.filters["requested_by"].queryset = User.objects.filter(
            pk__in=requesters
        ).order_by(User.USERNAME_FIELD)


class ReportedWorkflowsView(WorkflowView):
    filterset_class = ReportedWorkflowsFilterSet

    def get_filterset_kwargs(self):
        return {
            **super().get_filterset_kwargs(),
            "workflow_states": self.get_queryset(),
        }


class ExplorablePagesSummaryItem(PagesSummaryItem):
    """
    The dashboard's count of pages, of those the user may explore. Wagtail's
    counts every page below the first one the user may explore: a teacher
    read how many pages other teachers' courses and drafts hold.
    """

    def get_context_data(self, parent_context):
        user = self.request.user
        if user_sees_every_page(user=user):
            return super().get_context_data(parent_context)
        # Shown only to those with a page permission: there is a root.
        site = get_site_for_user(user)
        root_page = site["root_page"]
        below = Page.objects.descendant_of(root_page, inclusive=True)
        pages = (below & pages_explorable_by(user=user)).exclude(depth=1)
        return {
            "root_page": root_page,
            "total_pages": pages.count(),
            "site_name": site["site_name"],
        }


class ExplorablePagesFilter(ForExplorerFilter):
    """
    Wagtail's `for_explorer` filter, keeping the listing's own queryset on
    the left of the `&`: Wagtail's puts the permission policy's there, and
    the result loses the listing's specific pages and what it prefetched.
    """

    def filter_queryset(self, request, queryset, view):
        if not request.GET.get("for_explorer"):
            return queryset
        if not hasattr(queryset, "_filtered_by_child_of"):
            raise BadRequestError(
                "filtering by for_explorer without child_of is not supported"
            )
        parent_page = queryset._filtered_by_child_of
        for hook in hooks.get_hooks("construct_explorer_page_queryset"):
            queryset = hook(parent_page, queryset, request)
        # Unordered: the listing's (or a hook's) ordering stands.
        return queryset & view.get_base_queryset().order_by()


class ListedParentField(PageParentField):
    """A page's parent, looked up once for all the children a listing shows."""

    def get_attribute(self, instance):
        parents = self.context.setdefault("listed_parents", {})
        path = instance.path[: -instance.steplen]
        if path not in parents:
            parents[path] = super().get_attribute(instance)
        return parents[path]


class ListedChildrenField(PageChildrenField):
    """A page's count of explorable children, counted for a listing at once."""

    def to_representation(self, page):
        counts = self.context.get("children_counts")
        if counts is None:
            return super().to_representation(page)
        listing_url = get_model_listing_url(self.context, Page)
        return {
            "count": counts.get(page.path, 0),
            "listing_url": f"{listing_url}?child_of={page.id}",
        }


class ExplorerPageSerializer(AdminPageSerializer):
    parent = ListedParentField(read_only=True)
    children = ListedChildrenField(read_only=True)


class ExplorerPagesAPIViewSet(PagesAdminAPIViewSet):
    """
    The admin API's pages, which the sidebar's page explorer lists, in the
    same number of queries however many pages a listing shows. Wagtail's
    asked five of each page (its parent, whether the user may explore the
    parent, its count of children, its scheduled revision and its workflow):
    113 queries for twenty lessons of a module, the counts each scanning
    every page for a teacher (250 ms at 2,000 courses; 70 ms now).
    """

    base_serializer_class = ExplorerPageSerializer
    # For a listing (not one page's details): see count_children.
    children_counts: dict[str, int] | None = None
    filter_backends = [
        ExplorablePagesFilter if backend is ForExplorerFilter else backend
        for backend in PagesAdminAPIViewSet.filter_backends
    ]

    @cached_property
    def pages_explorable(self) -> PageQuerySet:
        return super().get_base_queryset()

    def get_base_queryset(self):
        # Asked for several times a request: the policy's ancestor of the
        # user's pages is looked up once.
        return self.pages_explorable.all()

    def get_queryset(self):
        pages = super().get_queryset()
        return pages.prefetch_workflow_states().annotate_approved_schedule()

    def paginate_queryset(self, queryset):
        pages = super().paginate_queryset(queryset)
        self.children_counts = self.count_children(pages)
        return pages

    def count_children(self, pages) -> dict[str, int]:
        """How many children of each page the user may explore, by its path."""
        if not pages:
            return {}
        children = reduce(
            or_, (Q(path__startswith=page.path, depth=page.depth + 1) for page in pages)
        )
        parent_path = Substr("path", 1, Length("path") - Page.steplen)
        counted = (
            self.get_base_queryset()
            .filter(children)
            .order_by()
            .values(parent_path=parent_path)
            .annotate(count=Count("pk"))
        )
        return {row["parent_path"]: row["count"] for row in counted}

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "children_counts": self.children_counts,
        }


class ChoosableFilesMixin:
    """The admin API's images and documents: those the user may choose."""

    def get_queryset(self):
        choosable = files_choosable_by(user=self.request.user, model=self.model)
        return super().get_queryset().filter(pk__in=choosable.values("pk"))


class ChoosableImagesAPIViewSet(ChoosableFilesMixin, ImagesAdminAPIViewSet):
    pass


class ChoosableDocumentsAPIViewSet(ChoosableFilesMixin, DocumentsAdminAPIViewSet):
    pass


class UnseenItemsUnlistedMixin:
    """
    For bulk actions on pages, images and documents, which list by title the
    items asked about that the user may not act on. Items named by id that
    the user may not see are not found; of all a listing's items, those are
    left out.
    """

    def get_actionable_objects(self):
        objects, details = super().get_actionable_objects()
        refused = details["items_with_no_access"]
        visible = set(
            items_visible_to(user=self.request.user, model=self.model)
            .filter(pk__in=[item.pk for item in refused])
            .values_list("pk", flat=True)
        )
        unseen = [item for item in refused if item.pk not in visible]
        if unseen and "all" not in self.request.GET.getlist("id"):
            raise Http404
        details["items_with_no_access"] = [i for i in refused if i.pk in visible]
        return objects, details


def with_unseen_items_unlisted(action_class: type) -> type:
    return type(
        action_class.__name__,
        (UnseenItemsUnlistedMixin, action_class),
        {"__module__": __name__},
    )
