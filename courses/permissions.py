"""
The Wagtail permission policies of the courses app: for pages, the course
is the unit of ownership; for images and documents, teachers choose only
what they may use. What a teacher may do to one page of a course is the
page's own permission tester (`courses.models.pages`).
"""

from functools import reduce
from operator import or_

from django.db.models import Q
from django.db.models.functions import Substr
from django.db.models.lookups import In

from wagtail.models import Page
from wagtail.permission_policies.collections import (
    CollectionOwnershipPermissionPolicy,
)
from wagtail.permission_policies.pages import PagePermissionPolicy

from members.kept import kept_on_user

from .models.pages import CoursePage, taught_course_paths


class CoursePagePermissionPolicy(PagePermissionPolicy):
    """
    Wagtail's page policy, with the course as the unit of ownership. Wagtail
    shows whoever may add pages somewhere every page below it; below a page
    where a user may add but not change pages (teachers, on the catalog),
    they see only the courses they teach. The explorer, page search, the
    sidebar's explorer and the site history all ask here.
    """

    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        hidden = self.pages_of_other_courses(user)
        return pages if hidden is None else pages.exclude(hidden)

    def pages_of_other_courses(self, user) -> Q | None:
        """
        The pages below where `user` may only add pages, outside the courses
        they teach; None where there is no such place. Worked out once per
        request (on the user object, as `taught_course_paths`): an explorer
        page asks five times.
        """
        return kept_on_user(
            user,
            "_pages_of_other_courses",
            lambda: self._pages_of_other_courses(user),
        )

    def _pages_of_other_courses(self, user) -> Q | None:
        grants = self.get_cached_permissions_for_user(user)
        codename = self._get_permission_codename
        changeable = tuple(
            grant.page.path
            for grant in grants
            if grant.permission.codename == codename("change")
        )
        add_only = [
            grant.page
            for grant in grants
            if grant.permission.codename == codename("add")
            and not grant.page.path.startswith(changeable)
        ]
        if not add_only:
            return None
        # Compared by the path of the page's course (the prefix as long as
        # a taught course's), as a set: a teacher of thousands of courses
        # costs a subquery, not a condition per course.
        taught = CoursePage.objects.taught_by(user)
        taught_q = reduce(
            or_,
            (
                Q(
                    In(
                        Substr("path", 1, length),
                        taught.filter(depth=length // Page.steplen).values("path"),
                    )
                )
                for length in sorted({len(path) for path in taught_course_paths(user)})
            ),
            Q(pk__in=[]),
        )
        below = reduce(
            or_, (Q(path__startswith=p.path, depth__gt=p.depth) for p in add_only)
        )
        return below & ~taught_q


class UploadPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """
    Wagtail's policy for images and documents, where whoever may change an
    item may also choose it. Teachers may add but not change: they choose
    among their own uploads and in the collections their group may choose
    from (Shared), and never see another teacher's files.
    """

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return super().user_has_any_permission_for_instance(
            user, _with_change_if_choosing(actions), instance
        )

    def instances_user_has_any_permission_for(self, user, actions):
        return super().instances_user_has_any_permission_for(
            user, _with_change_if_choosing(actions)
        )


def _with_change_if_choosing(actions) -> set[str]:
    actions = set(actions)
    if "choose" in actions:
        actions.add("change")
    return actions
