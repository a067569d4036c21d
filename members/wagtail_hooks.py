from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from .choosers import RestrictedSnippetChooserViewSet
from .models import TeacherAssignment, User
from .roles import ROLE_GROUP_NAMES
from .selectors import user_data_export
from .services import account_delete


@hooks.register("register_log_actions")
def register_member_log_actions(actions) -> None:
    @actions.register_action("members.change_role")
    class ChangeRoleFormatter(LogFormatter):
        label = "Change role"

        def format_message(self, log_entry) -> str:
            labels = dict(User.Role.choices)
            return "Role changed from {} to {}".format(
                labels.get(log_entry.data.get("from"), "?"),
                labels.get(log_entry.data.get("to"), "?"),
            )


class TeacherAssignmentCreateView(CreateView):
    def save_instance(self) -> TeacherAssignment:
        self.form.instance.assigned_by = self.request.user
        return super().save_instance()


class TeacherAssignmentViewSet(SnippetViewSet):
    model = TeacherAssignment
    add_view_class = TeacherAssignmentCreateView
    chooser_viewset_class = RestrictedSnippetChooserViewSet
    icon = "group"
    menu_label = "Teacher assignments"
    menu_order = 610
    add_to_settings_menu = True
    list_display = ["student", "teacher", "note", "assigned_by", "created_at"]
    list_filter = ["teacher"]
    search_fields = ["student__email", "student__display_name", "teacher__display_name"]
    panels = [FieldPanel("teacher"), FieldPanel("student"), FieldPanel("note")]


register_snippet(TeacherAssignmentViewSet)


@hooks.register("register_account_data")
def export_member_data(user: User) -> dict:
    return user_data_export(user=user)


@hooks.register("before_bulk_action")
def keep_accounts_whole_in_bulk(
    request, action_type, objects, action
) -> HttpResponse | None:
    """
    The users area's bulk actions would delete rows and add groups directly:
    deletions go through account deletion, and role groups follow roles only.
    """
    if action.model is not User:
        return None
    if action_type == "delete":
        for user in objects:
            account_delete(user=user)
        messages.success(request, f"{len(objects)} account(s) deleted.")
        return redirect(action.next_url)
    if action_type == "assign_role":
        group = action.cleaned_form.cleaned_data["role"]
        if group.name in ROLE_GROUP_NAMES.values():
            messages.error(
                request,
                f"“{group.name}” follows each user's role: "
                "change the role on the user's page.",
            )
            return redirect(action.next_url)
    return None
