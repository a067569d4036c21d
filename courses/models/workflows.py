"""
The course review task: Moderators approve a course, and everything going
live with it, once it is all finished (see courses/review.py).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from wagtail.models import AbstractGroupApprovalTask, Page

from .pages import CoursePage


class CourseReviewTask(AbstractGroupApprovalTask):
    """
    Approval of a course by the members of the chosen groups (Moderators),
    refused while the course, or a module or lesson going live with it, is
    not finished: from the course's editor (whose form says what is not)
    and from the dashboard alike.

    Wagtail posts a plain "Approve" straight away, and has no message to
    show for a refusal; so while something is not finished, "Approve" opens
    a dialog that names what, and offers no approval.
    """

    def going_live_errors(self, obj) -> list[str]:
        """What keeps `obj`, when it is a course, from going live."""
        course = obj.specific if isinstance(obj, Page) else obj
        return course.going_live_errors() if isinstance(course, CoursePage) else []

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions and self.going_live_errors(obj):
            return [
                (name, label, modal or name == "approve")
                for name, label, modal in actions
            ]
        return actions

    def get_template_for_action(self, action):
        if action == "approve":
            return "courses/admin/course_review_approve.html"
        return super().get_template_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        # However it is asked for (a dialog opened before a lesson was
        # changed, a script), approval waits until everything is finished.
        if action_name == "approve":
            obj = task_state.workflow_state.content_object
            if errors := self.going_live_errors(obj):
                raise PermissionDenied(
                    f"'{obj.get_admin_display_title()}' cannot go live yet. "
                    + " ".join(errors)
                )
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve a course, with its modules "
            "and lessons, once they are all finished"
        )

    class Meta:
        verbose_name = _("course review task")
        verbose_name_plural = _("course review tasks")
