"""
What bench/pages.py measures, read in a Django shell on the benchmark's
scratch database: one page of each kind, chosen by the same rule at every
size (the demo's pages stay first in the tree, so most are the same pages
before and after seed_scale), and signed-in sessions to see them with.
"""

from collections import Counter

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from wagtail.models import Page, Site

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from courses.models import (
    CourseIndexPage,
    CoursePage,
    Enrollment,
    LessonPage,
    ModulePage,
    Subject,
)
from home.scale import demo_member
from members.models import User

# A later page of the catalog, as its infinite scroll asks for it (a
# catalog with fewer pages answers its last).
CATALOG_LATER_PAGE = 20


def pages() -> list[dict]:
    """Each page: what the table calls it, its path, who asks, extra headers."""
    catalog = CourseIndexPage.objects.get()
    subject = Subject.objects.order_by("name").first()
    open_courses = CoursePage.objects.live().filter(
        access_level=CoursePage.AccessLevel.OPEN
    )
    course = open_courses.order_by("path").first()
    enrollment = (
        Enrollment.objects.filter(user=student(), course__live=True)
        .exclude(course__access_level=CoursePage.AccessLevel.OPEN)
        .order_by("course__path")
        .first()
    )
    module = (
        ModulePage.objects.filter(owner=teacher()).order_by("-numchild", "path").first()
    )
    return [
        _page("home", Site.objects.get(is_default_site=True).root_page),
        _page("catalog", catalog),
        _page(
            "catalog, filtered",
            catalog,
            f"?subject={subject.slug}&level=beginner&sort=newest",
        ),
        _page(
            f"catalog, page {CATALOG_LATER_PAGE} (HTMX)",
            catalog,
            f"?page={CATALOG_LATER_PAGE}",
            headers={"HX-Request": "true"},
        ),
        _page("open course", course),
        _page("lesson", _lessons(course)[1]),
        _page(
            "lesson, enrolled",
            _lessons(enrollment.course)[1],
            visitor="student",
        ),
        {
            "name": "My learning",
            "path": reverse("courses:my_learning"),
            "visitor": "student",
            "headers": {},
        },
        {
            "name": f"admin explorer, {module.numchild} lessons",
            "path": reverse("wagtailadmin_explore", args=[module.pk]),
            "visitor": "teacher",
            "headers": {},
        },
        _page("lesson, longest open course", _middle_lesson(open_courses)),
    ]


def sessions() -> dict[str, str]:
    """
    Sessions of the demo student and teacher, signed in; the teacher has
    two-factor authentication set up, which production's admin requires.
    """
    the_teacher = teacher()
    if not Authenticator.objects.filter(user=the_teacher).exists():
        TOTP.activate(the_teacher, generate_totp_secret())
    return {"student": session_key(student()), "teacher": session_key(the_teacher)}


def _page(
    name: str,
    page: Page,
    query: str = "",
    *,
    visitor: str = "anonymous",
    headers: dict | None = None,
) -> dict:
    return {
        "name": name,
        "path": page.get_url() + query,
        "visitor": visitor,
        "headers": headers or {},
    }


def _lessons(course: CoursePage) -> list[LessonPage]:
    return list(LessonPage.objects.live().descendant_of(course).order_by("path"))


def _middle_lesson(courses) -> LessonPage:
    """The middle lesson of the course with the most lessons."""
    steps = CourseIndexPage.objects.get().depth * Page.steplen + Page.steplen
    lessons = Counter(
        path[:steps]
        for path in LessonPage.objects.live().values_list("path", flat=True)
    )
    course = max(
        courses.order_by("path").only("path", "depth"),
        key=lambda course: lessons[course.path],
    )
    return (
        LessonPage.objects.live()
        .descendant_of(course)
        .order_by("path")[lessons[course.path] // 2]
    )


def student() -> User:
    """The demo student (the one seed_scale enrolls in many courses)."""
    return demo_member(User.Role.STUDENT)


def teacher() -> User:
    """The demo teacher, who owns the demo's courses and seed_scale's long one."""
    return demo_member(User.Role.TEACHER)


def session_key(user: User) -> str:
    """A session in which `user` is signed in."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key
