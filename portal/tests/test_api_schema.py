"""
The REST API against its own OpenAPI schema (schemathesis): every operation
of /api/v1/openapi.json, as it stands when the tests run, is called with
generated input, valid and not, by an anonymous client and with the tokens
of a student, an enrolled student and a teacher, over a small site with a
course, lessons, media, posts and a chat room. No input may give a 5xx, and
every answer must be one the schema declares: its status, its content type
and its body.

Examples are derandomized, so that CI sees the same inputs every run, and
bounded, so that the whole file stays within a few minutes.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings

from wagtail.models import Page, Site

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from chat.factories import MessageFactory, RoomFactory, RoomMemberFactory
from community.factories import CommentFactory, PostFactory
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
    SubjectFactory,
)
from courses.models import CoursePage, Enrollment
from courses.services import course_index_setup
from home.factories import HomePageFactory
from media_library.factories import MediaAssetFactory, review
from members.api_base import RefreshToken
from members.factories import AdminFactory, TeacherFactory, UserFactory
from notifications.factories import NotificationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.every_door, pytest.mark.search_index]

# Read from the schema the API serves, through the whole site (middleware
# and all), as a client would.
app = WSGIHandler()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
# Generated and explicit examples only: the coverage phase's edge cases
# (dozens per operation) would take the run past its time. Inputs depend
# on nothing but the schema (not on earlier answers, which change with the
# order the tests run in), so that each run sends the same requests.
schema.config.phases.update(phases=["examples", "fuzzing"])
schema.config.phases.fuzzing.extra_data_sources.responses = False
schema.config.phases.fuzzing.error_feedback.is_enabled = False

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
ROLES = ["anonymous", "student", "enrolled", "teacher"]


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def build_site() -> dict:
    """A course with modules and lessons, media, posts, a room, and people."""
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="lectern")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    index = CourseIndexPageFactory(parent=home)
    course_index_setup(index=index)
    teacher = TeacherFactory(email_verified=True)
    student = UserFactory(email_verified=True)
    enrolled = UserFactory(email_verified=True)
    admin = AdminFactory()
    courses = []
    for access_level, fields in (
        (CoursePage.AccessLevel.OPEN, {}),
        (CoursePage.AccessLevel.PURCHASE, {"price": 10, "currency": "USD"}),
    ):
        course = CoursePageFactory(
            parent=index,
            owner=teacher,
            subject=SubjectFactory(),
            access_level=access_level,
            **fields,
        )
        module = ModulePageFactory(parent=course, owner=teacher)
        for number in range(2):
            LessonPageFactory(
                parent=module,
                owner=teacher,
                free_preview=number == 0,
                body=[("paragraph", f"<p>Lesson {number}.</p>")],
            )
        courses.append(publish(course))
        Enrollment.objects.create(user=enrolled, course=course, source="purchase")
    lesson = courses[0].get_descendants().live().last().specific
    review(MediaAssetFactory(owner=student, visibility="public"), user=admin)
    MediaAssetFactory(owner=enrolled, visibility="course", course=courses[0])
    MediaAssetFactory(owner=enrolled)
    post = PostFactory(author=student)
    PostFactory(author=enrolled, course=courses[0])
    PostFactory(author=enrolled, course=courses[0], lesson=lesson)
    CommentFactory(post=post, author=enrolled)
    room = RoomFactory()
    for member in (student, enrolled):
        RoomMemberFactory(room=room, user=member)
    MessageFactory(room=room, author=student)
    NotificationFactory(recipient=enrolled)
    return {
        "anonymous": AnonymousUser(),
        "student": student,
        "enrolled": enrolled,
        "teacher": teacher,
    }


@pytest.fixture(scope="module")
def people(django_db_setup, django_db_blocker, tmp_path_factory):
    """The site, built once for the module and rolled back at its end."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=media / "public", PRIVATE_MEDIA_ROOT=media / "private"
        ),
        transaction.atomic(),
    ):
        yield build_site()
        transaction.set_rollback(True)


@pytest.fixture
def _requests_keep_the_test_transaction():
    """
    The app is called as a WSGI server calls it, in the test's thread and
    transaction; Django's test client, too, keeps the end of each request
    from closing the connection (and with it the test's transaction).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def authorization(user) -> dict[str, str]:
    if not user.is_authenticated:
        return {}
    return {"Authorization": f"Bearer {RefreshToken.for_user(user).access_token}"}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_calls_as_itself(client, people, role):
    """The run below is not a run of 401s: each role's token works."""
    user = people[role]

    response = client.get("/api/v1/me", headers=authorization(user))

    if role == "anonymous":
        assert response.status_code == 401
    else:
        assert (response.status_code, response.json()["id"]) == (200, user.pk)


@pytest.mark.usefixtures("_requests_keep_the_test_transaction")
@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    # One site for every example, built once; calls are slow next to pure code.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_its_schema_says(case, people, role):
    case.call_and_validate(headers=authorization(people[role]), checks=CHECKS)
