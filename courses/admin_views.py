"""
Wagtail admin views, narrowed to what the user may see (see admin_visibility):
those that look pages up by id and name them (wrapped by `courses.admin_urls`,
mounted ahead of Wagtail's admin), the admin API's images and documents, and
bulk actions (registered in wagtail_hooks.py).
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.query import PageQuerySet

from .admin_visibility import files_choosable_by, items_visible_to, user_sees_every_page

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
