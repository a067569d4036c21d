"""The moderation workflows that other apps' content goes through."""

from django.contrib.auth.models import Group
from django.db import transaction

from wagtail.models import Task, Workflow, WorkflowTask

from ..models import User
from ..roles import ROLE_GROUP_NAMES


@transaction.atomic
def workflow_get_or_create(
    *, name: str, task_model: type[Task], task_name: str
) -> Workflow:
    """
    The workflow called `name`, created the first time it is needed with one
    `task_model` task that the Moderators (the admin role's group) approve.
    """
    workflow, _ = Workflow.objects.get_or_create(name=name)
    if not workflow.workflow_tasks.exists():
        task = task_model.objects.create(name=task_name)
        task.groups.set(Group.objects.filter(name=ROLE_GROUP_NAMES[User.Role.ADMIN]))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow
