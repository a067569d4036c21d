"""
The one rule for what a user may see of a course. Pages, the API, search,
chat and media delivery all ask here; nothing gated is decided elsewhere.

The outline of a published course (its title, overview, modules and lesson
titles and summaries) is public. A lesson's body is for:

- the course's teachers (owner and co-teachers) and admins, always;
- nobody else while the course, or the lesson's module, is unpublished, or
  while the course is coming soon;
- anyone, in open courses and for free-preview lessons;
- a verified email (an account's, or a session verified by emailed link)
  in email courses;
- any signed-in member in members courses;
- students granted access (enrolled, bought, plan members) in purchase
  courses, and in the others too.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest

from wagtail import hooks
from wagtail.models import ReferenceIndex

from members.models import User
from members.selectors import user_has_verified_email

from .email_access import session_verified_email
from .models import CoursePage, Enrollment, LessonPage, ModulePage
from .permissions import taught_course_paths


@dataclass(frozen=True)
class Viewer:
    """Who is looking: a user (maybe anonymous), and an email address the
    session has proved it owns, if any."""

    user: User | AnonymousUser
    verified_email: str | None = None


@dataclass(frozen=True)
class Access:
    allowed: bool
    # What would unlock it: "sign_in", "verify_email" or "purchase"; or why
    # nothing can yet: "coming_soon", "unavailable". Empty when allowed.
    unlock: str = ""


def viewer_from_request(request: HttpRequest) -> Viewer:
    return Viewer(user=request.user, verified_email=session_verified_email(request))


def user_teaches_course(*, user: User | AnonymousUser, course: CoursePage) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.role == User.Role.TEACHER and course.path in taught_course_paths(user)


def user_has_course_access(*, user: User | AnonymousUser, course: CoursePage) -> bool:
    """
    Whether the user was granted the course: enrolled (for free, by purchase
    or by an admin), or granted it by another app through the
    `grant_course_access` hook, ``fn(user=..., course=...) -> bool`` (commerce
    grants plan members the courses of their plan).
    """
    if not user.is_authenticated:
        return False
    if Enrollment.objects.filter(user=user, course=course).exists():
        return True
    return any(
        grant(user=user, course=course)
        for grant in hooks.get_hooks("grant_course_access")
    )


def course_access(*, viewer: Viewer, course: CoursePage) -> Access:
    """Whether `viewer` may read the course's lessons (free previews aside)."""
    user = viewer.user
    if user_teaches_course(user=user, course=course):
        return Access(True)
    if not course.live:
        return Access(False, "unavailable")
    if course.is_coming_soon:
        return Access(False, "coming_soon")
    if course.access_level == CoursePage.AccessLevel.OPEN:
        return Access(True)
    if user_has_course_access(user=user, course=course):
        return Access(True)
    match course.access_level:
        case CoursePage.AccessLevel.EMAIL:
            if viewer.verified_email or user_has_verified_email(user=user):
                return Access(True)
            return Access(False, "verify_email")
        case CoursePage.AccessLevel.MEMBERS:
            if user.is_authenticated:
                return Access(True)
            return Access(False, "sign_in")
    return Access(False, "purchase")


def lesson_access(*, viewer: Viewer, lesson: LessonPage, course: CoursePage) -> Access:
    if user_teaches_course(user=viewer.user, course=course):
        return Access(True)
    # Wagtail routes through unpublished parents: a published lesson under
    # an unpublished module or course is not published.
    if not lesson.live or ModulePage.objects.ancestor_of(lesson).not_live().exists():
        return Access(False, "unavailable")
    access = course_access(viewer=viewer, course=course)
    if (
        not access.allowed
        and lesson.free_preview
        and access.unlock not in ("coming_soon", "unavailable")
    ):
        return Access(True)
    return access


def course_allows_enrollment(*, user: User | AnonymousUser, course: CoursePage) -> bool:
    """Whether `user` may enroll for free (purchase courses go through commerce)."""
    if not user.is_authenticated or not course.live or course.is_coming_soon:
        return False
    match course.access_level:
        case CoursePage.AccessLevel.OPEN | CoursePage.AccessLevel.MEMBERS:
            return True
        case CoursePage.AccessLevel.EMAIL:
            return user_has_verified_email(user=user)
    return False


def lessons_using(obj) -> list[LessonPage]:
    """The lessons whose bodies use `obj` (a document, an image, a media asset)."""
    lesson_ids = (
        ReferenceIndex.get_references_to(obj)
        .filter(content_type=ContentType.objects.get_for_model(LessonPage))
        .values_list("object_id", flat=True)
    )
    return list(LessonPage.objects.filter(pk__in=[int(pk) for pk in lesson_ids]))


def file_visible_to(*, viewer: Viewer, file) -> bool:
    """
    Whether `viewer` may download a document or other file used in lessons:
    yes if it is in no lesson, or in one lesson they may read.
    """
    lessons = lessons_using(file)
    return not lessons or any(
        lesson_access(viewer=viewer, lesson=lesson, course=lesson.get_course()).allowed
        for lesson in lessons
    )
