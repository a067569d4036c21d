"""
The one rule for what a user may see of a course. Pages, the API, search,
chat and media delivery all ask here; nothing gated is decided elsewhere.

The outline of a published course (its title, overview, modules and lesson
titles and summaries) is public. A lesson's body is for:

- the course's teachers (owner and co-teachers), moderators and admins,
  always;
- nobody else while the course, or the lesson's module, is unpublished, or
  while the course is coming soon;
- anyone, in open courses and for free-preview lessons;
- a verified email (an account's, or a session verified by emailed link)
  in email courses;
- any signed-in member in members courses;
- students granted access (enrolled, bought, plan members) in purchase
  courses, and in the others too.

A course is offered for enrollment, free or for sale, only while it is
published, not coming soon, and has a published lesson to read.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Greatest, Length, Substr

from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permission_policies.pages import PagePermissionPolicy

from members.models import User
from members.selectors import user_has_verified_email

from .models import CoursePage, Enrollment, LessonPage, Subject
from .models.pages import taught_course_paths
from .viewer import Viewer

# What a lesson locked to its reader says, by what would unlock it.
LESSON_LOCKED_MESSAGES = {
    "sign_in": "Sign in to read this lesson: it is free for members.",
    "verify_email": "Verify your email address to read this lesson, for free.",
    "purchase": "Enroll in the course to read this lesson.",
    "coming_soon": "The course is coming soon; its lessons open when it is ready.",
    "unavailable": "This lesson is not published at the moment.",
}


@dataclass(frozen=True)
class Access:
    allowed: bool
    # What would unlock it: "sign_in", "verify_email" or "purchase"; or why
    # nothing can yet: "coming_soon", "unavailable". Empty when allowed.
    unlock: str = ""

    @property
    def lesson_locked_message(self) -> str:
        """What a lesson this access locks says to its reader; "" if allowed."""
        return LESSON_LOCKED_MESSAGES.get(self.unlock, "")


def user_teaches_course(*, user: User | AnonymousUser, course: CoursePage) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.role == User.Role.TEACHER and course.path in taught_course_paths(user)


def course_list_taught(*, user: User | AnonymousUser) -> QuerySet[CoursePage]:
    """The courses the user teaches (`user_teaches_course`), all at once."""
    if not user.is_authenticated or not user.is_active:
        return CoursePage.objects.none()
    if user.is_superuser:
        return CoursePage.objects.all()
    if user.role != User.Role.TEACHER:
        return CoursePage.objects.none()
    return CoursePage.objects.taught_by(user)


def user_list_teaching(*, course: CoursePage) -> QuerySet[User]:
    """
    The course's teachers, all at once: the active teachers who own or
    co-teach it (`user_teaches_course`, superusers aside: they teach every
    course without being its teachers).
    """
    return (
        _active_teachers()
        .filter(Q(pk=course.owner_id) | Q(co_taught_courses=course))
        .distinct()
    )


def user_lists_teaching(*, courses: list[CoursePage]) -> dict[int, list[User]]:
    """
    The teachers of each of `courses` (`user_list_teaching`), owner first,
    in two queries however many courses: for lists of courses.
    """
    teacher_ids: dict[int, list[int]] = {course.pk: [] for course in courses}
    for course_id, owner_id, co_teacher_id in (
        CoursePage.objects.filter(pk__in=teacher_ids)
        .order_by("pk", "co_teachers")
        .values_list("pk", "owner_id", "co_teachers")
    ):
        ids = teacher_ids[course_id]
        ids += [pk for pk in (owner_id, co_teacher_id) if pk and pk not in ids]
    teachers = _active_teachers().in_bulk(
        {pk for ids in teacher_ids.values() for pk in ids}
    )
    return {
        course_id: [teachers[pk] for pk in ids if pk in teachers]
        for course_id, ids in teacher_ids.items()
    }


def _active_teachers() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role=User.Role.TEACHER)


def user_reviews_course(*, user: User | AnonymousUser, course: CoursePage) -> bool:
    """
    Moderators who are not admins (in a group that may change the catalog's
    pages, as Moderators may): they review what teachers submit, so they
    read it.
    """
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm("wagtailadmin.access_admin")
        and "change" in course.permissions_for_user(user).permissions
    )


def user_oversees_course(*, user: User | AnonymousUser, course: CoursePage) -> bool:
    """Its teachers, moderators and admins: they read all of it, always."""
    return user_teaches_course(user=user, course=course) or user_reviews_course(
        user=user, course=course
    )


@dataclass(frozen=True)
class Grant:
    """What gives a user a course, in words they can read on its page."""

    label: str
    # When it is an enrollment: only a free one can be left.
    enrollment: Enrollment | None = None


def course_grant(*, user: User | AnonymousUser, course: CoursePage) -> Grant | None:
    """
    What grants the user the course, if anything: their enrollment (free,
    bought or given by an admin), or another app's grant (see
    `course_grants_from_hooks`). A deactivated account has none.
    """
    if not user.is_authenticated or not user.is_active:
        return None
    enrollment = Enrollment.objects.filter(user=user, course=course).first()
    if enrollment is not None:
        return Grant(label="You are enrolled.", enrollment=enrollment)
    for label, courses in course_grants_from_hooks(user=user):
        if courses.filter(pk=course.pk).exists():
            return Grant(label=label)
    return None


def course_grants_from_hooks(*, user: User) -> list[tuple[str, QuerySet[CoursePage]]]:
    """
    The courses other apps grant the user, through the `grant_course_access`
    hook, ``fn(user=...) -> [(label, courses), ...]``: a short label saying
    what grants them, and the courses it grants (commerce grants plan
    members the courses of each plan: "Included in your plan ...").
    """
    return [
        grant
        for grant_courses in hooks.get_hooks("grant_course_access")
        for grant in grant_courses(user=user)
    ]


def course_list_granted(*, user: User | AnonymousUser) -> QuerySet[CoursePage]:
    """The courses granted to the user (`course_grant`), all at once."""
    if not user.is_authenticated or not user.is_active:
        return CoursePage.objects.none()
    granted = Q(pk__in=Enrollment.objects.filter(user=user).values("course_id"))
    for _label, courses in course_grants_from_hooks(user=user):
        granted |= Q(pk__in=courses.values("pk"))
    return CoursePage.objects.filter(granted)


def user_has_course_access(*, user: User | AnonymousUser, course: CoursePage) -> bool:
    """Whether the user was granted the course (see `course_grant`)."""
    return course_grant(user=user, course=course) is not None


def course_access(*, viewer: Viewer, course: CoursePage) -> Access:
    """Whether `viewer` may read the course's lessons (free previews aside)."""
    user = viewer.user
    if user_oversees_course(user=user, course=course):
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


def course_list_overseen(*, user: User | AnonymousUser) -> QuerySet[CoursePage]:
    """The courses the user oversees (`user_oversees_course`), all at once."""
    if not user.is_authenticated or not user.is_active:
        return CoursePage.objects.none()
    if user.is_superuser:
        return CoursePage.objects.all()
    overseen = Q(pk__in=course_list_taught(user=user).values("pk"))
    if user.has_perm("wagtailadmin.access_admin"):
        policy = PagePermissionPolicy()
        overseen = reduce(
            or_,
            (
                Q(path__startswith=permission.page.path)
                for permission in policy.get_cached_permissions_for_user(user)
                if permission.permission.codename == "change_page"
            ),
            overseen,
        )
    return CoursePage.objects.filter(overseen)


def course_list_readable(*, viewer: Viewer) -> QuerySet[CoursePage]:
    """
    The courses whose lessons `viewer` may read (free previews aside):
    `course_access`, asked of every course at once, for lists and search.
    """
    user = viewer.user
    readable = Q(access_level=CoursePage.AccessLevel.OPEN) | Q(
        pk__in=course_list_granted(user=user).values("pk")
    )
    if viewer.verified_email or user_has_verified_email(user=user):
        readable |= Q(access_level=CoursePage.AccessLevel.EMAIL)
    if user.is_authenticated:
        readable |= Q(access_level=CoursePage.AccessLevel.MEMBERS)
    return CoursePage.objects.filter(
        Q(pk__in=course_list_overseen(user=user).values("pk"))
        | (Q(pk__in=course_list_previewable().values("pk")) & readable)
    )


def course_list_previewable() -> QuerySet[CoursePage]:
    """
    The courses whose free-preview lessons anyone may read: those that can
    be read at all, published and not coming soon (`lesson_access_within`).
    """
    return CoursePage.objects.live().exclude(
        availability=CoursePage.Availability.COMING_SOON
    )


def lesson_list_readable(*, viewer: Viewer) -> QuerySet[LessonPage]:
    """
    The lessons `viewer` may read (`lesson_access`), asked of every lesson at
    once: all lessons of the courses they oversee, and the published lessons
    of the courses they may read and, where the course can be read at all,
    free previews. Lessons behind a privacy setting (a password, a group)
    are left out, as the catalog leaves out such courses.
    """
    # A lesson's course: two steps up the tree (course, module, lesson).
    # PostgreSQL may compute it for pages of every type, shorter ones too.
    course_path = Substr(
        OuterRef("path"), 1, Greatest(Length(OuterRef("path")) - 2 * Page.steplen, 0)
    )

    def in_courses(courses: QuerySet[CoursePage]) -> Exists:
        return Exists(courses.filter(path=course_path))

    published = Q(pk__in=LessonPage.objects.published().values("pk"))
    return LessonPage.objects.filter(
        in_courses(course_list_overseen(user=viewer.user))
        | (published & in_courses(course_list_readable(viewer=viewer)))
        | (published & Q(free_preview=True) & in_courses(course_list_previewable()))
    ).exclude(pk__in=LessonPage.objects.not_public().values("pk"))


def lesson_access(
    *,
    viewer: Viewer,
    lesson: LessonPage,
    course: CoursePage,
    within: Access | None = None,
) -> Access:
    """
    Whether `viewer` may read the lesson. `within`: their access to the
    course (`course_access`), when the caller has it already.
    """
    if user_oversees_course(user=viewer.user, course=course):
        return Access(True)
    # Wagtail routes through unpublished parents: a published lesson under
    # an unpublished module or course is not published.
    if not lesson.live or not lesson.in_live_module():
        return Access(False, "unavailable")
    if within is None:
        within = course_access(viewer=viewer, course=course)
    return lesson_access_within(access=within, lesson=lesson)


def lesson_access_within(*, access: Access, lesson: LessonPage) -> Access:
    """
    A published lesson's access, given its course's (`course_access`): free
    previews open wherever the course can be read at all. For the lessons
    of an outline, without asking about the course once per lesson.
    """
    if (
        not access.allowed
        and lesson.free_preview
        and access.unlock not in ("coming_soon", "unavailable")
    ):
        return Access(True)
    return access


def course_has_published_lesson(*, course: CoursePage) -> bool:
    """Whether a lesson of the course is published: live, in a live module."""
    return LessonPage.objects.published().descendant_of(course).exists()


def course_takes_enrollments(*, course: CoursePage) -> bool:
    """
    Whether anyone may join the course now, for free or by buying it: it is
    published, not coming soon, and has a published lesson to read.
    """
    return (
        course.live
        and not course.is_coming_soon
        and course_has_published_lesson(course=course)
    )


def course_allows_enrollment(
    *,
    user: User | AnonymousUser,
    course: CoursePage,
    takes_enrollments: bool | None = None,
) -> bool:
    """
    Whether `user` may enroll for free (purchase courses go through commerce).
    `takes_enrollments`, when the caller already asked `course_takes_enrollments`.
    """
    if not user.is_authenticated:
        return False
    match course.access_level:
        case CoursePage.AccessLevel.OPEN | CoursePage.AccessLevel.MEMBERS:
            allowed = True
        case CoursePage.AccessLevel.EMAIL:
            allowed = user_has_verified_email(user=user)
        case _:
            allowed = False
    if takes_enrollments is None:
        takes_enrollments = course_takes_enrollments(course=course)
    return allowed and takes_enrollments


def course_allows_purchase(*, course: CoursePage) -> bool:
    """Whether the course is sold now: it has a price and takes enrollments."""
    return (
        course.access_level == CoursePage.AccessLevel.PURCHASE
        and bool(course.price)
        and course_takes_enrollments(course=course)
    )


def lessons_using(obj) -> list[LessonPage]:
    """
    The lessons whose bodies use `obj` (a document, an image, a media
    asset), live or in a draft: as recorded when each lesson was saved.
    """
    return list(
        LessonPage.objects.filter(
            file_uses__content_type=ContentType.objects.get_for_model(obj),
            file_uses__object_id=str(obj.pk),
        ).distinct()
    )


def course_grants_file(*, course: CoursePage, owner: User | None) -> bool:
    """
    Whether a file placed in a lesson of the course goes to its readers:
    only when the file's owner teaches the course. A teacher cannot hand out
    someone else's file by placing it in a lesson of their own. Admins'
    files, and the site's own (made by code, or whose uploader is gone), go
    anywhere.
    """
    return owner is None or user_teaches_course(user=owner, course=course)


def file_shown_publicly(file) -> bool:
    """
    Whether the file is no secret whatever lessons use it: a live course's
    thumbnail, a subject's icon, or used on a public live page other than a
    lesson (as Wagtail's reference index knows it).
    """
    if isinstance(file, get_image_model()) and (
        CoursePage.objects.live().public().filter(thumbnail=file).exists()
        or Subject.objects.filter(icon=file).exists()
    ):
        return True
    page_ids = (
        ReferenceIndex.get_references_to(file)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .exclude(content_type=ContentType.objects.get_for_model(LessonPage))
        .values_list("object_id", flat=True)
    )
    return (
        Page.objects.live()
        .public()
        .filter(pk__in=[int(pk) for pk in page_ids])
        .exists()
    )


def file_visible_to(*, viewer: Viewer, file) -> bool:
    """
    Whether `viewer` may download a Wagtail document or image: yes if it is
    in no lesson, or shown publicly anyway; otherwise its uploader, and
    those who may read a lesson that uses it and that its uploader teaches.
    """
    lessons = lessons_using(file)
    if not lessons or file_shown_publicly(file):
        return True
    owner = file.uploaded_by_user
    user = viewer.user
    if owner is not None and user.is_authenticated and user.pk == owner.pk:
        return user.is_active
    for lesson in lessons:
        course = lesson.get_course()
        if (
            course is not None
            and course_grants_file(course=course, owner=owner)
            and lesson_access(viewer=viewer, lesson=lesson, course=course).allowed
        ):
            return True
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def file_is_gated(file) -> bool:
    """
    Whether a lesson that not everyone may read (any lesson, whoever placed
    the file there) uses `file`: its bytes must then be kept private. (An
    image also shown publicly still goes to everyone, through the checked
    view: where the bytes live depends on the lessons alone.)
    """
    anyone = Viewer(user=AnonymousUser())
    for lesson in lessons_using(file):
        course = lesson.get_course()
        if (
            course is None
            or not lesson_access(viewer=anyone, lesson=lesson, course=course).allowed
        ):
            return True
    return False
