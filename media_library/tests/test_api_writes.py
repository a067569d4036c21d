"""
The media API's writes: uploads through the site's checks, changes,
deletion and hiding, for everyone who might try.
"""

from pathlib import Path

from django.conf import settings
from django.urls import reverse

import pytest

from media_library.factories import (
    MP4_BYTES,
    PDF_BYTES,
    MediaAssetFactory,
    image_bytes,
    review,
    uploaded,
)
from media_library.models import MediaAsset
from media_library.services import media_asset_hide
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("api:media_list")


def detail_url(asset: MediaAsset) -> str:
    return reverse("api:media_detail", args=[asset.pk])


def hide_url(asset: MediaAsset) -> str:
    return reverse("api:media_hide", args=[asset.pk])


def stored_files() -> list[Path]:
    roots = [Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)]
    return [path for root in roots if root.exists() for path in root.rglob("*.*")]


def patch(client, asset: MediaAsset, data: dict):
    return client.patch(detail_url(asset), data, content_type="application/json")


# Uploading


def test_a_student_uploads_an_image_with_its_details(api_client, student):
    client = api_client(student)

    response = client.post(
        UPLOAD_URL,
        {
            "file": uploaded("river.png", image_bytes((800, 600))),
            "title": " The river ",
            "description": "Taken at dawn.",
            "tags": ["nature", "water"],
        },
    )

    asset = MediaAsset.objects.get()
    body = response.json()
    assert response.status_code == 201
    assert body["id"] == asset.pk
    assert body["url"] == "http://testserver" + detail_url(asset)
    assert (body["title"], body["description"]) == ("The river", "Taken at dawn.")
    assert sorted(body["tags"]) == ["nature", "water"]
    assert (body["kind"], body["width"], body["height"]) == ("image", 800, 600)
    assert (body["visibility"], body["state"]["code"]) == ("private", "private")
    assert asset.owner == student
    assert len(stored_files()) == 3  # the original, a preview and a thumbnail
    assert client.get(body["file_url"]).status_code == 200


def test_an_upload_shared_publicly_goes_to_review(api_client, student, course):
    response = api_client(student).post(
        UPLOAD_URL,
        {
            "file": uploaded("talk.mp4", MP4_BYTES),
            "poster": uploaded("poster.png", image_bytes()),
            "visibility": "public",
            "course": course.pk,
        },
    )

    body = response.json()
    assert response.status_code == 201
    assert body["title"] == "talk"
    assert body["state"]["code"] == "in_review"
    assert body["is_public"] is False
    assert body["course"]["id"] == course.pk
    assert body["thumbnail_url"]
    assert api_client().get(detail_url(MediaAsset.objects.get())).status_code == 404


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"file": uploaded("empty.pdf", b"")}, "file", "The file is empty."),
        (
            {"file": uploaded("photo.png", b"<svg onload=alert(1)>")},
            "file",
            "SVG, HTML and other markup files are not accepted",
        ),
        (
            {"file": uploaded("notes.pdf", b"MZ\x90\x00\x03" + bytes(200))},
            "file",
            "Files of type application/x-msdownload are not accepted.",
        ),
        (
            {"file": uploaded("photo.png", image_bytes()[:80])},
            "file",
            "The file is not an image we can read.",
        ),
        (
            {
                "file": uploaded("talk.mp4", MP4_BYTES),
                "poster": uploaded("poster.png", PDF_BYTES),
            },
            "poster",
            "The file is not an image we can read.",
        ),
    ],
)
def test_a_refused_upload_says_why_and_keeps_nothing(
    api_client, student, data, field, message
):
    response = api_client(student).post(UPLOAD_URL, data)

    body = response.json()
    assert response.status_code == 400
    assert message in " ".join(body["fields"][field])
    assert message in body["message"]
    assert MediaAsset.objects.count() == 0
    assert stored_files() == []


def test_a_file_is_what_its_content_says_not_its_name(api_client, student):
    response = api_client(student).post(
        UPLOAD_URL, {"file": uploaded("photo.png", PDF_BYTES)}
    )

    body = response.json()
    assert response.status_code == 201
    assert (body["kind"], body["mime_type"]) == ("document", "application/pdf")
    assert MediaAsset.objects.get().file.name.endswith(".pdf")


def test_uploads_over_the_size_limit_of_their_kind_are_refused(
    api_client, student, settings
):
    settings.MEDIA_LIBRARY_MAX_UPLOAD_SIZES = {
        **settings.MEDIA_LIBRARY_MAX_UPLOAD_SIZES,
        "image": 100,
    }

    response = api_client(student).post(
        UPLOAD_URL, {"file": uploaded("big.png", image_bytes((200, 200)))}
    )

    assert response.status_code == 400
    assert "may be at most 100" in response.json()["fields"]["file"][0]
    assert MediaAsset.objects.count() == 0
    assert stored_files() == []


def test_images_with_too_many_pixels_are_refused(api_client, student, settings):
    settings.MEDIA_LIBRARY_MAX_IMAGE_PIXELS = 1000

    response = api_client(student).post(
        UPLOAD_URL, {"file": uploaded("wide.png", image_bytes((100, 20)))}
    )

    assert response.status_code == 400
    assert "images may have at most 1,000 pixels" in response.json()["message"]
    assert MediaAsset.objects.count() == 0
    assert stored_files() == []


def test_an_upload_needs_a_file(api_client, student):
    response = api_client(student).post(UPLOAD_URL, {"title": "Nothing"})

    assert response.status_code == 422
    assert "file" in response.json()["fields"]
    assert MediaAsset.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            lambda course: {"visibility": "course"},
            "Choose the course to share it with.",
        ),
        (lambda course: {"course": 987654}, "There is no course with this id."),
    ],
)
def test_sharing_with_a_course_needs_a_course(
    api_client, student, course, data, message
):
    response = api_client(student).post(
        UPLOAD_URL, {"file": uploaded("notes.pdf", PDF_BYTES), **data(course)}
    )

    assert response.status_code == 400
    assert response.json()["fields"]["course"] == [message]
    assert MediaAsset.objects.count() == 0
    assert stored_files() == []


def test_nobody_shares_with_a_course_they_do_not_belong_to(api_client, course):
    outsider = UserFactory(email_verified=True)

    response = api_client(outsider).post(
        UPLOAD_URL,
        {
            "file": uploaded("notes.pdf", PDF_BYTES),
            "visibility": "course",
            "course": course.pk,
        },
    )

    assert response.status_code == 400
    assert response.json()["fields"]["course"] == ["Choose a course you take or teach."]
    assert stored_files() == []


def test_members_without_a_verified_email_cannot_upload(api_client):
    response = api_client(UserFactory()).post(
        UPLOAD_URL, {"file": uploaded("notes.pdf", PDF_BYTES)}
    )

    assert response.status_code == 403
    assert response.json()["message"] == "Verify your email address before uploading."
    assert stored_files() == []


def test_anonymous_visitors_cannot_upload(api_client):
    response = api_client().post(UPLOAD_URL, {"file": uploaded("a.pdf", PDF_BYTES)})

    assert response.status_code == 401
    assert stored_files() == []


# Changing


@pytest.fixture
def private(student, course):
    return MediaAssetFactory(
        owner=student,
        title="Volcano",
        description="Made of clay.",
        tags=["science"],
        visibility="course",
        course=course,
    )


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("owner", 200),
        ("teacher", 200),
        ("assigned_teacher", 200),
        ("moderator", 200),
        ("admin", 200),
        # May not see it: as if it did not exist.
        ("other_student", 404),
        ("other_teacher", 404),
        ("anonymous", 401),
    ],
)
def test_who_changes_an_asset(api_client, people, private, name, status):
    response = patch(api_client(people[name]), private, {"title": "Lava"})

    private.refresh_from_db()
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert (body["title"], private.title) == ("Lava", "Lava")
        # What was not sent stays as it was.
        assert body["description"] == "Made of clay."
        assert body["tags"] == ["science"]
        assert body["visibility"] == "course"
    else:
        assert private.title == "Volcano"
        assert "Volcano" not in response.content.decode()


def test_those_who_see_an_asset_but_may_not_edit_it_are_refused(
    api_client, student, course, private
):
    classmate = UserFactory()
    classmate.enrollments.create(course=course, source="free")
    client = api_client(classmate)
    assert client.get(detail_url(private)).status_code == 200

    response = patch(client, private, {"title": "Mine now"})

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    private.refresh_from_db()
    assert private.title == "Volcano"


@pytest.mark.parametrize("field", ["visibility", "course"])
def test_only_the_owner_chooses_whom_it_is_shared_with(
    api_client, teacher, private, field
):
    response = patch(
        api_client(teacher), private, {field: None if field == "course" else "public"}
    )

    assert response.status_code == 403
    assert (
        response.json()["message"] == "Only its owner chooses whom it is shared with."
    )
    private.refresh_from_db()
    assert (private.visibility, private.course_id) == ("course", private.course.pk)


def test_the_owner_shares_it_publicly_and_it_goes_to_review(
    api_client, student, private
):
    response = patch(api_client(student), private, {"visibility": "public"})

    assert response.status_code == 200
    assert response.json()["state"]["code"] == "in_review"
    assert response.json()["course"]["id"] == private.course_id
    private.refresh_from_db()
    assert private.visibility == "public"
    assert not private.live


def test_the_owner_makes_it_private_again(api_client, student, private):
    response = patch(
        api_client(student), private, {"visibility": "private", "course": None}
    )

    assert response.status_code == 200
    assert response.json()["course"] is None
    assert response.json()["state"]["code"] == "private"


def test_the_owners_changes_to_public_media_wait_for_review(
    api_client, student, django_capture_on_commit_callbacks
):
    asset = MediaAssetFactory(owner=student, visibility="public", title="Volcano")
    with django_capture_on_commit_callbacks(execute=True):
        review(asset)

    response = patch(api_client(student), asset, {"description": "Now with lava."})

    assert response.status_code == 200
    assert response.json()["state"]["code"] == "public"
    assert response.json()["state"]["label"] == "Public; your changes are in review"
    public = api_client().get(detail_url(asset)).json()
    assert public["description"] == ""
    # The next change builds on the one in review, as the edit page does.
    patch(api_client(student), asset, {"title": "Lava flow"})
    asset.refresh_from_db()
    latest = asset.get_latest_revision_as_object()
    assert (latest.title, latest.description) == ("Lava flow", "Now with lava.")


@pytest.mark.parametrize(
    "data",
    [
        {"title": ""},
        {"title": "   "},
        {"title": None},
        {"title": "x" * 201},
        {"description": "x" * 2001},
        {"tags": ["x" * 101]},
        {"visibility": "everyone"},
    ],
)
def test_changes_that_are_not_valid_are_refused(api_client, student, private, data):
    response = patch(api_client(student), private, data)

    assert response.status_code == 422
    assert response.json()["fields"]
    private.refresh_from_db()
    assert (private.title, private.description) == ("Volcano", "Made of clay.")


# Deleting


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("owner", 204),
        ("moderator", 204),
        ("admin", 204),
        ("teacher", 403),
        ("assigned_teacher", 403),
        ("other_student", 404),
        ("other_teacher", 404),
        ("anonymous", 401),
    ],
)
def test_who_deletes_an_asset(
    api_client, people, student, name, status, django_capture_on_commit_callbacks
):
    asset = MediaAssetFactory(owner=student)

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(people[name]).delete(detail_url(asset))

    assert response.status_code == status
    if status == 204:
        assert not MediaAsset.objects.exists()
        assert stored_files() == []
    else:
        assert MediaAsset.objects.get() == asset
        assert len(stored_files()) == 3


# Hiding


@pytest.fixture
def public(student, course, django_capture_on_commit_callbacks):
    asset = MediaAssetFactory(
        owner=student, visibility="public", course=course, title="Volcano"
    )
    with django_capture_on_commit_callbacks(execute=True):
        review(asset)
    asset.refresh_from_db()
    return asset


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("teacher", 200),
        ("assigned_teacher", 200),
        ("moderator", 200),
        ("admin", 200),
        ("owner", 403),
        ("other_student", 403),
        ("other_teacher", 403),
        ("anonymous", 401),
    ],
)
def test_who_hides_an_asset(api_client, people, public, name, status):
    response = api_client(people[name]).post(hide_url(public))

    public.refresh_from_db()
    assert response.status_code == status
    if status == 200:
        assert response.json()["state"]["code"] == "hidden"
        assert public.hidden_at is not None
        assert api_client().get(detail_url(public)).status_code == 404
        assert api_client().get(reverse("api:media_list")).json()["count"] == 0
    else:
        assert public.hidden_at is None


def test_a_hidden_asset_is_shown_again_after_review(api_client, teacher, public):
    media_asset_hide(asset=public, user=teacher)

    assert api_client(public.owner).delete(hide_url(public)).status_code == 403
    response = api_client(teacher).delete(hide_url(public))

    public.refresh_from_db()
    assert response.status_code == 204
    assert public.hidden_at is None
    state = api_client(teacher).get(detail_url(public)).json()["state"]
    assert state["code"] == "in_review"


def test_the_schema_declares_every_media_operation(api_client):
    schema = api_client().get(reverse("api:openapi-json")).json()

    operations = {
        (method, path)
        for path, item in schema["paths"].items()
        if path.startswith("/api/v1/media")
        for method in item
    }
    assert operations == {
        ("get", "/api/v1/media"),
        ("post", "/api/v1/media"),
        ("get", "/api/v1/media/mine"),
        ("get", "/api/v1/media/{asset_id}"),
        ("patch", "/api/v1/media/{asset_id}"),
        ("delete", "/api/v1/media/{asset_id}"),
        ("post", "/api/v1/media/{asset_id}/hide"),
        ("delete", "/api/v1/media/{asset_id}/hide"),
        ("post", "/api/v1/media/{asset_id}/captions"),
        ("delete", "/api/v1/media/{asset_id}/captions/{language}"),
    }
