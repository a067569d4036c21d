from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from courses.access import user_teaches_course
from courses.models import CoursePage
from members.models import User

from . import urls


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("analytics/", include(urls, namespace="analytics"))]


class TeachersMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        # No query: the menu is drawn on every admin page.
        user = request.user
        return user.is_superuser or user.role == User.Role.TEACHER


@hooks.register("register_reports_menu_item")
def register_analytics_menu_item():
    return TeachersMenuItem(
        "Course analytics",
        reverse("analytics:index"),
        name="course-analytics",
        icon_name="table",
        order=100,
    )


@hooks.register("register_page_header_buttons")
@hooks.register("register_page_listing_more_buttons")
def offer_course_analytics(page, user, next_url=None, view_name=None):
    """An "Analytics" button on the courses a user teaches, in the explorer."""
    if page.specific_class is CoursePage and user_teaches_course(
        user=user, course=page
    ):
        yield Button(
            "Analytics",
            reverse("analytics:report", args=[page.pk]),
            icon_name="table",
            priority=45,
        )
