from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CourseIndexPage, Subject
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
