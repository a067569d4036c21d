from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from .models import TeacherAssignment, User


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
    icon = "group"
    menu_label = "Teacher assignments"
    menu_order = 610
    add_to_settings_menu = True
    list_display = ["student", "teacher", "note", "assigned_by", "created_at"]
    list_filter = ["teacher"]
    search_fields = ["student__email", "student__display_name", "teacher__display_name"]
    panels = [FieldPanel("teacher"), FieldPanel("student"), FieldPanel("note")]


register_snippet(TeacherAssignmentViewSet)
