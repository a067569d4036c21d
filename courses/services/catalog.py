"""
Catalogs: a new course index made ready for teachers, and the Course review
workflow their courses go through.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

from members.models import User
from members.roles import ROLE_GROUP_NAMES
from members.services import workflow_get_or_create

from ..models import CourseIndexPage, CourseReviewTask

COURSE_REVIEW_WORKFLOW = "Course review"


def course_review_workflow() -> Workflow:
    """
    The workflow that sends teachers' changes to Moderators for approval,
    which they give once everything going live is finished.
    """
    return workflow_get_or_create(
        name=COURSE_REVIEW_WORKFLOW,
        task_model=CourseReviewTask,
        task_name="Moderator review",
    )


@transaction.atomic
def course_index_setup(*, index: CourseIndexPage) -> None:
    """
    Make a new catalog work for teachers: they may add courses under it, and
    their courses go through the Course review workflow, each with its
    modules and lessons (see courses/review.py).
    """
    WorkflowPage.objects.update_or_create(
        page=index, defaults={"workflow": course_review_workflow()}
    )
    GroupPagePermission.objects.get_or_create(
        group=Group.objects.get(name=ROLE_GROUP_NAMES[User.Role.TEACHER]),
        page=index,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="add_page"
        ),
    )
