from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils.functional import cached_property

from wagtail.models import Page, PagePermissionTester, WorkflowState
from wagtail.permission_policies.collections import (
    CollectionOwnershipPermissionPolicy,
)
from wagtail.permission_policies.pages import PagePermissionPolicy


def taught_course_paths(user) -> tuple[str, ...]:
    """
    The tree paths of the courses `user` owns or co-teaches, looked up once
    per request (the user object lives as long as the request), so that
    checking every row of an admin listing costs no query.
    """
    paths = getattr(user, "_taught_course_paths", None)
    if paths is None:
        from .models import CoursePage

        paths = tuple(CoursePage.objects.taught_by(user).values_list("path", flat=True))
        user._taught_course_paths = paths
    return paths


def taught_course_paths_in_review(user) -> tuple[str, ...]:
    """
    The tree paths of the courses `user` teaches that are in review (their
    workflow in progress), looked up once per request.
    """
    paths = getattr(user, "_taught_course_paths_in_review", None)
    if paths is None:
        from .models import CoursePage

        in_review = WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=Cast(OuterRef("pk"), CharField()),
        )
        paths = tuple(
            CoursePage.objects.taught_by(user)
            .filter(Exists(in_review))
            .values_list("path", flat=True)
        )
        user._taught_course_paths_in_review = paths
    return paths


class CourseTeacherPermissionTester(PagePermissionTester):
    """
    Teachers hold "add" permission on the catalog. Wagtail lets them edit
    only pages they own; within a course, every page belongs to all of the
    course's teachers (owner and co-teachers), and to nobody else.
    """

    def __init__(self, user, page) -> None:
        super().__init__(user, page)
        self.teaches_course = (
            user.is_active
            and "add" in getattr(self, "permissions", set())
            and page.path.startswith(taught_course_paths(user))
        )

    def is_restricted(self) -> bool:
        """A teacher, not a moderator or admin, on course pages."""
        return not self.user.is_superuser and "change" not in self.permissions

    @cached_property
    def course_path_in_review(self) -> str | None:
        """
        The path of the page's course when it is one of theirs in review:
        its teachers add nothing to it until the review ends (see
        courses/review.py).
        """
        if not self.teaches_course:
            return None
        in_review = taught_course_paths_in_review(self.user)
        return next((p for p in in_review if self.page.path.startswith(p)), None)

    def can_add_subpage(self) -> bool:
        if self.is_restricted() and (
            not self.teaches_course or self.course_path_in_review
        ):
            return False
        return super().can_add_subpage()

    def can_edit(self) -> bool:
        if self.is_restricted():
            return self.user.is_active and self.teaches_course
        return super().can_edit()

    def can_delete(self, ignore_bulk: bool = False) -> bool:
        if self.is_restricted():
            # Teachers may delete what is unpublished in their course, as
            # long as no student holds it: enrollments and certificates stay.
            from .models import Certificate, CoursePage, Enrollment

            if not self.teaches_course:
                return False
            if self.page.get_descendants(inclusive=True).live().exists():
                return False
            is_course = self.page.content_type_id == (
                ContentType.objects.get_for_model(CoursePage).pk
            )
            return not is_course or not (
                Enrollment.objects.filter(course_id=self.page.pk).exists()
                or Certificate.objects.filter(course_id=self.page.pk).exists()
            )
        return super().can_delete(ignore_bulk)

    def can_move_to(self, destination) -> bool:
        if self.is_restricted():
            destination_tester = destination.specific.permissions_for_user(self.user)
            if not getattr(destination_tester, "teaches_course", False):
                return False
            in_review = destination_tester.course_path_in_review
            if in_review and not self.page.path.startswith(in_review):
                return False
        return super().can_move_to(destination)

    def can_reorder_children(self) -> bool:
        # Teachers order their own course's modules and lessons.
        if self.is_restricted():
            return self.teaches_course
        return super().can_reorder_children()


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
        they teach; None where there is no such place.
        """
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
        below = reduce(
            or_, (Q(path__startswith=p.path, depth__gt=p.depth) for p in add_only)
        )
        taught = reduce(
            or_,
            (Q(path__startswith=path) for path in taught_course_paths(user)),
            Q(pk__in=[]),
        )
        return below & ~taught


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
