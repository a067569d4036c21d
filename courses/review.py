"""
Course review: a course goes to review, and goes live, as one unit.

Modules and lessons have no workflow of their own: their teachers save
drafts of them. Submitting the course to the Course review workflow sends
it with every module and lesson that has unpublished changes, new or
changed (`course_changes`); one approval publishes them together
(`courses.services.course_review_publish`); a request for changes leaves
them all as drafts, with the moderator's comment on the course.

While a course is in review it is frozen for its teachers, as Wagtail
freezes any page in moderation: its modules and lessons are locked like
the course itself (`CourseReviewLock`), and no page is added to it or
moved into it (`courses.models.pages`). What approval publishes is thus
what the moderator reviewed, less any unpublished page deleted or moved
away meanwhile (as Wagtail lets a page in moderation be deleted). To
change something, a teacher cancels the review from the course's editor
and submits again. Reviewers may still edit the pages, and approval
publishes their edits too, as Wagtail does for the page in moderation.

Nothing unfinished goes live with a course. What keeps it from going
live is `CoursePage.going_live_errors`: the course as last saved, or a
page going live with it, not finished (`unfinished`). Its review refuses
approval while there is any, wherever a moderator approves, the dashboard
included (`courses.models.CourseReviewTask`); the course's editor checks
the same pages, and the course as its form has it, before it publishes or
approves (`courses.models.CoursePageForm`).
"""

from collections.abc import Iterable

from django.db.models import F, Q
from django.utils.html import format_html

from wagtail.admin.panels import Panel
from wagtail.admin.utils import get_latest_str
from wagtail.locks import WorkflowLock
from wagtail.models import Page, WorkflowState
from wagtail.query import PageQuerySet


def course_changes(*, course: Page) -> PageQuerySet:
    """
    The modules and lessons of `course` with changes that are not
    published, new or changed, in tree order (parents first): what goes to
    review with the course, and what approving it publishes. A revision
    already approved and waiting for its go-live time is no longer a change;
    nor is a page taken down (unpublished or expired) and not edited since,
    which approving the course must not put back.
    """
    return (
        Page.objects.descendant_of(course)
        .filter(has_unpublished_changes=True, latest_revision__isnull=False)
        .filter(
            Q(last_published_at__isnull=True)
            | Q(latest_revision__created_at__gt=F("last_published_at"))
        )
        .exclude(latest_revision__approved_go_live_at__isnull=False)
        .order_by("path")
    )


def unfinished(*, pages: Iterable[Page]) -> list[str]:
    """
    What keeps `pages`, as last saved, from going live: for each one that is
    not finished (see `publishing_errors`), a message naming it and what it
    lacks.
    """
    messages = []
    for page in pages:
        draft = page.get_latest_revision_as_object()
        if errors := draft.publishing_errors():
            messages.append(f"'{draft.title}' is not finished: {' '.join(errors)}")
    return messages


def changes_requested(*, course: Page) -> WorkflowState | None:
    """The course's review, when its moderator asked for changes."""
    state = course.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return state
    return None


class CourseReviewLock(WorkflowLock):
    """
    A module's or lesson's lock while its course is in review: the course's
    own lock (Wagtail's, by its workflow task), extended to its pages.
    """

    def __init__(self, object, task, course: Page) -> None:
        super().__init__(object, task)
        self.course = course

    def get_message(self, user):
        if self.for_user(user):
            return format_html(
                "<b>'{title}' is in review with its course, '{course}'.</b> "
                "Only reviewers can edit the course's pages until the review "
                "ends. To change something now, cancel the review in the "
                "course's editor, then submit the course again.",
                title=get_latest_str(self.object),
                course=get_latest_str(self.course),
            )
        return None

    def get_description(self, user, can_lock=False):
        if can_lock:
            return super().get_description(user, can_lock)
        return "Only reviewers can edit the pages of a course in review"


class CourseChangesPanel(Panel):
    """
    On the course's editor: the modules and lessons that go to review with
    the course (or are in review with it), each with a link to compare it
    with its live version and to preview it; and the moderator's comment,
    when they asked for changes.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/course_changes_panel.html"

        def is_shown(self) -> bool:
            return self.instance.pk is not None

        def get_context_data(self, parent_context=None) -> dict:
            context = super().get_context_data(parent_context)
            course = self.instance
            context["changes"] = [
                (page.specific_class._meta.verbose_name, page, page.latest_revision)
                for page in course_changes(course=course)
                .select_related("latest_revision")
                .defer("latest_revision__content")
            ]
            context["in_review"] = course.workflow_in_progress
            context["changes_requested"] = changes_requested(course=course)
            return context


class GoesLiveWithCoursePanel(Panel):
    """
    On a module's or lesson's editor: its changes go live with its course,
    when the course is submitted and approved.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/goes_live_with_course_panel.html"

        def get_context_data(self, parent_context=None) -> dict:
            context = super().get_context_data(parent_context)
            page = self.instance
            if page.pk is None:  # a new page: its parent is in the course
                page = self.form.parent_page.specific
            course = page.get_course()
            context["course"] = course
            context["changes_requested"] = changes_requested(course=course)
            return context
