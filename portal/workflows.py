"""How Wagtail finishes an approved workflow (WAGTAIL_FINISH_WORKFLOW_ACTION)."""


def publish_approved(workflow_state, user=None) -> None:
    """
    Publish what a workflow approved. Approving is the permission to publish:
    the workflow's tasks already decided who may approve (a course's teachers
    review its students' media without holding any admin permission on media).
    """
    workflow_state.content_object.get_latest_revision().publish(
        user=user, skip_permission_checks=True
    )
