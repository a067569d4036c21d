from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn
from wagtail.admin.widgets import Button, HeaderButton, ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    HistoryView,
    IndexView,
    InspectView,
    SnippetViewSet,
)

import django_filters

from members.choosers import RestrictedSnippetChooserViewSet

from .access import mute_refusal, user_moderates_chat
from .forms import MuteForm
from .models import Message, Report
from .selectors import message_data_export, message_in_context, report_list_for_message
from .services import report_delete_message, report_dismiss, report_mute_author


class ReportPermissionPolicy(ModelPermissionPolicy):
    """
    Reports come from members, and moderators only read them: their verdict
    is on the reported message (the review page's buttons). Deleting a
    report as a record would look like acting on it, so nobody may.
    """

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(Report, ReportPermissionPolicy(Report))


@hooks.register("register_log_actions")
def register_report_log_actions(actions) -> None:
    actions.register_action(
        "chat.report.delete_message", "Delete the message", "Message deleted"
    )
    actions.register_action(
        "chat.report.mute_author", "Mute the author", "Author muted"
    )
    actions.register_action("chat.report.dismiss", "Dismiss", "Report dismissed")


class ReportStatusFilter(django_filters.ChoiceFilter):
    """Reports waiting for review unless another status is chosen."""

    def filter(self, qs, value):
        if value == "resolved":
            return qs.filter(resolved_at__isnull=False)
        if value == "all":
            return qs
        return qs.filter(resolved_at__isnull=True)


class ReportFilterSet(WagtailFilterSet):
    status = ReportStatusFilter(
        label="Status",
        choices=[("resolved", "Resolved"), ("all", "All")],
        empty_label="Waiting for review",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Report
        fields = ["status"]


class ReportIndexView(IndexView):
    default_ordering = "-created_at"

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("message__author", "message__room__course", "reporter")
        )

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


class ReportHistoryView(HistoryView):
    """The verdicts given on a report, for those who read reports."""

    any_permission_required = ["view"]
    inspect_url_name = None

    def get_edit_url(self, instance):
        # Reports are reviewed, never edited.
        return reverse(self.inspect_url_name, args=[quote(instance.pk)])

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                "Review", url=self.get_edit_url(self.object), icon_name="warning"
            )
        ]


class ReportReviewView(InspectView):
    """The reported message among its neighbours, its reports, and the verdicts."""

    page_title = "Review"
    template_name = "chat/admin/report_review.html"
    history_url_name = None
    verdict_url_names: dict[str, str] = {}

    def get_object(self, queryset=None):
        return get_object_or_404(
            Report.objects.select_related("message__author", "message__room__course"),
            pk=unquote(str(self.pk)),
        )

    @cached_property
    def header_more_buttons(self):
        return [
            Button(
                "History",
                url=reverse(self.history_url_name, args=[quote(self.object.pk)]),
                icon_name="history",
            )
        ]

    def get_mute_form(self) -> MuteForm:
        return MuteForm()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        message = self.object.message
        reports = report_list_for_message(message=message)
        context.update(
            {
                "message": message,
                "conversation": message_in_context(message=message),
                "reports": reports,
                "open_reports": [r for r in reports if r.resolved_at is None],
                "can_act": user_moderates_chat(user=self.request.user),
                "mute_refusal": mute_refusal(user=message.author, room=message.room),
                "mute_form": self.get_mute_form(),
                "verdict_urls": {
                    verdict: reverse(url_name, args=[quote(self.object.pk)])
                    for verdict, url_name in self.verdict_url_names.items()
                },
            }
        )
        return context


class ReportVerdictView(ReportReviewView):
    """A button of the review page: acts on the reported message, by POST only."""

    http_method_names = ["post"]

    def give_verdict(self, message: Message) -> str:
        """Act, and say what was done."""
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        if not user_moderates_chat(user=request.user):
            raise PermissionDenied
        try:
            done = self.give_verdict(self.object.message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(request, done)
        return redirect(self.index_url_name)


class DeleteMessageView(ReportVerdictView):
    def give_verdict(self, message: Message) -> str:
        report_delete_message(message=message, moderator=self.request.user)
        return f"The message is deleted for everyone in {message.room}."


class MuteAuthorView(ReportVerdictView):
    @cached_property
    def mute_form(self) -> MuteForm:
        return MuteForm(self.request.POST)

    def get_mute_form(self) -> MuteForm:
        return self.mute_form

    def give_verdict(self, message: Message) -> str:
        if not self.mute_form.is_valid():
            raise ValidationError("Choose how long to mute them for.")
        member = report_mute_author(
            message=message,
            moderator=self.request.user,
            minutes=self.mute_form.cleaned_data["minutes"],
        )
        until = timezone.localtime(member.muted_until)
        return (
            f"{message.author} is muted in {message.room} until {until:%d %b, %H:%M}."
        )


class DismissView(ReportVerdictView):
    def give_verdict(self, message: Message) -> str:
        report_dismiss(message=message, moderator=self.request.user)
        return "The report is dismissed; the message stays."


class ReportViewSet(SnippetViewSet):
    model = Report
    icon = "warning"
    menu_label = "Chat reports"
    menu_order = 220
    add_to_admin_menu = True
    index_view_class = ReportIndexView
    # Wagtail's generic listing: the snippets' one adds bulk actions (delete).
    index_template_name = "wagtailadmin/generic/index.html"
    history_view_class = ReportHistoryView
    inspect_view_enabled = True
    inspect_view_class = ReportReviewView
    list_display = [
        "message",
        Column("room", label="Room", accessor="message.room"),
        Column("author", label="Written by", accessor="message.author"),
        "reporter",
        "reason",
        DateColumn("created_at", label="Reported", sort_key="created_at"),
    ]
    filterset_class = ReportFilterSet
    search_backend_name = None
    search_fields = ["message__body", "reason", "reporter__email"]
    chooser_viewset_class = RestrictedSnippetChooserViewSet
    verdict_views = {
        "delete_message": DeleteMessageView,
        "mute_author": MuteAuthorView,
        "dismiss": DismissView,
    }

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            verdict_url_names={
                verdict: self.get_url_name(verdict) for verdict in self.verdict_views
            },
            **kwargs,
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                f"inspect/<{self.pk_path_converter}:pk>/{verdict.replace('_', '-')}/",
                self.construct_view(view_class, **self.get_inspect_view_kwargs()),
                name=verdict,
            )
            for verdict, view_class in self.verdict_views.items()
        ]


register_snippet(ReportViewSet)


@hooks.register("register_account_data")
def export_chat(user) -> dict:
    return message_data_export(user=user)
