from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from members import admin_review
from members.admin_review import ActionInspectView, ReportStatusFilter, VerdictMixin

from .access import mute_refusal, user_moderates_chat
from .forms import MuteForm
from .models import Report
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


class ReportFilterSet(WagtailFilterSet):
    status = ReportStatusFilter()

    class Meta:
        model = Report
        fields = ["status"]


class ReportIndexView(admin_review.ReportIndexView):
    default_ordering = "-created_at"

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("message__author", "message__room__course", "reporter")
        )


class ReportReviewView(ActionInspectView):
    """The reported message among its neighbours, its reports, and the verdicts."""

    page_title = "Review"
    template_name = "chat/admin/report_review.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Report.objects.select_related("message__author", "message__room__course"),
            pk=unquote(str(self.pk)),
        )

    def user_may_act(self) -> bool:
        return user_moderates_chat(user=self.request.user)

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
                "mute_refusal": mute_refusal(user=message.author, room=message.room),
                "mute_form": self.get_mute_form(),
            }
        )
        return context


class DeleteMessageView(VerdictMixin, ReportReviewView):
    def act(self) -> str:
        message = self.object.message
        report_delete_message(message=message, moderator=self.request.user)
        return f"The message is deleted for everyone in {message.room}."


class MuteAuthorView(VerdictMixin, ReportReviewView):
    @cached_property
    def mute_form(self) -> MuteForm:
        return MuteForm(self.request.POST)

    def get_mute_form(self) -> MuteForm:
        return self.mute_form

    def act(self) -> str:
        message = self.object.message
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


class DismissView(VerdictMixin, ReportReviewView):
    def act(self) -> str:
        report_dismiss(message=self.object.message, moderator=self.request.user)
        return "The report is dismissed; the message stays."


class ReportViewSet(admin_review.ReportViewSet):
    model = Report
    menu_label = "Chat reports"
    menu_order = 220
    add_to_admin_menu = True
    index_view_class = ReportIndexView
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
    search_fields = ["message__body", "reason", "reporter__email"]
    action_views = {
        "delete_message": DeleteMessageView,
        "mute_author": MuteAuthorView,
        "dismiss": DismissView,
    }


register_snippet(ReportViewSet)


@hooks.register("register_account_data")
def export_chat(user) -> dict:
    return message_data_export(user=user)
