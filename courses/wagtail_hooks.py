from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CourseIndexPage, Subject
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
