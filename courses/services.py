from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction

from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from members.models import User
from members.services import ROLE_GROUP_NAMES

from .access import course_allows_enrollment
from .models import CourseIndexPage, CoursePage, Enrollment


def enrollment_create(
    *, user: User, course: CoursePage, source: str = Enrollment.Source.FREE
) -> Enrollment:
    """
    Enroll `user`. Free enrollment follows the course's access level; other
    sources (purchase, plan, admin) are granted by the code that verified them.
    """
    if source == Enrollment.Source.FREE and not course_allows_enrollment(
        user=user, course=course
    ):
        raise PermissionDenied("This course is not open for enrollment.")
    enrollment, _ = Enrollment.objects.get_or_create(
        user=user, course=course, defaults={"source": source}
    )
    return enrollment


def enrollment_delete(*, user: User, course: CoursePage) -> None:
    """Leave a course one enrolled in for free; bought access is kept."""
    enrollment = Enrollment.objects.filter(user=user, course=course).first()
    if enrollment is None:
        return
    if enrollment.source != Enrollment.Source.FREE:
        raise PermissionDenied("Courses you bought or were given stay yours.")
    enrollment.delete()


COURSE_REVIEW_WORKFLOW = "Course review"


def course_review_workflow() -> Workflow:
    """The workflow that sends teachers' changes to Moderators for approval."""
    workflow, _ = Workflow.objects.get_or_create(name=COURSE_REVIEW_WORKFLOW)
    if not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.create(name="Moderator review")
        task.groups.set(Group.objects.filter(name=ROLE_GROUP_NAMES[User.Role.ADMIN]))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


@transaction.atomic
def course_index_setup(*, index: CourseIndexPage) -> None:
    """
    Make a new catalog work for teachers: they may add courses under it, and
    their changes go through the Course review workflow.
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
