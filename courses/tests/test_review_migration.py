"""
The migration that makes the Course review workflow's approval a
CourseReviewTask: courses in review at that time are still approved.
"""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group

from wagtail.models import (
    GroupApprovalTask,
    Task,
    TaskState,
    Workflow,
    WorkflowState,
    WorkflowTask,
)

import pytest

from courses.factories import CoursePageFactory
from courses.models import CourseReviewTask
from courses.services.catalog import COURSE_REVIEW_WORKFLOW
from members.factories import AdminFactory, TeacherFactory
from members.services import workflow_get_or_create

pytestmark = pytest.mark.django_db

swap = import_module("courses.migrations.0014_course_review_task_swap")


@pytest.fixture
def old_workflow(course_index) -> Workflow:
    """The Course review workflow as it was made before: a group approval."""
    Task.objects.filter(workflow_tasks__workflow__name=COURSE_REVIEW_WORKFLOW).delete()
    Workflow.objects.filter(name=COURSE_REVIEW_WORKFLOW).delete()
    workflow = workflow_get_or_create(
        name=COURSE_REVIEW_WORKFLOW,
        task_model=GroupApprovalTask,
        task_name="Moderator review",
    )
    course_index.workflowpage.workflow = workflow
    course_index.workflowpage.save()
    workflow.tasks.get().specific.groups.add(Group.objects.create(name="Editors"))
    return workflow


def test_the_course_review_workflow_is_approved_by_a_course_review_task_after_it(
    client, old_workflow, course_index
):
    old_task = old_workflow.tasks.get().specific
    groups = set(old_task.groups.all())
    teacher = TeacherFactory()
    course = CoursePageFactory(parent=course_index, owner=teacher, live=False)
    course.save_revision(user=teacher)
    finished = CoursePageFactory(parent=course_index, owner=teacher, live=False)
    finished.save_revision(user=teacher)
    old_workflow.start(finished, teacher).current_task_state.approve(
        user=AdminFactory()
    )
    in_review = old_workflow.start(course, teacher)

    swap.to_course_review_tasks(apps, None)

    task = Workflow.objects.get(pk=old_workflow.pk).tasks.get().specific
    assert isinstance(task, CourseReviewTask)
    assert task.name == "Moderator review"
    assert set(task.groups.all()) == groups
    assert not Task.objects.filter(pk=old_task.pk).exists()
    # The review in progress, and the finished one, are the new task's.
    assert set(TaskState.objects.values_list("task", flat=True)) == {task.pk}
    client.force_login(AdminFactory())
    response = client.post(
        f"/admin/pages/workflow/action/{course.pk}/approve/"
        f"{in_review.current_task_state.pk}/"
    )
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == WorkflowState.STATUS_APPROVED
    course.refresh_from_db()
    assert course.live


def test_a_task_other_workflows_share_stays_theirs(old_workflow, course_index):
    old_task = old_workflow.tasks.get().specific
    other = Workflow.objects.create(name="Home page review")
    WorkflowTask.objects.create(workflow=other, task=old_task, sort_order=0)
    teacher = TeacherFactory()
    course = CoursePageFactory(parent=course_index, owner=teacher, live=False)
    course.save_revision(user=teacher)
    old_workflow.start(course, teacher)
    home = course_index.get_parent()
    home.save_revision(user=AdminFactory())
    other.start(home, None)

    swap.to_course_review_tasks(apps, None)

    assert isinstance(old_workflow.tasks.get().specific, CourseReviewTask)
    assert other.tasks.get().pk == old_task.pk
    assert course.current_workflow_task.specific.__class__ is CourseReviewTask
    assert home.current_workflow_task.pk == old_task.pk


def test_the_migration_reverses(old_workflow):
    old_groups = set(old_workflow.tasks.get().specific.groups.all())

    swap.to_course_review_tasks(apps, None)
    swap.to_group_approval_tasks(apps, None)

    task = old_workflow.tasks.get().specific
    assert type(task) is GroupApprovalTask
    assert set(task.groups.all()) == old_groups
    assert not CourseReviewTask.objects.exists()
