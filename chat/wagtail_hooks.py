from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

import django_filters

from members.choosers import RestrictedSnippetChooserViewSet

from .models import Message, Report
from .services import report_resolve


class ReportPermissionPolicy(ModelPermissionPolicy):
    """Reports come from members; admins read them and act, never write them."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change") and super().user_has_permission(
            user, action
        )


register_permission_policy(Report, ReportPermissionPolicy(Report))


class ReportFilterSet(WagtailFilterSet):
    open = django_filters.BooleanFilter(
        field_name="resolved_at", lookup_expr="isnull", label="Waiting for review"
    )

    class Meta:
        model = Report
        fields = ["open"]


class ReportViewSet(SnippetViewSet):
    model = Report
    icon = "warning"
    menu_label = "Chat reports"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["message", "reason", "reporter", "created_at", "resolved_at"]
    filterset_class = ReportFilterSet
    search_backend_name = None
    search_fields = ["message__body", "reason", "reporter__email"]
    inspect_view_enabled = True
    chooser_viewset_class = RestrictedSnippetChooserViewSet


register_snippet(ReportViewSet)


def resolve_report(request, report_id: int, verdict: str):
    """Confirm, then act: delete the reported message for everyone, or keep it."""
    if not request.user.has_perm("chat.delete_message"):
        raise PermissionDenied
    report = get_object_or_404(Report.objects.select_related("message"), pk=report_id)
    delete = verdict == "delete"
    if request.method == "POST":
        report_resolve(report=report, user=request.user, delete_message=delete)
        messages.success(
            request, "The message is deleted." if delete else "The report is dismissed."
        )
        return redirect("wagtailsnippets_chat_report:list")
    return TemplateResponse(
        request,
        "chat/admin/resolve_report.html",
        {"report": report, "delete": delete},
    )


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "chat/reports/<int:report_id>/<str:verdict>/",
            resolve_report,
            name="chat_resolve_report",
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def report_verdict_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, Report) or snippet.resolved_at:
        return []
    return [
        MenuItem(
            label,
            reverse("chat_resolve_report", args=[snippet.pk, verdict]),
            icon_name=icon,
            priority=order,
        )
        for label, verdict, icon, order in (
            ("Delete the message", "delete", "bin", 10),
            ("Dismiss the report", "dismiss", "check", 20),
        )
    ]


@hooks.register("register_account_data")
def export_chat(user) -> dict:
    return {
        "chat_messages": [
            {
                "room": str(message.room),
                "body": message.body,
                "at": message.created_at.isoformat(),
            }
            for message in Message.objects.filter(author=user).select_related(
                "room__course"
            )
        ]
    }
