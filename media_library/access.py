"""
Who may see and manage a media asset. Questions about courses (who teaches
one, who belongs to it, who may read a lesson) go to courses.access, the one
rule every door asks.

An asset's files go to:

- its owner, the owner's teachers, and moderators (admins), always;
- the teachers of its course, unless it is private (they review it);
- nobody else while it is hidden;
- anyone once it is public (shared publicly and approved);
- the members of its course, when shared with the course;
- those who may read a lesson of its owner's course that uses it.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from courses.access import (
    course_grants_file,
    course_list_granted,
    lesson_access,
    lessons_using,
    user_has_course_access,
    user_teaches_course,
)
from courses.models import CoursePage
from courses.selectors import student_list_of_teacher, teacher_has_student
from courses.viewer import Viewer
from members.models import User

from .models import MediaAsset, MediaAssetQuerySet


def user_moderates_media(user: User | AnonymousUser) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm("media_library.change_mediaasset")
    )


def user_owns_asset(*, user: User | AnonymousUser, asset: MediaAsset) -> bool:
    return user.is_authenticated and user.is_active and asset.owner_id == user.pk


def user_teaches_owner(*, user: User | AnonymousUser, asset: MediaAsset) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.role == User.Role.TEACHER
        and teacher_has_student(teacher=user, student=asset.owner)
    )


def user_can_edit_asset(*, user: User | AnonymousUser, asset: MediaAsset) -> bool:
    """Change its title, description and tags."""
    return (
        user_owns_asset(user=user, asset=asset)
        or user_teaches_owner(user=user, asset=asset)
        or user_moderates_media(user)
    )


def user_can_hide_asset(*, user: User | AnonymousUser, asset: MediaAsset) -> bool:
    """Take a member's asset out of sight: their teachers and moderators."""
    return not user_owns_asset(user=user, asset=asset) and (
        user_teaches_owner(user=user, asset=asset) or user_moderates_media(user)
    )


def user_can_delete_asset(*, user: User | AnonymousUser, asset: MediaAsset) -> bool:
    return user_owns_asset(user=user, asset=asset) or user_moderates_media(user)


def asset_is_visible_to(*, viewer: Viewer, asset: MediaAsset) -> bool:
    user = viewer.user
    if user_can_edit_asset(user=user, asset=asset):
        return True
    if (
        asset.course
        and asset.visibility != MediaAsset.Visibility.PRIVATE
        and user_teaches_course(user=user, course=asset.course)
    ):
        return True
    if asset.hidden_at is not None:
        return False
    if asset.is_public:
        return True
    if (
        asset.visibility == MediaAsset.Visibility.COURSE
        and asset.course
        and user_has_course_access(user=user, course=asset.course)
    ):
        return True
    return asset_in_readable_lesson(viewer=viewer, asset=asset)


def asset_list_visible_to(*, viewer: Viewer) -> MediaAssetQuerySet:
    """
    The assets `viewer` may see (`asset_is_visible_to`), all at once, for
    lists and search; except those seen only through a lesson that uses
    them, which are found through the lesson.
    """
    user = viewer.user
    if user_moderates_media(user):
        return MediaAsset.objects.all()
    not_hidden = Q(hidden_at__isnull=True)
    visible = Q(visibility=MediaAsset.Visibility.PUBLIC, live=True) & not_hidden
    if user.is_authenticated and user.is_active:
        visible |= Q(owner=user)
        visible |= (
            Q(visibility=MediaAsset.Visibility.COURSE)
            & Q(course__in=course_list_granted(user=user).values("pk"))
            & not_hidden
        )
        if user.role == User.Role.TEACHER:
            visible |= Q(owner__in=student_list_of_teacher(teacher=user).values("pk"))
            visible |= Q(
                course__in=CoursePage.objects.taught_by(user).values("pk")
            ) & ~Q(visibility=MediaAsset.Visibility.PRIVATE)
    return MediaAsset.objects.filter(visible)


def asset_in_readable_lesson(*, viewer: Viewer, asset: MediaAsset) -> bool:
    """
    Whether a lesson that `viewer` may read uses the asset. Only lessons of
    courses its owner teaches count: a teacher cannot hand out someone
    else's private file by placing it in a lesson.
    """
    for lesson in lessons_using(asset):
        course = lesson.get_course()
        if (
            course is not None
            and course_grants_file(course=course, owner=asset.owner)
            and lesson_access(viewer=viewer, lesson=lesson, course=course).allowed
        ):
            return True
    return False
