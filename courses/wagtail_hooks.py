from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .access import file_visible_to, viewer_from_request
from .models import (
    Certificate,
    CourseIndexPage,
    CourseNotification,
    EmailAccessToken,
    Enrollment,
    LessonProgress,
    QuizAttempt,
    Subject,
    VerifiedEmail,
)
from .selectors import courses_taught_by
from .services import course_index_setup


class SubjectViewSet(SnippetViewSet):
    model = Subject
    icon = "folder-open-1"
    menu_label = "Subjects"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(SubjectViewSet)


@hooks.register("after_create_page")
def set_up_new_catalog(request, page) -> None:
    if isinstance(page.specific, CourseIndexPage):
        course_index_setup(index=page.specific)


class MyCoursesPanel(Component):
    """The teacher's dashboard: their courses, state, enrollments and reviews."""

    name = "my_courses"
    order = 50
    template_name = "courses/admin/my_courses_panel.html"

    def __init__(self, user) -> None:
        self.user = user

    def get_context_data(self, parent_context=None) -> dict:
        return {"courses": courses_taught_by(user=self.user)[:20]}


@hooks.register("construct_homepage_panels")
def add_my_courses_panel(request, panels) -> None:
    if courses_taught_by(user=request.user).exists():
        panels.append(MyCoursesPanel(request.user))


@hooks.register("register_account_data")
def export_learning(user) -> dict:
    return {
        "enrollments": [
            {
                "course": enrollment.course.title,
                "source": enrollment.source,
                "since": enrollment.created_at.isoformat(),
            }
            for enrollment in Enrollment.objects.filter(user=user).select_related(
                "course"
            )
        ],
        "progress": [
            {
                "lesson": progress.lesson.title,
                "course": progress.course.title,
                "completed_at": progress.completed_at.isoformat()
                if progress.completed_at
                else None,
            }
            for progress in LessonProgress.objects.filter(user=user).select_related(
                "lesson", "course"
            )
        ],
        "quiz_attempts": [
            {
                "lesson": attempt.lesson.title,
                "score": attempt.score,
                "max_score": attempt.max_score,
                "passed": attempt.passed,
                "at": attempt.created_at.isoformat(),
            }
            for attempt in QuizAttempt.objects.filter(user=user).select_related(
                "lesson"
            )
        ],
        "certificates": [
            {
                "course": c.course_title,
                "issued_at": c.issued_at.isoformat(),
                "code": c.code,
            }
            for c in Certificate.objects.filter(user=user)
        ],
    }


@hooks.register("before_delete_account")
def forget_email_keyed_records(user) -> None:
    # Enrollments, progress, attempts and certificates go with the user row;
    # these are kept by address, not by account.
    addresses = {user.email, *user.emailaddress_set.values_list("email", flat=True)}
    CourseNotification.objects.filter(email__in=addresses).delete()
    EmailAccessToken.objects.filter(email__in=addresses).delete()
    VerifiedEmail.objects.filter(email__in=addresses).delete()


@hooks.register("before_serve_document")
def guard_lesson_files(document, request):
    """Files attached to gated lessons go only to those who may read them."""
    if file_visible_to(viewer=viewer_from_request(request), file=document):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied
