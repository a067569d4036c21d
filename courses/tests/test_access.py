"""The access matrix: who may read a lesson's body, for every access level."""

import time

from django.contrib.auth.models import AnonymousUser

import pytest
from allauth.account.models import EmailAddress

from courses.access import lesson_access
from courses.models import CoursePage, Enrollment, LessonPage
from courses.viewer import SESSION_KEY, Viewer
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

OPEN, EMAIL, MEMBERS, PURCHASE = CoursePage.AccessLevel


def verified_member():
    user = UserFactory()
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


VIEWERS = {
    "anonymous": lambda course: Viewer(AnonymousUser()),
    "email session": lambda course: Viewer(AnonymousUser(), "visitor@example.com"),
    "member": lambda course: Viewer(UserFactory()),
    "verified member": lambda course: Viewer(verified_member()),
    "enrolled": lambda course: Viewer(
        Enrollment.objects.create(
            user=UserFactory(), course=course, source="purchase"
        ).user
    ),
    "owner": lambda course: Viewer(course.owner),
    "co-teacher": lambda course: Viewer(course.co_teachers.first()),
    "other teacher": lambda course: Viewer(TeacherFactory()),
    "admin": lambda course: Viewer(AdminFactory()),
}

# Who reads the body, per access level.
STAFF = {"owner", "co-teacher", "admin"}
MATRIX = {
    OPEN: set(VIEWERS),
    EMAIL: {"email session", "verified member", "enrolled", *STAFF},
    MEMBERS: {"member", "verified member", "enrolled", "other teacher", *STAFF},
    PURCHASE: {"enrolled", *STAFF},
}


@pytest.mark.parametrize("level", list(MATRIX))
@pytest.mark.parametrize("who", list(VIEWERS))
def test_access_matrix(make_course, level, who):
    co_teacher = TeacherFactory()
    course = make_course(
        access_level=level, price=5 if level == PURCHASE else None, currency="USD"
    )
    course.co_teachers.add(co_teacher)
    course.save()  # ParentalManyToManyField: stored on save
    lesson = LessonPage.objects.descendant_of(course).first()

    access = lesson_access(viewer=VIEWERS[who](course), lesson=lesson, course=course)

    assert access.allowed == (who in MATRIX[level])


@pytest.mark.parametrize(
    ("level", "unlock"),
    [(EMAIL, "verify_email"), (MEMBERS, "sign_in"), (PURCHASE, "purchase")],
)
def test_locked_lessons_say_what_unlocks_them(make_course, level, unlock):
    course = make_course(
        access_level=level, price=5 if level == PURCHASE else None, currency="USD"
    )
    lesson = LessonPage.objects.descendant_of(course).first()

    access = lesson_access(viewer=Viewer(AnonymousUser()), lesson=lesson, course=course)

    assert (access.allowed, access.unlock) == (False, unlock)


def test_free_preview_lessons_are_open_in_any_course(make_course):
    course = make_course(access_level=PURCHASE, price=5, currency="USD")
    lesson = LessonPage.objects.descendant_of(course).first()
    lesson.free_preview = True

    assert lesson_access(
        viewer=Viewer(AnonymousUser()), lesson=lesson, course=course
    ).allowed


def test_coming_soon_courses_show_no_lesson_to_students(make_course):
    course = make_course(availability=CoursePage.Availability.COMING_SOON)
    lesson = LessonPage.objects.descendant_of(course).first()
    lesson.free_preview = True
    student = UserFactory()
    Enrollment.objects.create(user=student, course=course, source="admin")

    access = lesson_access(viewer=Viewer(student), lesson=lesson, course=course)

    assert (access.allowed, access.unlock) == (False, "coming_soon")
    assert lesson_access(
        viewer=Viewer(course.owner), lesson=lesson, course=course
    ).allowed


def log_in_as(client, who: str, course) -> None:
    """Make `client` the viewer named `who`, through the same doors users use."""
    match who:
        case "anonymous":
            return
        case "email session":
            session = client.session
            session[SESSION_KEY] = {"email": "v@example.com", "until": time.time() + 60}
            session.save()
            return
        case "co-teacher":
            user = course.co_teachers.first()
        case "owner":
            user = course.owner
        case _:
            user = VIEWERS[who](course).user
    client.force_login(user)


@pytest.mark.parametrize("level", list(MATRIX))
@pytest.mark.parametrize("who", list(VIEWERS))
def test_access_matrix_on_the_rendered_lesson(client, make_course, level, who):
    co_teacher = TeacherFactory()
    price = {"price": 5, "currency": "USD"} if level == PURCHASE else {}
    course = make_course(access_level=level, **price)
    course.co_teachers.add(co_teacher)
    course.save()
    lesson = LessonPage.objects.descendant_of(course).first()
    log_in_as(client, who, course)

    content = client.get(lesson.url).content.decode()

    assert ('data-testid="lesson-body"' in content) == (who in MATRIX[level])
    assert ("The secret of this lesson." in content) == (who in MATRIX[level])
    # Search engines are asked to leave out a lesson shown locked.
    noindex = '<meta name="robots" content="noindex">' in content
    assert noindex == (who not in MATRIX[level])
