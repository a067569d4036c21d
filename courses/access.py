"""
The one rule for what a user may see of a course. Pages, the API, search,
chat and media delivery all ask here; nothing gated is decided elsewhere.

The outline of a published course (its title, overview, modules and lesson
titles and summaries) is public. A lesson's body is for:

- the course's teachers (owner and co-teachers), moderators and admins,
  always;
- nobody else while the course, or the lesson's module, is unpublished, or
  while the course or the lesson is coming soon;
- anyone, in open courses and for free-preview lessons;
- a verified email (an account's, or a session verified by emailed link)
  in email courses;
- any signed-in member in members courses;
- students granted access (enrolled, bought, plan members) in purchase
  courses, and in the others too;
- and, for a lesson that opens some days after enrollment (one that drips),
  only once that many days have passed since the reader enrolled: readers
  who have not enrolled enroll first;
- and, in a course that requires others (its prerequisites), or a module
  that requires the one before, only once the reader has completed them.
  A course completed stays completed (`CourseCompletion`) when it gains
  lessons; a module counts its lessons as they are.

A course is offered for enrollment, free or for sale, only while it is
published, not coming soon, and has a published lesson to read.
"""

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    CharField,
    Exists,
    Expression,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Concat, Greatest, Length, Substr
from django.template.defaultfilters import date as format_date
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.text import get_text_list

from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permission_policies.pages import PagePermissionPolicy

from members.models import User
from members.selectors import user_has_verified_email

from .models import (
    CourseCompletion,
    CoursePage,
    CoursePrerequisite,
    Enrollment,
    LessonPage,
    LessonProgress,
    ModulePage,
    Subject,
)
from .models.pages import taught_course_paths
from .viewer import Viewer

# What a lesson locked to its reader says, by what would unlock it.
LESSON_LOCKED_MESSAGES = {
    "sign_in": "Sign in to read this lesson: it is free for members.",
    "verify_email": "Verify your email address to read this lesson, for free.",
    "purchase": "Enroll in the course to read this lesson.",
    "coming_soon": "The course is coming soon; its lessons open when it is ready.",
    "lesson_coming_soon": "This lesson is coming soon.",
    "enroll": (
        "This lesson opens {days} after you enroll: enroll in the course to start."
    ),
    "opens_later": "This lesson opens to you on {date}.",
    "prerequisites": "This course requires {names}: complete {them} first.",
    "previous_module": "Complete the module {names} first.",
    "unavailable": "This lesson is not published at the moment.",
}


@dataclass(frozen=True)
class Access:
    allowed: bool
    # What would unlock it: "sign_in", "verify_email", "purchase" or, for a
    # lesson that drips, "enroll"; or why nothing can yet: "coming_soon"
    # (the course), "lesson_coming_soon", "opens_later" (a lesson that
    # drips, see `opens_at`), "unavailable". Empty when allowed.
    unlock: str = ""
    # Allowed because the reader looks after the course (`user_oversees_course`).
    oversees: bool = False
    # For "prerequisites", the courses to complete; for "previous_module",
    # the module.
    unlocked_by: tuple[Page, ...] = ()
    # A lesson that drips: how many days after enrollment it opens, and,
    # for "opens_later", when it opens to this reader.
    opens_after_days: int | None = None
    opens_at: datetime | None = None
    # When the reader enrolled, where their enrollment is what allows them:
    # lessons that drip count from it (`course_started_at`).
    enrolled_at: datetime | None = None

    @property
    def lesson_locked_message(self) -> str:
        """What a lesson this access locks says to its reader; "" if allowed."""
        return LESSON_LOCKED_MESSAGES.get(self.unlock, "").format(
            days=f"{self.opens_after_days} day{pluralize(self.opens_after_days)}",
            them=pluralize(len(self.unlocked_by), "it,them"),
            date=format_date(self.opens_at and timezone.localtime(self.opens_at)),
            names=get_text_list(
                [f"“{page.title}”" for page in self.unlocked_by], "and"
            ),
        )


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
    try:
        # A get, not .first(): one enrollment at most, so no order to ask for.
        enrollment = Enrollment.objects.get(user=user, course=course)
    except Enrollment.DoesNotExist:
        pass
    else:
        return Grant(label="You are enrolled.", enrollment=enrollment)
    for grant in course_grants_from_hooks(user=user, course=course):
        if grant.courses.filter(pk=course.pk).exists():
            return Grant(label=grant.label)
    return None


@dataclass(frozen=True)
class HookGrant:
    """
    Courses another app grants a user (the `grant_course_access` hook): a
    short label saying what grants them, the courses, and since when (for
    commerce, a plan's courses from the start of the membership). Lessons
    that drip open so many days after `since`, as after an enrollment.
    """

    label: str
    courses: QuerySet[CoursePage]
    since: datetime


def course_grants_from_hooks(
    *, user: User, course: CoursePage | None = None
) -> list[HookGrant]:
    """
    The courses other apps grant the user, through the `grant_course_access`
    hook, ``fn(user=..., course=None) -> [HookGrant, ...]`` (commerce grants
    plan members the courses of each plan: "Included in your plan ...").
    Asked about one course, a hook may leave out grants that cannot hold it.
    """
    return [
        grant
        for grant_courses in hooks.get_hooks("grant_course_access")
        for grant in grant_courses(user=user, course=course)
    ]


def course_list_granted(*, user: User | AnonymousUser) -> QuerySet[CoursePage]:
    """
    The courses granted to the user (`course_grant`) whose prerequisites
    they completed (`user_has_course_access`), all at once.
    """
    if not user.is_authenticated or not user.is_active:
        return CoursePage.objects.none()
    return CoursePage.objects.filter(_granted(user)).exclude(
        pk__in=_course_ids_awaiting_prerequisites(user=user)
    )


def _granted(user: User) -> Q:
    """The courses granted to an active user, prerequisites aside."""
    granted = Q(pk__in=Enrollment.objects.filter(user=user).values("course_id"))
    for grant in course_grants_from_hooks(user=user):
        granted |= Q(pk__in=grant.courses.values("pk"))
    return granted


def user_has_course_access(*, user: User | AnonymousUser, course: CoursePage) -> bool:
    """
    Whether the user was granted the course (see `course_grant`) and has
    completed what it requires: its students, who read it, and chat and
    post in it.
    """
    return course_grant(user=user, course=course) is not None and not (
        course_prerequisites_missing(user=user, course=course)
    )


def _below(path: str | Expression) -> Q:
    """
    The pages one or two steps below `path`, a module's lessons or a
    course's modules and lessons: treebeard's interval of a page's children
    (`get_children`), two steps deep. `path` may come from an outer query,
    where a LIKE would read every page, and the interval takes the index.
    """
    if isinstance(path, str):
        path = Value(path)
    first, last = Page.alphabet[0], Page.alphabet[-1]
    return Q(
        path__gte=Concat(path, Value(first * Page.steplen), output_field=CharField()),
        path__lte=Concat(
            path, Value(last * 2 * Page.steplen), output_field=CharField()
        ),
    )


def _lessons_left(
    *, user: User | AnonymousUser, path: str | Expression | None = None
) -> QuerySet[LessonPage]:
    """
    The lessons under `path` (a course's or a module's, or an expression)
    that the user must complete (`to_complete`) and has not.
    """
    lessons = LessonPage.objects.to_complete()
    if path is not None:
        lessons = lessons.filter(_below(path))
    if not user.is_authenticated:
        return lessons
    return lessons.exclude(
        pk__in=LessonProgress.objects.filter(
            user=user, completed_at__isnull=False
        ).values("lesson_id")
    )


def course_has_lessons_left(*, user: User | AnonymousUser, course: CoursePage) -> bool:
    """
    Whether `course`, as it is now, has lessons `user` must complete to
    finish it (`to_complete`) and has not: what a course's progress counts.
    Its prerequisites count `CourseCompletion` too.
    """
    return _lessons_left(user=user, path=course.path).exists()


def course_prerequisites_missing(
    *, user: User | AnonymousUser, course: CoursePage
) -> list[CoursePage]:
    """
    The published courses `course` requires that `user` has not completed,
    in the order its teachers listed them: one query, none for a course
    without prerequisites. A course completed once stays completed
    (`CourseCompletion`), whatever lessons it gains later.
    """
    if not course.has_prerequisites:
        return []
    links = (
        CoursePrerequisite.objects.filter(course=course, required__live=True)
        .filter(Exists(_lessons_left(user=user, path=OuterRef("required__path"))))
        .select_related("required")
        .order_by("sort_order")
    )
    if user.is_authenticated:
        links = links.exclude(
            Exists(
                CourseCompletion.objects.filter(
                    user=user, course_id=OuterRef("required_id")
                )
            )
        )
    return [link.required for link in links]


def _course_ids_awaiting_prerequisites(*, user: User | AnonymousUser) -> list[int]:
    """
    The ids of the courses whose prerequisites `user` has not all completed
    (`course_prerequisites_missing`): a list, not a subquery, which would
    nest the lists that use it deeper than SQLite's parser goes. Lessons
    are asked about only when some course has prerequisites, and kept
    completions only when some of them has lessons left.
    """
    links = list(
        CoursePrerequisite.objects.filter(required__live=True).values_list(
            "course_id", "required_id", "required__path"
        )
    )
    if not links:
        return []
    left = _paths_with_lessons_left(user=user, paths={path for *_, path in links})
    unfinished = {required_id for _, required_id, path in links if path in left}
    if unfinished and user.is_authenticated:
        unfinished -= set(
            CourseCompletion.objects.filter(
                user=user, course_id__in=unfinished
            ).values_list("course_id", flat=True)
        )
    return list(
        {course_id for course_id, required_id, _ in links if required_id in unfinished}
    )


def _paths_with_lessons_left(
    *, user: User | AnonymousUser, paths: set[str]
) -> set[str]:
    """Of `paths` (courses' or modules'), those with lessons `user` has left."""
    if not paths:
        return set()
    length = len(next(iter(paths)))
    return set(
        _lessons_left(user=user)
        .filter(_under_any(list(paths)))
        .annotate(below=Substr("path", 1, length))
        .values_list("below", flat=True)
        .distinct()
    )


def course_access(*, viewer: Viewer, course: CoursePage) -> Access:
    """Whether `viewer` may read the course's lessons (free previews aside)."""
    user = viewer.user
    if user_oversees_course(user=user, course=course):
        return Access(True, oversees=True)
    if not course.live:
        return Access(False, "unavailable")
    if course.is_coming_soon:
        return Access(False, "coming_soon")
    access = _access_by_level(viewer=viewer, course=course)
    # What would unlock the course comes first: buying it, signing in.
    if access.allowed and (
        missing := course_prerequisites_missing(user=user, course=course)
    ):
        return Access(False, "prerequisites", unlocked_by=tuple(missing))
    return access


def _access_by_level(*, viewer: Viewer, course: CoursePage) -> Access:
    """`course_access` by the course's access level and grants alone."""
    user = viewer.user
    if course.access_level == CoursePage.AccessLevel.OPEN:
        return Access(True)
    if (grant := course_grant(user=user, course=course)) is not None:
        enrollment = grant.enrollment
        return Access(True, enrolled_at=enrollment and enrollment.created_at)
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
    readable = Q(access_level=CoursePage.AccessLevel.OPEN)
    if user.is_authenticated and user.is_active:
        readable |= _granted(user)
    if viewer.verified_email or user_has_verified_email(user=user):
        readable |= Q(access_level=CoursePage.AccessLevel.EMAIL)
    if user.is_authenticated:
        readable |= Q(access_level=CoursePage.AccessLevel.MEMBERS)
    return CoursePage.objects.filter(
        Q(pk__in=course_list_overseen(user=user).values("pk"))
        | (
            Q(pk__in=course_list_previewable().values("pk"))
            & readable
            & ~Q(pk__in=_course_ids_awaiting_prerequisites(user=user))
        )
    )


def course_list_previewable() -> QuerySet[CoursePage]:
    """
    The courses whose free-preview lessons anyone may read: those that can
    be read at all, published and not coming soon (`lesson_access_within`).
    """
    return CoursePage.objects.live().exclude(
        availability=CoursePage.Availability.COMING_SOON
    )


def lesson_in_courses(courses: QuerySet[CoursePage]) -> Exists:
    """
    Whether the lesson of the outer query is in one of `courses`: its course
    is two steps up the tree (course, module, lesson). PostgreSQL may
    compute the path for pages of every type, shorter ones too.
    """
    course_path = Substr(
        OuterRef("path"), 1, Greatest(Length(OuterRef("path")) - 2 * Page.steplen, 0)
    )
    return Exists(courses.filter(path=course_path))


def lesson_list_readable(*, viewer: Viewer) -> QuerySet[LessonPage]:
    """
    The lessons `viewer` may read (`lesson_access`), asked of every lesson at
    once: all lessons of the courses they oversee, and the published lessons
    of the courses they may read and, where the course can be read at all,
    free previews; of these, not those coming soon, nor those that wait for
    the module before, nor those that drip and have not opened to the
    viewer yet. Lessons behind a privacy setting (a password, a group) are
    left out, as the catalog leaves out such courses.
    """
    user = viewer.user
    published = Q(pk__in=LessonPage.objects.published().values("pk")) & ~Q(
        availability=LessonPage.Availability.COMING_SOON
    )
    return LessonPage.objects.filter(
        lesson_in_courses(course_list_overseen(user=user))
        | (
            published
            & _lessons_opened_to(user)
            & ~_under_any(_module_paths_waiting(user=user))
            & lesson_in_courses(course_list_readable(viewer=viewer))
        )
        | (
            published
            & Q(free_preview=True)
            & lesson_in_courses(course_list_previewable())
        )
    ).exclude(pk__in=LessonPage.objects.not_public().values("pk"))


def _under_any(paths: list[str]) -> Q:
    """The pages under any of `paths`: no condition at all if there are none."""
    return reduce(or_, (Q(path__startswith=path) for path in paths), Q())


def _module_paths_waiting(*, user: User | AnonymousUser) -> list[str]:
    """
    The paths of the published modules whose lessons wait, for `user`, for
    the module before (`module_waiting_for`): a list, as
    `_course_ids_awaiting_prerequisites`, and no more queries than one
    unless some module requires the one before.
    """
    gated = list(
        ModulePage.objects.live()
        .filter(requires_previous=True)
        .values_list("path", flat=True)
    )
    if not gated:
        return []
    steplen = Page.steplen
    courses = {path[:-steplen] for path in gated}
    modules = sorted(
        ModulePage.objects.live()
        .alias(course=Substr("path", 1, len(gated[0]) - steplen))
        .filter(course__in=courses)
        .values_list("path", flat=True)
    )
    previous = {}
    for before, module in itertools.pairwise(modules):
        if module in gated and before[:-steplen] == module[:-steplen]:
            previous[module] = before
    left = _paths_with_lessons_left(user=user, paths=set(previous.values()))
    return [module for module, before in previous.items() if before in left]


def module_waiting_for(
    *, user: User | AnonymousUser, module: ModulePage
) -> ModulePage | None:
    """
    The published module before `module` if `module` requires it and
    `user` has not completed it: its lessons wait for it.
    """
    if not module.requires_previous:
        return None
    previous = (
        ModulePage.objects.live()
        .sibling_of(module)
        .filter(path__lt=module.path)
        .order_by("-path")
        .first()
    )
    if previous is None or not _lessons_left(user=user, path=previous.path).exists():
        return None
    return previous


def lessons_waiting_in(
    *, outline: list[tuple[ModulePage, list[LessonPage]]], done: set[int]
) -> dict[int, ModulePage]:
    """
    `module_waiting_for` for each lesson of a course's outline
    (`course_outline`), given the lessons the reader completed: the module
    each waits for, by lesson id, without a query.
    """
    waiting: dict[int, ModulePage] = {}
    for (previous, previous_lessons), (module, lessons) in itertools.pairwise(outline):
        if module.requires_previous and any(
            lesson.pk not in done
            for lesson in previous_lessons
            if not lesson.is_coming_soon
        ):
            waiting |= {lesson.pk: previous for lesson in lessons}
    return waiting


def _lessons_opened_to(user: User | AnonymousUser) -> Q:
    """
    The lessons that do not drip, and those that do and have opened to
    `user`: as many days have passed since the course became theirs
    (`course_started_at`): since they enrolled in it, or since another
    app granted it.
    """
    opened = Q(opens_after_days__isnull=True) | Q(opens_after_days=0)
    opened |= Q(free_preview=True)
    if not user.is_authenticated:
        return opened
    now = timezone.now()
    enrollments = Enrollment.objects.filter(
        Exists(
            LessonPage.objects.filter(
                _below(OuterRef("course__path")), opens_after_days__gt=0
            )
        ),
        user=user,
    ).values_list("course__path", "created_at")
    for path, enrolled_at in enrollments:
        opened |= Q(
            path__startswith=path, opens_after_days__lte=(now - enrolled_at).days
        )
    for grant in course_grants_from_hooks(user=user):
        opened |= Q(
            lesson_in_courses(grant.courses),
            opens_after_days__lte=(now - grant.since).days,
        )
    return opened


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
        return Access(True, oversees=True)
    # Wagtail routes through unpublished parents: a published lesson under
    # an unpublished module or course is not published.
    module = lesson.get_module()
    if not lesson.live or not module.live:
        return Access(False, "unavailable")
    if within is None:
        within = course_access(viewer=viewer, course=course)
    waiting = None
    if within.allowed and not lesson.free_preview:
        waiting = module_waiting_for(user=viewer.user, module=module)
    return lesson_accesses_within(
        access=within,
        lessons=[lesson],
        user=viewer.user,
        course=course,
        waiting={lesson.pk: waiting} if waiting else None,
    )[lesson.pk]


def lesson_accesses_within(
    *,
    access: Access,
    lessons: list[LessonPage],
    user: User | AnonymousUser,
    course: CoursePage,
    waiting: dict[int, ModulePage] | None = None,
) -> dict[int, Access]:
    """
    The access of each of `lessons`, published lessons of `course`, given
    the reader's access to the course (`course_access`) and the module each
    waits for, if any (`lessons_waiting_in`): for the lessons of an
    outline, without asking about the course once per lesson. It asks when
    `user` enrolled only if one of them drips.
    """
    enrolled_at = None
    if (
        access.allowed
        and not access.oversees
        and any(lesson.drips for lesson in lessons)
    ):
        enrolled_at = course_started_at(
            user=user, course=course, enrolled_at=access.enrolled_at
        )
    waiting = waiting or {}
    return {
        lesson.pk: lesson_access_within(
            access=access,
            lesson=lesson,
            enrolled_at=enrolled_at,
            waiting_for=waiting.get(lesson.pk),
        )
        for lesson in lessons
    }


def lesson_access_within(
    *,
    access: Access,
    lesson: LessonPage,
    enrolled_at: datetime | None = None,
    waiting_for: ModulePage | None = None,
) -> Access:
    """
    A published lesson's access, given its course's (`course_access`), the
    module it waits for (`module_waiting_for`) and, for a lesson that
    drips, when the reader enrolled in the course: free previews open
    wherever the course can be read at all, and lessons coming soon to
    nobody but those who oversee the course.
    """
    if access.oversees or access.unlock in ("coming_soon", "unavailable"):
        return access
    if lesson.is_coming_soon:
        return Access(False, "lesson_coming_soon")
    if lesson.free_preview:
        return Access(True)
    if not access.allowed:
        return access
    if waiting_for is not None:
        return Access(False, "previous_module", unlocked_by=(waiting_for,))
    if not lesson.drips:
        return access
    if enrolled_at is None:
        return Access(False, "enroll", opens_after_days=lesson.opens_after_days)
    opens_at = enrolled_at + timedelta(days=lesson.opens_after_days)
    if timezone.now() < opens_at:
        return Access(
            False,
            "opens_later",
            opens_after_days=lesson.opens_after_days,
            opens_at=opens_at,
        )
    return access


def course_started_at(
    *,
    user: User | AnonymousUser,
    course: CoursePage,
    enrolled_at: datetime | None = None,
) -> datetime | None:
    """
    When the course became `user`'s, if it did: when they enrolled (asked,
    unless `enrolled_at` says), or when another app's grant of it began (a
    plan's membership), the earliest. Lessons that drip open so many days
    after it.
    """
    if not user.is_authenticated:
        return None
    if enrolled_at is None:
        enrolled = Enrollment.objects.filter(user=user, course=course).values_list(
            "created_at", flat=True
        )
    else:
        enrolled = [enrolled_at]
    starts = [
        *enrolled,
        *(
            grant.since
            for grant in course_grants_from_hooks(user=user, course=course)
            if grant.courses.filter(pk=course.pk).exists()
        ),
    ]
    return min(starts, default=None)


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
