from wagtail.models import PagePermissionTester


class CourseTeacherPermissionTester(PagePermissionTester):
    """
    Teachers hold "add" permission on the catalog. Wagtail lets them edit
    only pages they own; within a course, every page belongs to all of the
    course's teachers (owner and co-teachers), and to nobody else.
    """

    def __init__(self, user, page) -> None:
        super().__init__(user, page)
        course = page.get_course()
        self.course = course
        self.teaches_course = (
            user.is_active
            and course is not None
            and "add" in getattr(self, "permissions", set())
            and (
                course.owner_id == user.pk
                or course.co_teachers.filter(id=user.pk).exists()
            )
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
            from .models import Certificate, Enrollment

            return (
                self.teaches_course
                and not self.page.get_descendants(inclusive=True).live().exists()
                and not (
                    self.page.pk == self.course.pk
                    and (
                        Enrollment.objects.filter(course=self.course).exists()
                        or Certificate.objects.filter(course=self.course).exists()
                    )
                )
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
