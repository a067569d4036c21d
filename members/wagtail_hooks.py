from wagtail import hooks
from wagtail.log_actions import LogFormatter

from .models import User


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
