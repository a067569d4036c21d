"""
Every door closed: each URL pattern the project serves, asked for with GET
by everyone who might ask, gets what the table in url_matrix.py says.

The patterns are read from the URL resolver when the tests are collected,
so a new route without an entry in the table fails at once. The patterns
are those of portal/urls.py with DEBUG on, which adds the raw media
route (`/media/...`) to production's. Files are part of it: Wagtail's
documents, images and renditions at whatever URL their `url` gives, their
raw media paths, and media library files.

The REST API's addresses (/api/...) are asked as API clients ask them:
with the role's access token, its one credential, and no session; visitors
have no token (the email-verified visitor's session goes along, and must
count for nothing).

The world (courses, people, files, orders...) is built once for the module;
each request runs in a transaction of its own and is rolled back.
"""

import importlib.util
import json
import re
import types
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import UUIDField
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver, resolve, reverse
from django.urls.converters import UUIDConverter
from django.utils import timezone

from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Collection, Page, Site, UploadedFile
from wagtail.rich_text import RichText

import pytest
import wagtail_factories

import portal
from chat.models import Message, Report, Room, RoomMember
from commerce.models import (
    Coupon,
    Donation,
    Membership,
    Order,
    OrderItem,
    Payment,
    PaymentStatus,
    Plan,
    Provider,
    ProviderEvent,
)
from community.factories import (
    CommentFactory,
    MuteFactory,
    PostFactory,
    ReportFactory,
)
from community.models import Review, Status
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import Certificate, CoursePage, Enrollment
from courses.services import course_index_setup, course_review_workflow
from home.factories import HomePageFactory
from media_library.factories import (
    MP4_BYTES,
    MediaAssetFactory,
    image_bytes,
    review,
    uploaded,
)
from media_library.models import CaptionTrack
from media_library.services import media_asset_hide
from members.api_base import AccessToken, ErrorOut
from members.factories import AdminFactory, TeacherFactory, UserFactory
from members.models import TeacherAssignment, User
from members.roles import ROLE_GROUP_NAMES
from notifications.factories import NotificationFactory
from notifications.services import unsubscribe_token
from portal.tests.url_matrix import (
    ADMIN,
    ANONYMOUS,
    BOARD_POST_TITLE,
    CERTIFICATE_NAME,
    CHAT_MESSAGE,
    DEFAULT_ARGS,
    DRAFT_COURSE_TITLE,
    DRAFT_SECRET,
    EMAIL_SECRET,
    FILE_DOORS,
    GATED_DOCUMENT_TITLE,
    GATED_IMAGE_TITLE,
    GATED_SECRET,
    HELD_POST_TITLE,
    HIDDEN_POST_TITLE,
    HIDDEN_REVIEW_TEXT,
    MEMBERS,
    NOTIFICATION_TEXT,
    OK,
    ORDER_ITEM_TEXT,
    PAYMENT_REFERENCE,
    PRIVATE_MEDIA_TITLE,
    QUESTION_TITLE,
    ROLES,
    TABLE,
    VISITORS,
    Case,
    Outcome,
    Raw,
    matches,
)

pytestmark = [pytest.mark.django_db, pytest.mark.every_door, pytest.mark.search_index]


def served_urlconf() -> types.ModuleType:
    """portal/urls.py as a development server runs it: with DEBUG on."""
    path = Path(portal.__file__).parent / "urls.py"
    spec = importlib.util.spec_from_file_location("portal._served_urls", path)
    module = importlib.util.module_from_spec(spec)
    with override_settings(DEBUG=True):
        spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Route:
    route: str
    name: str | None
    # Named arguments, each with its converter (None for a regex group).
    arguments: dict
    positional: int

    @property
    def label(self) -> str:
        return self.name or "/" + self.route

    @property
    def is_api(self) -> bool:
        """The REST API's: asked with an access token."""
        return self.route.removeprefix("^").startswith("api/")


def walk(patterns, prefix: str = "", namespace: str = "", arguments=None):
    arguments = arguments or {}
    for pattern in patterns:
        regex = pattern.pattern.regex
        converters = pattern.pattern.converters  # none for a regex's groups
        found = {**arguments, **{key: converters.get(key) for key in regex.groupindex}}
        # Joined as Django joins them (see ResolverMatch.route).
        route = prefix + str(pattern.pattern).removeprefix("^" if prefix else "")
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from walk(pattern.url_patterns, route, inner, found)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and ":".join(filter(None, [namespace, pattern.name]))
            yield Route(route, name, found, regex.groups - len(regex.groupindex))


def served_routes() -> list[Route]:
    return list(walk(served_urlconf().urlpatterns))


def api_doors(routes: list[Route]) -> dict[str, list[Route]]:
    """
    The API's routes by address. django-ninja adds a pattern for each
    operation at an address (its GET, its PATCH...), each with its
    operation's name; Django resolves the address to the first.
    """
    doors: dict[str, list[Route]] = {}
    for route in routes:
        if route.is_api:
            doors.setdefault(route.route, []).append(route)
    return doors


def table_entry(route: Route):
    return next(
        (e for e in TABLE if e.matches(name=route.name, route=route.route)), None
    )


@dataclass(frozen=True)
class Check:
    """A case of a route's entry (or a file door): one request by each role."""

    label: str
    route: Route | None = None
    case: Case | None = None

    def __str__(self) -> str:
        return self.label


def matrix_checks() -> list[Check]:
    routes = served_routes()
    # An API address once: a GET is the same request whatever its name.
    unreached = {id(r) for same in api_doors(routes).values() for r in same[1:]}
    routes = [route for route in routes if id(route) not in unreached]
    names = Counter(route.name for route in routes)
    checks = []
    for route in routes:
        label = route.label
        if route.name and names[route.name] > 1:
            label = f"{route.name}@/{route.route}"
        found = table_entry(route)
        if found is None:
            checks.append(Check(label, route))
            continue
        checks.extend(
            Check(f"{label}[{case.label}]", route, case) for case in found.cases
        )
    checks.extend(Check(f"file[{case.label}]", None, case) for case in FILE_DOORS)
    return checks


# ------------------------------------------------------------------ the world


class World(types.SimpleNamespace):
    """Everything the cases name: pages, people, files, records."""

    def get(self, dotted: str):
        value = self
        for part in dotted.split("."):
            value = getattr(value, part)
        return value


def document(title: str, owner, content: bytes, name: str):
    return wagtail_factories.DocumentFactory(
        title=title,
        uploaded_by_user=owner,
        collection=Collection.get_first_root_node(),
        file=SimpleUploadedFile(name, content),
    )


def image(title: str, owner, content: bytes, name: str):
    return wagtail_factories.ImageFactory(
        title=title,
        uploaded_by_user=owner,
        collection=Collection.get_first_root_node(),
        file=SimpleUploadedFile(name, content),
    )


def build_world() -> World:
    w = World()
    w.home = HomePageFactory(parent=Page.get_first_root_node(), slug="lectern")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": w.home},
    )
    w.site = Site.objects.get(is_default_site=True)
    w.catalog = CourseIndexPageFactory(parent=w.home)
    course_index_setup(index=w.catalog)
    w.course_collection = Collection.get_first_root_node().add_child(
        name="Course files"
    )

    w.student = UserFactory(email_verified=True)
    w.enrolled = UserFactory(email_verified=True)
    w.buyer = UserFactory(email_verified=True)
    w.plan_member = UserFactory(email_verified=True)
    w.owner_teacher = TeacherFactory(email_verified=True)
    w.other_teacher = TeacherFactory(email_verified=True)
    w.moderator = UserFactory(email_verified=True)
    w.moderator.groups.add(Group.objects.get(name="Moderators"))
    w.admin = AdminFactory(email_verified=True)

    # Files. Each has bytes of its own, to tell which one a response holds.
    w.gated_image_bytes = image_bytes((80, 60))
    w.gated_image = image(
        GATED_IMAGE_TITLE, w.owner_teacher, w.gated_image_bytes, "diagram.png"
    )
    w.loose_image = image(
        "A picture in no lesson", w.owner_teacher, image_bytes((40, 30)), "loose.png"
    )
    w.gated_document_bytes = b"The paid lesson's worksheet."
    w.gated_document = document(
        GATED_DOCUMENT_TITLE, w.owner_teacher, w.gated_document_bytes, "worksheet.txt"
    )
    w.email_document_bytes = b"The email lesson's handout."
    w.email_document = document(
        "Handout", w.owner_teacher, w.email_document_bytes, "handout.txt"
    )
    w.loose_document_bytes = b"A file in no lesson."
    w.loose_document = document(
        "Syllabus", w.owner_teacher, w.loose_document_bytes, "syllabus.txt"
    )
    w.lesson_video = MediaAssetFactory(
        owner=w.owner_teacher, upload=uploaded("intro.mp4", MP4_BYTES), title="Intro"
    )
    w.lesson_video_bytes = MP4_BYTES

    # The paid course, by the owner teacher: a module with a gated lesson
    # that uses an image, a document and a video, and a free preview.
    w.paid_course = CoursePageFactory(
        parent=w.catalog,
        owner=w.owner_teacher,
        title="Paid course",
        access_level=CoursePage.AccessLevel.PURCHASE,
        price=Decimal("29.00"),
        currency="USD",
    )
    w.paid_module = ModulePageFactory(parent=w.paid_course, owner=w.owner_teacher)
    w.gated_lesson = LessonPageFactory(
        parent=w.paid_module,
        owner=w.owner_teacher,
        title="Paid lesson",
        body=[
            ("paragraph", RichText(f"<p>{GATED_SECRET}</p>")),
            (
                "image",
                {
                    "image": {
                        "image": w.gated_image,
                        "decorative": False,
                        "alt_text": "A diagram",
                    },
                    "caption": "",
                },
            ),
            ("file", {"document": w.gated_document, "title": ""}),
            ("video", {"asset": w.lesson_video, "embed": None, "caption": ""}),
        ],
    )
    w.preview_lesson = LessonPageFactory(
        parent=w.paid_module,
        owner=w.owner_teacher,
        title="Free preview",
        free_preview=True,
    )

    # The email course, by the owner teacher: its lesson uses a document.
    w.email_course = CoursePageFactory(
        parent=w.catalog,
        owner=w.owner_teacher,
        title="Email course",
        access_level=CoursePage.AccessLevel.EMAIL,
    )
    w.email_module = ModulePageFactory(parent=w.email_course, owner=w.owner_teacher)
    w.email_lesson = LessonPageFactory(
        parent=w.email_module,
        owner=w.owner_teacher,
        title="Email lesson",
        body=[
            ("paragraph", RichText(f"<p>{EMAIL_SECRET}</p>")),
            ("file", {"document": w.email_document, "title": ""}),
        ],
    )

    # The open course, by the other teacher.
    w.open_course = CoursePageFactory(
        parent=w.catalog, owner=w.other_teacher, title="Open course"
    )
    w.open_module = ModulePageFactory(parent=w.open_course, owner=w.other_teacher)
    w.open_lesson = LessonPageFactory(
        parent=w.open_module, owner=w.other_teacher, title="Open lesson"
    )

    # A draft course of the owner teacher's, never published.
    w.draft_course = CoursePageFactory(
        parent=w.catalog, owner=w.owner_teacher, title=DRAFT_COURSE_TITLE, live=False
    )
    w.draft_module = ModulePageFactory(
        parent=w.draft_course, owner=w.owner_teacher, live=False
    )
    w.draft_lesson = LessonPageFactory(
        parent=w.draft_module,
        owner=w.owner_teacher,
        title="Draft lesson",
        live=False,
        body=[("paragraph", RichText(f"<p>{DRAFT_SECRET}</p>"))],
    )
    # Where they would be served once published.
    w.draft_course_path = w.draft_course.relative_url(w.site)
    w.draft_lesson_path = w.draft_lesson.relative_url(w.site)

    # Publishing as the editor does: revisions, and what follows them.
    for page in (w.paid_course, w.gated_lesson, w.email_course, w.email_lesson):
        page.save_revision(user=w.owner_teacher).publish()
    w.paid_course_revision = w.paid_course.latest_revision
    # The draft course waits for a moderator's review.
    draft_revision = w.draft_course.save_revision(user=w.owner_teacher)
    w.review_workflow = course_review_workflow()
    w.draft_workflow_state = w.review_workflow.start(w.draft_course, w.owner_teacher)
    w.draft_task_state = w.draft_workflow_state.current_task_state
    w.review_task = w.draft_task_state.task
    # A query someone searched for, with a course pinned to its top.
    w.search_query = Query.get("python")
    w.search_query.editors_picks.create(page=w.paid_course, sort_order=0)
    assert draft_revision.pk == w.draft_workflow_state.current_task_state.revision_id

    # Who reads the paid course, and how.
    Enrollment.objects.create(
        user=w.enrolled, course=w.paid_course, source=Enrollment.Source.ADMIN
    )
    w.order = Order.objects.create(
        user=w.buyer,
        email=w.buyer.email,
        status=PaymentStatus.PAID,
        provider=Provider.STRIPE,
        currency="USD",
        total=w.paid_course.price,
        paid_at=timezone.now(),
    )
    OrderItem.objects.create(
        order=w.order,
        course=w.paid_course,
        description=ORDER_ITEM_TEXT,
        amount=w.paid_course.price,
    )
    w.order_payment = Payment.objects.create(
        order=w.order,
        provider=Provider.STRIPE,
        status=PaymentStatus.PAID,
        amount=w.order.total,
        currency="USD",
        reference=PAYMENT_REFERENCE,
    )
    Enrollment.objects.create(
        user=w.buyer, course=w.paid_course, source=Enrollment.Source.PURCHASE
    )
    w.plan = Plan.objects.create(
        name="Paid course plan",
        price=Decimal("40.00"),
        currency="USD",
        duration_days=120,
    )
    w.plan.courses.add(w.paid_course)
    w.coupon = Coupon.objects.create(code="MATRIX10", percent_off=10)
    w.membership = Membership.objects.create(
        user=w.plan_member,
        plan=w.plan,
        status=Membership.Status.ACTIVE,
        current_period_end=timezone.now() + timedelta(days=100),
    )
    w.provider_event = ProviderEvent.objects.create(
        provider=Provider.STRIPE,
        event_id="evt_1QmatrixPaid",
        type="checkout.session.completed",
        payload={"id": "evt_1QmatrixPaid"},
    )
    w.certificate = Certificate.objects.create(
        user=w.enrolled,
        course=w.paid_course,
        student_name=CERTIFICATE_NAME,
        course_title=w.paid_course.title,
    )
    # A donation by the enrolled student, and one by a visitor.
    w.donation = Donation.objects.create(
        donor=w.enrolled,
        recipient=w.owner_teacher,
        email=w.enrolled.email,
        status=PaymentStatus.PAID,
        provider=Provider.STRIPE,
        currency="USD",
        amount=Decimal("5.00"),
    )
    w.anonymous_donation = Donation.objects.create(
        recipient=w.owner_teacher,
        email="visitor@example.com",
        status=PaymentStatus.PAID,
        provider=Provider.STRIPE,
        currency="USD",
        amount=Decimal("7.00"),
    )

    # The enrolled student's media, in each state (their teacher is the
    # paid course's owner).
    w.private_asset = MediaAssetFactory(owner=w.enrolled, title=PRIVATE_MEDIA_TITLE)
    w.course_asset = MediaAssetFactory(
        owner=w.enrolled, title="Course", visibility="course", course=w.paid_course
    )
    w.public_asset = MediaAssetFactory(
        owner=w.enrolled, title="Public", visibility="public", course=w.paid_course
    )
    review(w.public_asset, user=w.admin)
    w.review_asset = MediaAssetFactory(
        owner=w.enrolled, title="In review", visibility="public", course=w.paid_course
    )
    w.hidden_asset = MediaAssetFactory(
        owner=w.enrolled, title="Hidden", visibility="public", course=w.paid_course
    )
    review(w.hidden_asset, user=w.admin)
    media_asset_hide(asset=w.hidden_asset, user=w.owner_teacher)
    # Captions in English for each (made directly: only videos take them
    # through the site, and the rule is the asset's, whatever its kind).
    w.captions_bytes = b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHello.\n"
    for asset in (
        w.private_asset,
        w.course_asset,
        w.public_asset,
        w.review_asset,
        w.hidden_asset,
        w.lesson_video,
    ):
        CaptionTrack.objects.create(
            asset=asset, language="en", file=ContentFile(w.captions_bytes, "en.vtt")
        )

    # Chat: the paid course's room with a reported message, the public room,
    # and a direct room between the enrolled student and their teacher.
    w.course_room = Room.objects.create(kind=Room.Kind.COURSE, course=w.paid_course)
    w.message = Message.objects.create(
        room=w.course_room, author=w.enrolled, body=CHAT_MESSAGE
    )
    w.report = Report.objects.create(
        message=w.message, reporter=w.buyer, reason="Testing"
    )
    w.public_room = Room.objects.get_or_create(kind=Room.Kind.PUBLIC)[0]
    w.direct_room = Room.objects.create(
        kind=Room.Kind.DIRECT,
        direct_key=":".join(
            str(pk) for pk in sorted((w.enrolled.pk, w.owner_teacher.pk))
        ),
    )
    for user in (w.enrolled, w.owner_teacher):
        RoomMember.objects.create(room=w.direct_room, user=user)

    # The community: a feed post by the student, a post on the paid course's
    # board and a question under its paid lesson by the enrolled student
    # (answered by the teacher), a feed post a moderator hid, and a board
    # post held for review.
    w.feed_post = PostFactory(author=w.student, title="Hello, everyone")
    w.board_post = PostFactory(
        author=w.enrolled, course=w.paid_course, title=BOARD_POST_TITLE
    )
    w.question = PostFactory(
        author=w.enrolled,
        course=w.paid_course,
        lesson=w.gated_lesson,
        title=QUESTION_TITLE,
    )
    w.hidden_post = PostFactory(
        author=w.student,
        title=HIDDEN_POST_TITLE,
        status=Status.HIDDEN,
        moderated_by=w.moderator,
        moderated_at=timezone.now(),
    )
    w.held_post = PostFactory(
        author=w.buyer, course=w.paid_course, title=HELD_POST_TITLE, status=Status.HELD
    )
    # Comments on the feed and board posts, the buyer's report on the feed
    # post, and the plan member muted on the paid course's board.
    w.feed_comment = CommentFactory(post=w.feed_post, author=w.enrolled)
    w.board_comment = CommentFactory(post=w.board_post, author=w.buyer)
    w.answer = CommentFactory(post=w.question, author=w.owner_teacher)
    w.post_report = ReportFactory(post=w.feed_post, reporter=w.buyer)
    w.mute = MuteFactory(user=w.plan_member, course=w.paid_course, muted_by=w.admin)
    # The paid course's reviews: the buyer's, and the enrolled student's,
    # hidden by a moderator.
    w.review = Review.objects.create(
        course=w.paid_course, author=w.buyer, rating=4, body="Worth it."
    )
    w.hidden_review = Review.objects.create(
        course=w.paid_course,
        author=w.enrolled,
        rating=1,
        body=HIDDEN_REVIEW_TEXT,
        body_html=f"<p>{HIDDEN_REVIEW_TEXT}</p>",
        status=Status.HIDDEN,
    )
    # What the student is told, and the link of their email digest.
    w.notification = NotificationFactory(
        recipient=w.student,
        actor=w.enrolled,
        text=NOTIFICATION_TEXT,
        url=w.feed_comment.get_absolute_url(),
    )
    w.unsubscribe_token = unsubscribe_token(w.student)

    # Admin records.
    w.subject = w.paid_course.subject
    w.teacher_assignment = TeacherAssignment.objects.create(
        teacher=w.other_teacher, student=w.student, assigned_by=w.admin
    )
    w.redirect = Redirect.objects.create(
        old_path="/old-paid-course", redirect_page=w.paid_course
    )
    w.teachers_group = Group.objects.get(name=ROLE_GROUP_NAMES[User.Role.TEACHER])
    w.uploaded_image = UploadedFile.objects.create(
        file=SimpleUploadedFile("upload.png", image_bytes()),
        uploaded_by_user=w.owner_teacher,
    )
    w.editing_session = EditingSession.objects.create(
        user=w.owner_teacher,
        content_type=w.paid_course.content_type,
        object_id=str(w.paid_course.pk),
        last_seen_at=timezone.now(),
    )
    w.media_revision = w.public_asset.latest_revision
    w.media_workflow_state = w.review_asset.current_workflow_state
    w.media_task_state = w.media_workflow_state.current_task_state
    return w


def add_file_paths(w: World) -> None:
    """The files' URLs, as they are once the lessons are saved and published."""
    for name in ("gated_image", "loose_image", "gated_document", "email_document"):
        getattr(w, name).refresh_from_db()
    w.lesson_video.refresh_from_db()
    # The size the lesson's picture asks for.
    w.gated_rendition = w.gated_image.get_rendition("max-1200x900|format-webp")
    w.loose_rendition = w.loose_image.get_rendition("max-1200x900|format-webp")
    media = settings.MEDIA_URL
    w.gated_image_raw_path = media + w.gated_image.file.name
    w.gated_rendition_raw_path = media + w.gated_rendition.file.name
    w.gated_document_raw_path = media + w.gated_document.file.name
    w.email_document_raw_path = media + w.email_document.file.name
    w.lesson_video_raw_path = media + w.lesson_video.file.name
    w.loose_image_raw_path = media + w.loose_image.file.name
    w.loose_rendition_raw_path = media + w.loose_rendition.file.name


def sign_in_everyone(w: World) -> dict[str, str | None]:
    """A session cookie for each role; anonymous has none."""
    sessions: dict[str, str | None] = {"anonymous": None}
    for role in ROLES:
        if role in VISITORS:
            continue
        client = Client()
        client.force_login(getattr(w, role))
        sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    # The email-verified visitor follows the link the email course sends.
    client = Client()
    client.post(
        reverse("courses:email_access_request", args=[w.email_course.pk]),
        {"email": "reader@example.com"},
    )
    link = next(
        word for word in mail.outbox[-1].body.split() if "/email-access/" in word
    )
    client.post(link)
    sessions["email_verified"] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


@pytest.fixture(scope="module")
def matrix_folders(tmp_path_factory):
    return tmp_path_factory.mktemp("media"), tmp_path_factory.mktemp("private-media")


@pytest.fixture(autouse=True)
def _media_root(matrix_folders):
    """The world's files stay where it put them (instead of a folder per test)."""


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, matrix_folders):
    media_root, private_root = matrix_folders
    folders = override_settings(MEDIA_ROOT=media_root, PRIVATE_MEDIA_ROOT=private_root)
    with folders, django_db_blocker.unblock(), transaction.atomic():
        # Made inside: the media route serves the folder it is given then.
        with override_settings(ROOT_URLCONF=served_urlconf()):
            # Publishing moves files once committed: run what waits for that.
            with TestCase.captureOnCommitCallbacks(execute=True):
                w = build_world()
            with TestCase.captureOnCommitCallbacks(execute=True):
                add_file_paths(w)
                w.sessions = sign_in_everyone(w)
            yield w
        transaction.set_rollback(True)


# ------------------------------------------------------------------ requests


def argument_value(w: World, value, converter):
    if isinstance(value, Raw):
        return str(value)
    found = w.get(value)
    if not hasattr(found, "pk"):
        return found
    if isinstance(converter, UUIDConverter):
        return unguessable_reference(found)
    return found.pk


def unguessable_reference(obj):
    """What addresses a record without counting ids: its unique UUID."""
    return next(
        getattr(obj, model_field.attname)
        for model_field in obj._meta.fields
        if isinstance(model_field, UUIDField) and model_field.unique
    )


def url_for(w: World, route: Route | None, case: Case) -> str:
    if case.path:
        path = str(case.path) if isinstance(case.path, Raw) else w.get(case.path)
    elif case.by_integer_id or route.name is None:
        assert "^" not in route.route, f"{route.label}: give the case a path."
        # By the route's own text: with the records' integer ids, whatever
        # the route asks for, when they are wanted.
        path = "/" + re.sub(
            r"<(?:(\w+):)?(\w+)>",
            lambda found: str(
                w.get(argument(route, case, found[2])).pk
                if case.by_integer_id
                else argument_value(
                    w, argument(route, case, found[2]), route.arguments[found[2]]
                )
            ),
            route.route,
        )
    else:
        kwargs = {
            name: argument_value(w, argument(route, case, name), converter)
            for name, converter in route.arguments.items()
        }
        assert not route.positional, f"{route.label}: give the case a path."
        path = reverse(route.name, kwargs=kwargs)
        served_by = resolve(path).route
        assert served_by == route.route, (
            f"{route.label}: {path} is served by {served_by!r}, not this route."
        )
    if case.query:
        path += "?" + re.sub(
            r"{([\w.]+)}", lambda found: str(w.get(found[1])), case.query
        )
    return path


def argument(route: Route, case: Case, name: str):
    value = case.args.get(name, DEFAULT_ARGS.get(name))
    assert value is not None, (
        f"{route.label}: no value for its argument {name!r}; give one in the "
        "table entry's args (or in DEFAULT_ARGS)."
    )
    return value


def outcome_matches(outcome: Outcome, response) -> bool:
    if response.status_code not in outcome.status:
        return False
    if outcome.api:
        return is_api_answer(response)
    if outcome.to is None:
        return True
    location = response["Location"].split("?")[0]
    sign_in = (reverse("account_login"), reverse("wagtailadmin_login"))
    dashboard = reverse("wagtailadmin_home")
    if not outcome.to:
        return not location.startswith(sign_in) and location != dashboard
    return any(
        location == target if target == dashboard else location.startswith(target)
        for target in map(reverse, outcome.to)
    )


def is_api_answer(response) -> bool:
    """JSON; an error in the API's one shape; a 401 saying how to sign in."""
    if response.get("Content-Type", "").split(";")[0] != "application/json":
        return False
    data = json.loads(response.content)
    if response.status_code < 400:
        return True
    challenge = response.get("WWW-Authenticate", "")
    if response.status_code == 401 and not challenge.startswith("Bearer"):
        return False
    return isinstance(data, dict) and data.keys() == ErrorOut.model_fields.keys()


def described(response) -> str:
    if 300 <= response.status_code < 400:
        return f"{response.status_code} to {response['Location']}"
    if getattr(response, "exc_info", None):
        return f"{response.status_code} ({response.exc_info[1]!r})"
    kind = response.get("Content-Type", "").split(";")[0]
    if kind == "application/json" and response.status_code >= 400:
        return f"{response.status_code} {response.content.decode()[:300]}"
    return f"{response.status_code} ({kind or 'no content type'})"


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def cache_directives(response) -> set[str]:
    header = response.get("Cache-Control", "")
    return {part.split("=")[0].strip().lower() for part in header.split(",")}


def request_as(world: World, role: str, *, api: bool) -> tuple[Client, dict]:
    """
    A client and headers for `role`: its session for the site's pages; its
    access token (and no session) for the API. Visitors have no token; a
    session they have goes along to the API too, as a browser sends it.
    """
    client = Client(raise_request_exception=False)
    if api and role not in VISITORS:
        token = AccessToken.for_user(world.get(role))
        return client, {"Authorization": f"Bearer {token}"}
    if world.sessions[role]:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client, {}


def check_secret(case: Case, role: str, url: str, body: bytes) -> None:
    """Gated words reach the case's readers, and nobody else."""
    if case.secret:
        shown = case.secret.encode() in body
        assert shown == (role in case.readers), (
            f"GET {url} as {role}: {case.secret!r} is "
            f"{'shown' if shown else 'missing'}."
        )


@pytest.mark.parametrize("check", matrix_checks(), ids=str)
def test_url_matrix(world, check):
    """
    Each role asks in a transaction of its own, rolled back, with the cache
    emptied: as if each were a test of its own (one test per case rather
    than per request took a quarter off the matrix's time, measured). Every
    role's wrong answer is reported, not only the first.
    """
    assert check.case is not None, (
        f"The route {check.label} (/{check.route.route}) is not in the URL "
        "matrix: add it to TABLE in portal/tests/url_matrix.py, with the rule "
        "that says who may have it."
    )
    wrong = []
    for role in ROLES:
        cache.clear()
        with transaction.atomic():
            try:
                check_as(world, check, role)
            except AssertionError as error:
                wrong.append(str(error))
            transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)


def check_as(world: World, check: Check, role: str) -> None:
    case = check.case
    api = check.route is not None and check.route.is_api
    client, headers = request_as(world, role, api=api)
    url = url_for(world, check.route, case)

    response = client.get(url, headers=headers)

    expected = case.rule.expect(role)
    assert any(outcome_matches(outcome, response) for outcome in expected), (
        f"GET {url} as {role} ({case.rule.name}): expected "
        f"{' or '.join(map(str, expected))}, got {described(response)}"
    )
    body = body_of(response)
    # An API refusal says why, never what: its body is checked too.
    if response.status_code == 200 or api:
        check_secret(case, role, url, body)
    if response.status_code != 200:
        return
    if case.content and OK in expected:
        assert body == world.get(case.content), f"GET {url} as {role}: wrong bytes"
    if case.shared:
        return
    if api and not headers:
        # A token holder may be answered otherwise at the same address:
        # shared caches must not give them this answer.
        assert "authorization" in vary_headers(response), (
            f"GET {url} as {role}: an API answer without a token must say "
            f"Vary: Authorization; it says {response.get('Vary')!r}"
        )
    elif role in MEMBERS or (case.gated and role != ANONYMOUS):
        assert "private" in cache_directives(response), (
            f"GET {url} as {role}: a response that depends on who asks must "
            f"say Cache-Control: private; it says {response.get('Cache-Control')!r}"
        )


def vary_headers(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def api_checks() -> list[Check]:
    return [
        check
        for check in matrix_checks()
        if check.route is not None and check.route.is_api
    ]


@pytest.mark.parametrize("check", api_checks(), ids=lambda check: check.label)
def test_api_takes_no_session(world, check):
    """The admin's session, without a token, is a visitor's to the API."""
    assert check.case is not None, "See test_url_matrix."
    case = check.case
    client = Client(raise_request_exception=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[ADMIN]
    url = url_for(world, check.route, case)

    response = client.get(url)

    expected = case.rule.expect(ANONYMOUS)
    assert any(outcome_matches(outcome, response) for outcome in expected), (
        f"GET {url} with the admin's session and no token: expected "
        f"{' or '.join(map(str, expected))}, got {described(response)}"
    )
    check_secret(case, ANONYMOUS, url, body_of(response))


def test_names_of_one_api_address_share_an_entry():
    """The matrix asks an API address once (see matrix_checks): whichever of
    its operations' names it goes by, the table must say the same of it."""
    differing = {
        address: [route.name for route in same]
        for address, same in api_doors(served_routes()).items()
        if len({id(table_entry(route)) for route in same}) > 1
    }
    assert not differing, (
        f"Name these together in one entry of TABLE, for they are one address: "
        f"{differing}"
    )


def test_every_table_entry_matches_a_route():
    """Entries for routes that are gone (or mistyped) would check nothing."""
    routes = served_routes()
    stale = [
        match
        for entry in TABLE
        for match in entry.match
        if not any(matches(match, name=r.name, route=r.route) for r in routes)
    ]
    assert not stale, f"These table entries match no route: {stale}"
