"""
The media library on Cloudinary, faked where the SDK meets the network: its
urllib3 pool. Requests are checked as Cloudinary's Upload API receives them
(signed multipart forms) and answered with the shapes it sends back.
"""

import json
import re
import time
from email import policy
from email.parser import BytesParser
from urllib.parse import parse_qs, urlsplit

from django.core.files.base import ContentFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import cloudinary
import cloudinary.utils
import pytest
import responses
import urllib3

from courses.models import LessonPage
from media_library.factories import MP4_BYTES, MediaAssetFactory, review, uploaded
from media_library.templatetags.media_library_tags import asset_url
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

CLOUD = "lectern-test"
API_KEY = "123456789012345"
API_SECRET = "a-test-secret-that-signs-requests"


class FakeCloudinary:
    """Cloudinary's Upload API, keeping what is stored by (type, public id)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, dict]] = []
        self.stored: dict[tuple[str, str], bytes] = {}

    def urlopen(self, method, url, body=None, headers=None, **kwargs):
        path = urlsplit(url).path.split("/")  # /v1_1/<cloud>/<resource>/<action>
        assert url.startswith("https://api.cloudinary.com/v1_1/")
        assert path[2] == CLOUD
        resource_type, action = path[3], path[4]
        fields = form_fields(body, headers["Content-Type"])
        assert_signed(fields)
        self.calls.append((resource_type, action, fields))
        answer = getattr(self, action)(resource_type, fields)
        return json_response(answer, status=404 if "error" in answer else 200)

    def upload(self, resource_type: str, fields: dict) -> dict:
        delivery_type = fields.get("type", "upload")
        if "public_id" in fields:
            public_id = fields["public_id"]
        else:
            # use_filename and unique_filename: the upload's name, made unique.
            stem, dot, extension = fields["filename"].rpartition(".")
            suffix = f"_{len(self.calls):06d}"
            public_id = f"{fields['folder']}/{stem}{suffix}{dot}{extension}"
        self.stored[(delivery_type, public_id)] = fields["file"]
        return resource(resource_type, delivery_type, public_id, len(fields["file"]))

    def rename(self, resource_type: str, fields: dict) -> dict:
        if (fields["type"], fields["from_public_id"]) not in self.stored:
            return {
                "error": {"message": f"Resource not found - {fields['from_public_id']}"}
            }
        content = self.stored.pop((fields["type"], fields["from_public_id"]))
        self.stored[(fields["to_type"], fields["to_public_id"])] = content
        return resource(
            resource_type, fields["to_type"], fields["to_public_id"], len(content)
        )

    def destroy(self, resource_type: str, fields: dict) -> dict:
        key = (fields.get("type", "upload"), fields["public_id"])
        found = self.stored.pop(key, None)
        return {"result": "ok" if found is not None else "not found"}


def form_fields(body: bytes, content_type: str) -> dict:
    message = BytesParser(policy=policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    fields = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        fields[name] = payload if part.get_filename() else payload.decode()
        if part.get_filename():
            fields["filename"] = part.get_filename()
    return fields


def assert_signed(fields: dict) -> None:
    """The signature Cloudinary checks: SHA-1 of the sorted parameters and secret."""
    signed = {
        key: value
        for key, value in fields.items()
        if key not in ("file", "filename", "api_key", "signature", "resource_type")
    }
    assert fields["api_key"] == API_KEY
    assert fields["signature"] == cloudinary.utils.api_sign_request(signed, API_SECRET)


def resource(resource_type: str, delivery_type: str, public_id: str, size: int):
    version = int(time.time())
    path = f"{CLOUD}/{resource_type}/{delivery_type}/v{version}/{public_id}.mp4"
    url = f"res.cloudinary.com/{path}"
    return {
        "asset_id": "3515c6000a548515f1134043f9785c2f",
        "public_id": public_id,
        "version": version,
        "version_id": "7d2cc533bee9ff39f7da7414b61fce7e",
        "signature": "d0b1009e3271a942836c25756ce3e04d205bf754",
        "format": "mp4",
        "resource_type": resource_type,
        "created_at": "2026-11-24T09:12:00Z",
        "tags": ["media"],
        "bytes": size,
        "type": delivery_type,
        "etag": "0f1d0a3c1b2e3f4a5b6c7d8e9f0a1b2c",
        "placeholder": False,
        "url": f"http://{url}",
        "secure_url": f"https://{url}",
        "asset_folder": "",
        "display_name": public_id.rsplit("/", 1)[-1],
        "original_filename": "file",
        "api_key": API_KEY,
    }


def json_response(data: dict, status: int = 200) -> urllib3.HTTPResponse:
    return urllib3.HTTPResponse(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json; charset=utf-8"},
        preload_content=True,
    )


@pytest.fixture
def fake_cloudinary(monkeypatch, settings):
    monkeypatch.setenv("CLOUDINARY_URL", f"cloudinary://{API_KEY}:{API_SECRET}@{CLOUD}")
    cloudinary.reset_config()
    cloudinary.config(secure=True)  # as django-cloudinary-storage sets it
    fake = FakeCloudinary()
    monkeypatch.setattr(
        urllib3.PoolManager,
        "urlopen",
        lambda pool, method, url, **kwargs: fake.urlopen(method, url, **kwargs),
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "media_library": {
            "BACKEND": "media_library.remote_storage.CloudinaryLibraryStorage"
        },
        "media_library_private": {
            "BACKEND": "media_library.remote_storage.AuthenticatedCloudinaryStorage"
        },
    }
    yield fake
    monkeypatch.delenv("CLOUDINARY_URL")
    cloudinary.reset_config()


@pytest.fixture
def video(fake_cloudinary, student, course):
    return MediaAssetFactory(
        owner=student,
        upload=uploaded("volcano.mp4", MP4_BYTES),
        visibility="public",
        course=course,
    )


def test_private_uploads_go_to_the_authenticated_type(fake_cloudinary, video):
    ((resource_type, action, fields),) = fake_cloudinary.calls

    assert (resource_type, action) == ("video", "upload")
    assert fields["type"] == "authenticated"
    # django-cloudinary-storage puts MEDIA_URL's folder first.
    assert fields["public_id"].startswith("media/library/videos/")
    assert fields["file"] == MP4_BYTES
    assert video.file.name == fields["public_id"]
    assert not video.stored_publicly


def test_private_files_are_delivered_by_signed_links_that_expire(
    client, fake_cloudinary, video, student, settings
):
    client.force_login(student)

    response = client.get(reverse("media_library:file", args=[video.pk, "file"]))

    location = urlsplit(response["Location"])
    query = {key: values[0] for key, values in parse_qs(location.query).items()}
    assert response.status_code == 302
    assert location.netloc == "api.cloudinary.com"
    assert location.path == f"/v1_1/{CLOUD}/video/download"
    assert query["public_id"] == video.file.name
    assert query["type"] == "authenticated"
    expires_in = int(query["expires_at"]) - time.time()
    assert 0 < expires_in <= settings.MEDIA_LIBRARY_SIGNED_URL_SECONDS
    signed = {k: v for k, v in query.items() if k not in ("api_key", "signature")}
    assert query["signature"] == cloudinary.utils.api_sign_request(signed, API_SECRET)
    assert "private" in response["Cache-Control"]


def test_no_link_is_handed_to_those_who_may_not_see_it(client, fake_cloudinary, video):
    client.force_login(UserFactory())

    response = client.get(reverse("media_library:file", args=[video.pk, "file"]))

    assert response.status_code == 403
    assert "cloudinary" not in response.get("Location", "")


def test_approval_turns_the_file_public_in_place(
    fake_cloudinary, video, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review(video)

    video.refresh_from_db()
    rename = next(call for call in fake_cloudinary.calls if call[1] == "rename")
    fields = rename[2]
    assert rename[0] == "video"
    assert (fields["from_public_id"], fields["to_public_id"]) == (
        video.file.name,
        video.file.name,
    )
    assert (fields["type"], fields["to_type"]) == ("authenticated", "upload")
    assert video.stored_publicly
    assert list(fake_cloudinary.stored) == [("upload", video.file.name)]
    assert asset_url(video) == (
        f"https://res.cloudinary.com/{CLOUD}/video/upload/v1/{video.file.name}"
    )


def test_deleting_destroys_the_file_at_cloudinary(
    fake_cloudinary, video, student, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        video.delete()

    destroy = next(call for call in fake_cloudinary.calls if call[1] == "destroy")
    assert destroy[2]["type"] == "authenticated"
    assert destroy[2]["public_id"] == video.file.name
    assert not fake_cloudinary.stored


def test_images_and_their_renditions_are_cloudinary_images(fake_cloudinary, student):
    MediaAssetFactory(owner=student)

    folders = [call[2]["public_id"].split("/")[-2] for call in fake_cloudinary.calls]
    assert [call[0] for call in fake_cloudinary.calls] == ["image"] * 3
    assert folders == ["images", "images", "posters"]


def test_a_move_cut_short_earlier_is_finished_on_the_next_try(
    fake_cloudinary, video, django_capture_on_commit_callbacks
):
    # The rename went through at Cloudinary, then the database rolled back.
    key = ("authenticated", video.file.name)
    fake_cloudinary.stored[("upload", video.file.name)] = fake_cloudinary.stored.pop(
        key
    )

    with django_capture_on_commit_callbacks(execute=True):
        review(video)

    video.refresh_from_db()
    assert video.stored_publicly
    assert list(fake_cloudinary.stored) == [("upload", video.file.name)]


@pytest.fixture
def wagtail_files_on_cloudinary(fake_cloudinary, settings):
    """Wagtail's images and documents on Cloudinary too, as production wires them."""
    settings.STORAGES = {
        **settings.STORAGES,
        "public_files": {
            "BACKEND": "cloudinary_storage.storage.RawMediaCloudinaryStorage"
        },
        "private_files": {
            "BACKEND": "media_library.remote_storage.AuthenticatedRawCloudinaryStorage"
        },
    }
    return fake_cloudinary


def signed_download(location: str) -> dict:
    """The parameters of a signed, expiring Cloudinary download link."""
    parts = urlsplit(location)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert parts.netloc == "api.cloudinary.com"
    assert parts.path == f"/v1_1/{CLOUD}/raw/download"
    signed = {k: v for k, v in query.items() if k not in ("api_key", "signature")}
    assert query["signature"] == cloudinary.utils.api_sign_request(signed, API_SECRET)
    assert 0 < int(query["expires_at"]) - time.time() <= 15 * 60
    return query


def test_wagtail_documents_are_of_the_authenticated_type(
    client, wagtail_files_on_cloudinary
):
    document = Document.objects.create(
        title="Answers", file=ContentFile(b"42", name="answers.txt")
    )

    ((resource_type, action, fields),) = wagtail_files_on_cloudinary.calls
    assert (resource_type, action, fields["type"]) == ("raw", "upload", "authenticated")
    assert list(wagtail_files_on_cloudinary.stored) == [
        ("authenticated", document.file.name)
    ]
    assert document.file.name.startswith("media/documents/answers_")
    response = client.get(document.url)
    assert response.status_code == 302
    query = signed_download(response["Location"])
    assert (query["public_id"], query["type"]) == (document.file.name, "authenticated")
    assert "private" in response["Cache-Control"]


@responses.activate
def test_an_image_in_a_gated_lesson_moves_to_the_authenticated_type(
    client, wagtail_files_on_cloudinary, course, django_capture_on_commit_callbacks
):
    fake = wagtail_files_on_cloudinary
    image = Image.objects.create(title="Diagram", file=get_test_image_file())
    public_name = image.file.name
    assert fake.calls[-1][2].get("type", "upload") == "upload"
    assert image.file.url == (
        f"https://res.cloudinary.com/{CLOUD}/raw/upload/v1/{public_name}"
    )
    png = fake.stored[("upload", public_name)]
    responses.get(image.file.url, body=png)
    responses.get(
        re.compile(rf"https://api.cloudinary.com/v1_1/{CLOUD}/raw/download"), body=png
    )
    course.access_level = "purchase"
    course.price, course.currency = 9, "USD"
    course.save_revision().publish()
    lesson = LessonPage.objects.descendant_of(course).first()
    lesson.body = [("image", {"image": image, "caption": ""})]

    with django_capture_on_commit_callbacks(execute=True):
        lesson.save_revision().publish()

    image.refresh_from_db()
    assert image.file.name.startswith("media/original_images/gated-")
    assert list(fake.stored) == [("authenticated", image.file.name)]
    query = signed_download(image.file.url)
    assert (query["public_id"], query["type"]) == (image.file.name, "authenticated")
