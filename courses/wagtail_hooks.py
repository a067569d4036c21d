from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.pages import bulk_actions as page_bulk_actions
from wagtail.documents import get_document_model
from wagtail.documents.views import bulk_actions as document_bulk_actions
from wagtail.images import get_image_model
from wagtail.images.views import bulk_actions as image_bulk_actions
from wagtail.models import Page
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from members.selectors import ProfileSection

from .access import file_visible_to
from .admin_views import (
    ChoosableDocumentsAPIViewSet,
    ChoosableImagesAPIViewSet,
    ExplorablePagesSummaryItem,
    ExplorerPagesAPIViewSet,
    ExplorerPageViewSet,
    with_unseen_items_unlisted,
)
from .admin_visibility import pages_choosable_by, user_sees_every_page
from .delivery import file_response, refuse_file
from .models import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    ModulePage,
    Subject,
)
from .permissions import CoursePagePermissionPolicy, UploadPermissionPolicy
from .selectors import (
    course_list_taught_by,
    course_list_taught_publicly,
    learning_data_export,
)
from .services import course_index_setup, email_records_delete
from .viewer import viewer_from_request


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


@hooks.register("insert_editor_js")
def submit_after_autosave() -> str:
    return format_html(
        '<script defer src="{}"></script>',
        static("courses/js/submit_after_autosave.js"),
    )


# Modules and lessons go to review with their course (courses/review.py).
# Wagtail offers to submit a new page wherever its parent has a workflow,
# as a course has: not a new module.
@hooks.register("construct_page_action_menu")
def submit_modules_and_lessons_with_their_course(menu_items, request, context):
    if isinstance(context.get("parent_page"), CoursePage | ModulePage):
        menu_items[:] = [item for item in menu_items if item.name != "action-submit"]


@hooks.register("before_create_page")
def refuse_submitting_a_module_or_lesson_alone(request, parent_page, page_class):
    submitting = request.method == "POST" and request.POST.get("action-submit")
    if submitting and issubclass(page_class, ModulePage | LessonPage):
        return HttpResponseBadRequest(
            "Modules and lessons go to review with their course: save a draft, "
            "then submit the course from its editor."
        )
    return None


class MyCoursesPanel(Component):
    """The teacher's dashboard: their courses, state, enrollments and reviews."""

    name = "my_courses"
    order = 50
    template_name = "courses/admin/my_courses_panel.html"

    def __init__(self, user) -> None:
        self.user = user

    def get_context_data(self, parent_context=None) -> dict:
        return {"courses": course_list_taught_by(user=self.user)[:20]}


@hooks.register("construct_homepage_panels")
def add_my_courses_panel(request, panels) -> None:
    if course_list_taught_by(user=request.user).exists():
        panels.append(MyCoursesPanel(request.user))


@hooks.register("register_account_data")
def export_learning(user) -> dict:
    return learning_data_export(user=user)


@hooks.register("before_delete_account")
def forget_email_keyed_records(user) -> None:
    email_records_delete(user=user)


# After Wagtail's own check of the document's collection privacy: this one
# serves the file.
@hooks.register("before_serve_document", order=100)
def guard_lesson_files(document, request):
    """
    Documents are private files: they go only to those the course rule lets
    have them, delivered like every other private file (a signed link that
    expires on Cloudinary).
    """
    if not file_visible_to(viewer=viewer_from_request(request), file=document):
        return refuse_file(request)
    return file_response(
        request,
        document.file,
        content_type=document.content_type,
        filename=document.filename,
        as_attachment=not document.content_disposition.startswith("inline"),
        public=False,
    )


# What teachers see in the admin: their own courses and uploads, shared files
# and published pages (see admin_visibility.py and permissions.py). Wagtail's
# images and documents apps register their policies as they start, which may
# be after this module runs: an exact-class registration takes precedence.
register_permission_policy(Page, CoursePagePermissionPolicy())
register_permission_policy(
    get_image_model(),
    UploadPermissionPolicy(
        get_image_model(),
        auth_model="wagtailimages.Image",
        owner_field_name="uploaded_by_user",
    ),
    exact_class=True,
)
register_permission_policy(
    get_document_model(),
    UploadPermissionPolicy(
        get_document_model(),
        auth_model="wagtaildocs.Document",
        owner_field_name="uploaded_by_user",
    ),
    exact_class=True,
)


@hooks.register("construct_page_chooser_queryset")
def offer_choosable_pages(pages, request):
    return pages.filter(pk__in=pages_choosable_by(user=request.user).values("pk"))


@hooks.register("construct_reports_menu")
def hide_site_wide_reports(request, menu_items) -> None:
    # The page types report names the latest page of every type, whoever
    # wrote it; portal/urls.py closes its address too (admin_urls.py).
    if not user_sees_every_page(user=request.user):
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]


@hooks.register("before_move_page")
def refuse_moves_out_of_reach(request, page, destination):
    # Wagtail's confirmation names the destination before the move is checked.
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


# After Wagtail's own (order 0), which this one replaces.
@hooks.register("construct_homepage_summary_items", order=1)
def count_explorable_pages(request, items) -> None:
    items[:] = [
        ExplorablePagesSummaryItem(request) if type(item) is PagesSummaryItem else item
        for item in items
    ]


# After Wagtail's own viewset for pages (order -1), which this one replaces.
@hooks.register("register_admin_viewset")
def register_explorer_page_viewset():
    return ExplorerPageViewSet("explorer_pages")


# After Wagtail's own (order 0), which these replace.
@hooks.register("construct_admin_api", order=1)
def narrow_the_admin_api(router) -> None:
    router.register_endpoint("pages", ExplorerPagesAPIViewSet)
    router.register_endpoint("images", ChoosableImagesAPIViewSet)
    router.register_endpoint("documents", ChoosableDocumentsAPIViewSet)


for action_class in [
    page_bulk_actions.delete.DeleteBulkAction,
    page_bulk_actions.move.MoveBulkAction,
    page_bulk_actions.publish.PublishBulkAction,
    page_bulk_actions.unpublish.UnpublishBulkAction,
    image_bulk_actions.add_tags.AddTagsBulkAction,
    image_bulk_actions.add_to_collection.AddToCollectionBulkAction,
    image_bulk_actions.delete.DeleteBulkAction,
    document_bulk_actions.add_tags.AddTagsBulkAction,
    document_bulk_actions.add_to_collection.AddToCollectionBulkAction,
    document_bulk_actions.delete.DeleteBulkAction,
]:
    hooks.register(
        "register_bulk_action", with_unseen_items_unlisted(action_class), order=1
    )


@hooks.register("register_profile_section", order=100)
def show_courses_taught_on_profile(member) -> ProfileSection:
    return ProfileSection(
        template_name="courses/partials/profile_courses.html",
        context={"courses": course_list_taught_publicly(user=member)},
    )
