"""
The Course review workflow's approval becomes a CourseReviewTask, which
refuses to approve a course while something going live with it is not
finished. Each group approval task of the workflow is swapped for one with
the same name, groups and state; the workflow's task states (those in
progress, and the history) move to it, so courses in review at this time
are approved, or sent back, as before. The old task goes when nothing else
uses it.
"""

from django.db import migrations

COURSE_REVIEW_WORKFLOW = "Course review"


def swap_tasks(apps, old_model: str, new_model: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    OldTask = apps.get_model(*old_model.split("."))
    NewTask = apps.get_model(*new_model.split("."))
    old_type = ContentType.objects.get_for_model(OldTask)
    new_type = ContentType.objects.get_for_model(NewTask)

    for workflow_task in WorkflowTask.objects.filter(
        workflow__name=COURSE_REVIEW_WORKFLOW, task__content_type=old_type
    ):
        old = OldTask.objects.get(pk=workflow_task.task_id)
        new = NewTask.objects.create(
            name=old.name, active=old.active, content_type=new_type
        )
        new.groups.set(old.groups.all())
        workflow_task.task_id = new.pk
        workflow_task.save(update_fields=["task"])
        TaskState.objects.filter(
            task_id=old.pk, workflow_state__workflow_id=workflow_task.workflow_id
        ).update(task_id=new.pk)
        in_use = (
            WorkflowTask.objects.filter(task_id=old.pk).exists()
            or TaskState.objects.filter(task_id=old.pk).exists()
        )
        if not in_use:
            old.delete()


def to_course_review_tasks(apps, schema_editor):
    swap_tasks(apps, "wagtailcore.GroupApprovalTask", "courses.CourseReviewTask")


def to_group_approval_tasks(apps, schema_editor):
    swap_tasks(apps, "courses.CourseReviewTask", "wagtailcore.GroupApprovalTask")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("courses", "0013_course_review_task"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(to_course_review_tasks, to_group_approval_tasks),
    ]
