"""
Reviewing what members write, in the Wagtail admin: the listing and review
pages of members' reports (chat messages, community posts and comments),
and the buttons of an inspect page that act on what it shows.

Each button is a view of its own at ``inspect/<pk>/<action>/``, by POST
only: it checks who may act, acts through the app's services, says what it
did and goes on; bad input shows the page again with the reason (400).
Reports are read, never edited or deleted as records: a verdict acts on
what was reported.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property

from wagtail.admin.ui.tables import BulkActionsCheckboxColumn
from wagtail.admin.widgets import Button, HeaderButton, ListingButton
from wagtail.snippets.views.snippets import (
    HistoryView,
    IndexView,
    InspectView,
    SnippetViewSet,
)

import django_filters

from .choosers import RestrictedSnippetChooserViewSet


class ReportStatusFilter(django_filters.ChoiceFilter):
    """Reports waiting for review unless another status is chosen."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Status")
        kwargs.setdefault("choices", [("resolved", "Resolved"), ("all", "All")])
        kwargs.setdefault("empty_label", "Waiting for review")
        kwargs.setdefault("widget", forms.RadioSelect)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value == "resolved":
            return qs.filter(resolved_at__isnull=False)
        if value == "all":
            return qs
        return qs.filter(resolved_at__isnull=True)


class ReportIndexView(IndexView):
    @cached_property
    def columns(self):
        # Each report is reviewed on its own page: nothing to select.
        return [
            column
            for column in super().columns
            if not isinstance(column, BulkActionsCheckboxColumn)
        ]

    def get_list_more_buttons(self, instance):
        return [
            ListingButton(
                "Review", url=self.get_inspect_url(instance), icon_name="warning"
            )
        ]


class ReviewHistoryView(HistoryView):
    """What was done to a record that is reviewed, never edited (a report's
    verdicts), for those who may review it."""

    any_permission_required = ["view"]
    inspect_url_name = None

    def get_edit_url(self, instance):
        return reverse(self.inspect_url_name, args=[quote(instance.pk)])

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                "Review", url=self.get_edit_url(self.object), icon_name="warning"
            )
        ]


class ActionInspectView(InspectView):
    """An inspect page with buttons: its template gets their URLs as
    ``action_urls`` and whether the viewer may press them as ``can_act``."""

    history_url_name = None
    inspect_url_name = None
    action_url_names: dict[str, str] = {}

    def user_may_act(self) -> bool:
        raise NotImplementedError

    @cached_property
    def header_more_buttons(self):
        return [
            Button(
                "History",
                url=reverse(self.history_url_name, args=[quote(self.object.pk)]),
                icon_name="history",
            )
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_act"] = self.user_may_act()
        context["action_urls"] = {
            action: reverse(url_name, args=[quote(self.object.pk)])
            for action, url_name in self.action_url_names.items()
        }
        return context


class ActionMixin:
    """
    One button of an `ActionInspectView`: mixed in before that view, so that
    bad input shows the same page again.
    """

    http_method_names = ["post"]

    def act(self) -> str:
        """Act on `self.object`, and say what was done."""
        raise NotImplementedError

    def get_success_url(self) -> str:
        return reverse(self.inspect_url_name, args=[quote(self.object.pk)])

    def post(self, request, *args, **kwargs):
        if not self.user_may_act():
            raise PermissionDenied
        try:
            done = self.act()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(request, done)
        return redirect(self.get_success_url())


class VerdictMixin(ActionMixin):
    """A verdict (on a report, a held post): then the next one waits in the listing."""

    def get_success_url(self) -> str:
        return reverse(self.index_url_name)


class ActionViewSetMixin:
    """For a `ModelViewSet` whose inspect view is an `ActionInspectView`:
    `action_views` maps each button's name to its view class."""

    action_views: dict[str, type[ActionMixin]] = {}

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            inspect_url_name=self.get_url_name("inspect"),
            action_url_names={
                action: self.get_url_name(action) for action in self.action_views
            },
            **kwargs,
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                f"inspect/<{self.pk_path_converter}:pk>/{action.replace('_', '-')}/",
                self.construct_view(view_class, **self.get_inspect_view_kwargs()),
                name=action,
            )
            for action, view_class in self.action_views.items()
        ]


class ReportViewSet(ActionViewSetMixin, SnippetViewSet):
    """Members' reports, listed for review; the verdicts are `action_views`
    on an `ActionInspectView`, and each goes back to the listing."""

    icon = "warning"
    index_view_class = ReportIndexView
    # Wagtail's generic listing: the snippets' one adds bulk actions (delete).
    index_template_name = "wagtailadmin/generic/index.html"
    history_view_class = ReviewHistoryView
    inspect_view_enabled = True
    search_backend_name = None
    chooser_viewset_class = RestrictedSnippetChooserViewSet
