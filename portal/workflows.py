"""How Wagtail finishes an approved workflow (WAGTAIL_FINISH_WORKFLOW_ACTION)."""


def publish_approved(workflow_state, user=None) -> None:
    """
    Publish what a workflow approved. Approving is the permission to publish:
    the workflow's tasks already decided who may approve (a course's teachers
    review its students' media without holding any admin permission on media).
    A course goes live whole: with the modules and lessons reviewed with it.
    """
    # Imported here: Wagtail imports this module while its models load.
    from wagtail.models import Page

    from courses.models import CoursePage
    from courses.services import course_review_publish

    content = workflow_state.content_object
    if isinstance(content, Page) and isinstance(content.specific, CoursePage):
        course_review_publish(course=content.specific, user=user)
    else:
        content.get_latest_revision().publish(user=user, skip_permission_checks=True)
