"""
The permission matrix: every media view and file URL, for everyone who might
ask. Refusals: anonymous visitors are sent to sign in, members get 403.
"""

from django.urls import reverse

import pytest

from courses.factories import LessonPageFactory
from courses.models import CoursePage, Enrollment
from media_library.factories import MP4_BYTES, MediaAssetFactory, review, uploaded
from media_library.models import MediaAsset
from media_library.services import media_asset_hide
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

EVERYONE = {
    "owner",
    "classmate",
    "other_student",
    "teacher",
    "assigned_teacher",
    "other_teacher",
    "moderator",
    "admin",
    "anonymous",
}
# Those who look after the owner's media whatever its state.
CARETAKERS = {"owner", "teacher", "assigned_teacher", "moderator", "admin"}


@pytest.fixture
def everyone(people, course):
    classmate = UserFactory()
    Enrollment.objects.create(user=classmate, course=course, source="free")
    return {**people, "classmate": classmate}


def asset_in_state(
    state: str, owner, course, django_capture_on_commit_callbacks, **fields
):
    if state == "private":
        return MediaAssetFactory(owner=owner, **fields)
    if state in ("course", "hidden_course"):
        asset = MediaAssetFactory(
            owner=owner, visibility="course", course=course, **fields
        )
        if state == "hidden_course":
            media_asset_hide(asset=asset, user=owner_teacher(course))
        return asset
    asset = MediaAssetFactory(owner=owner, visibility="public", course=course, **fields)
    if state == "in_review":
        return asset
    with django_capture_on_commit_callbacks(execute=True):
        review(asset)
    asset.refresh_from_db()
    if state == "hidden":
        with django_capture_on_commit_callbacks(execute=True):
            media_asset_hide(asset=asset, user=owner_teacher(course))
        asset.refresh_from_db()
    return asset


def owner_teacher(course: CoursePage):
    return course.owner


def urls(asset: MediaAsset) -> list[str]:
    return [
        asset.get_absolute_url(),
        *(
            reverse("media_library:file", args=[asset.pk, rendition])
            for rendition in ("file", "preview", "thumbnail")
        ),
    ]


def outcome(client, person, url: str) -> str:
    if person is None:
        client.logout()
    else:
        client.force_login(person)
    response = client.get(url)
    if response.status_code == 200:
        return "allowed"
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "sign in"
    assert response.status_code == 403, (url, response.status_code)
    return "refused"


# Who sees media in each state (and its files, captions included).
WHO_SEES = [
    ("private", CARETAKERS),
    ("course", CARETAKERS | {"classmate"}),
    # The course's teacher reviews it (here also the owner's teacher).
    ("in_review", CARETAKERS),
    ("public", EVERYONE),
    ("hidden", CARETAKERS),
    ("hidden_course", CARETAKERS),
]


@pytest.mark.parametrize(("state", "allowed"), WHO_SEES)
def test_who_sees_media_and_its_files(
    client, everyone, course, django_capture_on_commit_callbacks, state, allowed
):
    asset = asset_in_state(
        state, everyone["owner"], course, django_capture_on_commit_callbacks
    )

    for name, person in everyone.items():
        expected = (
            "allowed" if name in allowed else "sign in" if person is None else "refused"
        )
        for url in urls(asset):
            assert outcome(client, person, url) == expected, (state, name, url)


def test_course_teachers_see_course_media_of_students_not_in_their_care(
    client, course, teacher
):
    # A student who left the course keeps media shared with it for review.
    outsider = UserFactory(email_verified=True)
    Enrollment.objects.create(user=outsider, course=course, source="free")
    asset = MediaAssetFactory(owner=outsider, visibility="public", course=course)
    private = MediaAssetFactory(owner=outsider, course=course)
    Enrollment.objects.filter(user=outsider).delete()

    assert outcome(client, teacher, asset.get_absolute_url()) == "allowed"
    assert outcome(client, teacher, private.get_absolute_url()) == "refused"


@pytest.mark.parametrize(
    ("view", "method", "allowed"),
    [
        ("edit", "get", CARETAKERS),
        ("delete", "get", {"owner", "moderator", "admin"}),
        ("hide", "post", CARETAKERS - {"owner"}),
        ("unhide", "post", CARETAKERS - {"owner"}),
    ],
)
def test_who_manages_media(client, everyone, course, view, method, allowed):
    for name, person in everyone.items():
        asset = MediaAssetFactory(owner=everyone["owner"])
        if view == "unhide":
            media_asset_hide(asset=asset, user=owner_teacher(course))
        url = reverse(f"media_library:{view}", args=[asset.pk])
        if person is None:
            client.logout()
        else:
            client.force_login(person)
        response = getattr(client, method)(url)
        if name in allowed:
            assert response.status_code in (200, 302), (view, name)
            assert "/accounts/login/" not in response.get("Location", "")
        elif person is None:
            assert response["Location"].startswith("/accounts/login/")
        else:
            assert response.status_code == 403, (view, name)


def test_private_files_are_not_in_the_public_media_folder(client, student, settings):
    asset = MediaAssetFactory(owner=student)

    for file in asset.files:
        assert not (settings.MEDIA_ROOT / file.name).exists()
        assert (settings.PRIVATE_MEDIA_ROOT / file.name).exists()


@pytest.fixture
def paid_lesson(course, teacher):
    """A lesson of a purchase course whose video is the teacher's private upload."""
    course.access_level = CoursePage.AccessLevel.PURCHASE
    course.price, course.currency = 10, "USD"
    course.save_revision().publish()
    video = MediaAssetFactory(owner=teacher, upload=uploaded("intro.mp4", MP4_BYTES))
    lesson = LessonPageFactory(
        parent=course.get_children().first(),
        owner=teacher,
        body=[("video", {"asset": video, "embed": None, "caption": "Welcome"})],
    )
    return lesson, video


def test_media_in_a_paid_lesson_goes_only_to_those_who_may_read_it(
    client, course, paid_lesson
):
    lesson, video = paid_lesson
    file_url = reverse("media_library:file", args=[video.pk, "file"])
    buyer = UserFactory()
    Enrollment.objects.create(user=buyer, course=course, source="purchase")

    assert outcome(client, None, file_url) == "sign in"
    assert outcome(client, UserFactory(), file_url) == "refused"
    assert outcome(client, buyer, file_url) == "allowed"
    client.force_login(buyer)
    page = client.get(lesson.url)
    assert f'src="{file_url}"' in page.content.decode()


def test_a_lesson_cannot_hand_out_someone_elses_private_media(
    client, course, teacher, student
):
    private = MediaAssetFactory(owner=student, upload=uploaded("me.mp4", MP4_BYTES))
    LessonPageFactory(
        parent=course.get_children().first(),
        owner=teacher,
        body=[("video", {"asset": private, "embed": None, "caption": ""})],
    )
    classmate = UserFactory()
    Enrollment.objects.create(user=classmate, course=course, source="free")

    url = reverse("media_library:file", args=[private.pk, "file"])
    assert outcome(client, classmate, url) == "refused"
