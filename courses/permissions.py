from django.contrib.contenttypes.models import ContentType

from wagtail.models import PagePermissionTester


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

    def can_add_subpage(self) -> bool:
        if self.is_restricted() and not self.teaches_course:
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
        return super().can_move_to(destination)

    def can_reorder_children(self) -> bool:
        # Teachers order their own course's modules and lessons.
        if self.is_restricted():
            return self.teaches_course
        return super().can_reorder_children()
