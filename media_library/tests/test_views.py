from pathlib import Path

from django.conf import settings
from django.urls import reverse

import pytest

from courses.factories import CoursePageFactory, SubjectFactory
from media_library.factories import (
    MP3_BYTES,
    MP4_BYTES,
    MediaAssetFactory,
    image_bytes,
    review,
    uploaded,
)
from media_library.models import MediaAsset
from members.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.search_index]

UPLOAD_URL = reverse("media_library:upload")
DASHBOARD_URL = reverse("media_library:dashboard")
# With the one query of the header's link to the catalog.
DASHBOARD_BUDGET = 8


def stored_files() -> list[Path]:
    roots = [Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)]
    return [path for root in roots if root.exists() for path in root.rglob("*.*")]


def test_a_student_uploads_and_lands_on_the_new_media(client, student):
    client.force_login(student)

    response = client.post(
        UPLOAD_URL,
        {
            "file": uploaded("river.png", image_bytes()),
            "title": "The river",
            "description": "Taken at dawn.",
            "tags": "nature, water",
            "visibility": "private",
        },
    )

    asset = MediaAsset.objects.get()
    assert response["Location"] == asset.get_absolute_url()
    assert asset.owner == student
    assert sorted(tag.name for tag in asset.tags.all()) == ["nature", "water"]
    page = client.get(asset.get_absolute_url())
    assert b"The river" in page.content
    assert page["Cache-Control"].startswith("private")


def test_uploading_with_htmx_redirects_the_browser(client, student):
    client.force_login(student)

    response = client.post(
        UPLOAD_URL,
        {"file": uploaded("song.mp3", MP3_BYTES), "visibility": "private"},
        headers={"HX-Request": "true"},
    )

    assert response["HX-Redirect"] == MediaAsset.objects.get().get_absolute_url()


def test_a_refused_upload_shows_why_and_keeps_nothing(client, student):
    client.force_login(student)

    response = client.post(
        UPLOAD_URL,
        {
            "file": uploaded("evil.png", b"<svg onload=alert(1)>"),
            "visibility": "public",
        },
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 400
    assert b"SVG, HTML and other markup files are not accepted" in response.content
    assert b"data-upload-form" in response.content
    assert not MediaAsset.objects.exists()
    assert not stored_files()


def test_folders_in_an_uploaded_name_never_reach_storage(client, student):
    client.force_login(student)
    boundary = "lectern-boundary"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="visibility"\r\n\r\nprivate\r\n'
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; '
            'filename="../../etc/cron.d/evil.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        + image_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )

    client.post(
        UPLOAD_URL, body, content_type=f"multipart/form-data; boundary={boundary}"
    )

    asset = MediaAsset.objects.get()
    assert asset.original_filename == "evil.png"
    assert asset.file.name.startswith("library/images/")
    assert all(
        path.is_relative_to(settings.PRIVATE_MEDIA_ROOT) for path in stored_files()
    )


def test_members_without_a_verified_email_are_asked_to_verify(client, db):
    client.force_login(UserFactory())

    page = client.get(UPLOAD_URL)
    response = client.post(
        UPLOAD_URL, {"file": uploaded("a.png", image_bytes()), "visibility": "private"}
    )

    assert b'data-testid="verify-first"' in page.content
    assert b"data-upload-form" not in page.content
    assert response.status_code == 200
    assert not MediaAsset.objects.exists()


def test_anonymous_visitors_are_asked_to_sign_in_to_upload(client, db):
    assert client.get(UPLOAD_URL)["Location"].startswith("/accounts/login/")


def test_a_tampered_course_choice_is_refused(client, student, course):
    stranger_course = CoursePageFactory(parent=course.get_parent())
    client.force_login(student)

    response = client.post(
        UPLOAD_URL,
        {
            "file": uploaded("a.png", image_bytes()),
            "visibility": "course",
            "course": stranger_course.pk,
        },
    )

    assert response.status_code == 400
    assert not MediaAsset.objects.exists()


def public(asset, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review(asset)
    return MediaAsset.objects.get(pk=asset.pk)


def test_the_dashboard_lists_approved_public_media_newest_first(
    client, student, django_capture_on_commit_callbacks
):
    older = public(
        MediaAssetFactory(owner=student, visibility="public", title="Older"),
        django_capture_on_commit_callbacks,
    )
    newer = public(
        MediaAssetFactory(owner=student, visibility="public", title="Newer"),
        django_capture_on_commit_callbacks,
    )
    MediaAssetFactory(owner=student, title="Private one")
    MediaAssetFactory(owner=student, visibility="public", title="Waiting")

    response = client.get(DASHBOARD_URL)

    assert list(response.context["assets"]) == [newer, older]
    # Approved files are served from public storage.
    assert f'src="/media/{newer.thumbnail.name}"' in response.content.decode()


@pytest.fixture
def catalog(student, course, django_capture_on_commit_callbacks):
    """Public media of several kinds, subjects and uploaders."""
    music = SubjectFactory(name="Music")
    music_course = CoursePageFactory(
        parent=course.get_parent(), subject=music, owner=course.owner
    )
    student.enrollments.create(course=music_course, source="free")
    other = UserFactory(email_verified=True, display_name="Grace Hopper")
    assets = {
        "river": MediaAssetFactory(
            owner=student, visibility="public", title="River at dawn", course=course
        ),
        "song": MediaAssetFactory(
            owner=student,
            visibility="public",
            title="Folk song",
            upload=uploaded("song.mp3", MP3_BYTES),
            course=music_course,
            tags=["folk"],
        ),
        "talk": MediaAssetFactory(
            owner=other,
            visibility="public",
            title="Compilers talk",
            upload=uploaded("talk.mp4", MP4_BYTES),
            tags=["folk"],
        ),
    }
    return {
        name: public(asset, django_capture_on_commit_callbacks)
        for name, asset in assets.items()
    } | {"music": music, "music_course": music_course, "other": other}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (lambda c: {"kind": "audio"}, ["song"]),
        (lambda c: {"subject": c["music"].slug}, ["song"]),
        (lambda c: {"course": c["music_course"].pk}, ["song"]),
        (lambda c: {"uploader": "grace hop"}, ["talk"]),
        (lambda c: {"uploader": str(c["other"].pk)}, ["talk"]),
        (lambda c: {"tag": "folk"}, ["talk", "song"]),
        (lambda c: {"query": "river"}, ["river"]),
        (lambda c: {"query": "compil"}, ["talk"]),
        (lambda c: {"tag": "folk", "kind": "video"}, ["talk"]),
    ],
)
def test_dashboard_filters(client, catalog, query, expected):
    response = client.get(DASHBOARD_URL, query(catalog))

    assert [asset.title for asset in response.context["assets"]] == [
        catalog[name].title for name in expected
    ]


def test_the_dashboard_scrolls_in_batches(
    client, student, django_capture_on_commit_callbacks, settings
):
    for number in range(26):
        MediaAssetFactory(owner=student, visibility="public", title=f"Shot {number}")
    for asset in MediaAsset.objects.all():
        public(asset, django_capture_on_commit_callbacks)

    first = client.get(DASHBOARD_URL)
    more = client.get(DASHBOARD_URL, {"page": 2}, headers={"HX-Request": "true"})

    assert len(first.context["assets"]) == 24
    assert b'data-testid="load-more"' in first.content
    assert b"<html" not in more.content
    assert len(more.context["assets"]) == 2
    assert b'data-testid="load-more"' not in more.content
    assert "HX-Request" in first["Vary"]


@pytest.mark.parametrize("count", [2, 12])
def test_the_dashboard_query_count_stays_flat(
    client,
    student,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
    count,
):
    for number in range(count):
        MediaAssetFactory(owner=student, visibility="public", title=f"Shot {number}")
    for asset in MediaAsset.objects.all():
        public(asset, django_capture_on_commit_callbacks)
    client.get(DASHBOARD_URL)  # site settings are created on the first view

    with django_assert_max_num_queries(DASHBOARD_BUDGET):
        response = client.get(DASHBOARD_URL)

    assert len(response.context["assets"]) == count


def test_my_media_shows_where_each_stands(client, student, course, teacher):
    MediaAssetFactory(owner=student, title="Kept")
    MediaAssetFactory(owner=student, title="Shared", visibility="course", course=course)
    waiting = MediaAssetFactory(owner=student, title="Waiting", visibility="public")
    refused = MediaAssetFactory(owner=student, title="Refused", visibility="public")
    review(refused, "reject", comment="Too dark to see anything.")
    client.force_login(student)

    response = client.get(reverse("media_library:mine"))

    states = {asset.title: state for asset, state in response.context["rows"]}
    assert states["Kept"].label == "Private"
    assert states["Shared"].label == f"Shared with {course.title}"
    assert states["Waiting"].label == "In review"
    assert states["Refused"].label == "Not approved"
    assert b"Too dark to see anything." in response.content
    assert waiting.title.encode() in response.content


def test_my_media_lists_only_mine(client, student):
    MediaAssetFactory(title="Someone else's")
    client.force_login(student)

    response = client.get(reverse("media_library:mine"))

    assert response.context["rows"] == []


def test_teachers_see_their_students_media(client, student, teacher):
    MediaAssetFactory(owner=student, title="Homework")
    MediaAssetFactory(title="A stranger's")
    client.force_login(teacher)

    response = client.get(reverse("media_library:students"))

    assert [asset.title for asset, _ in response.context["rows"]] == ["Homework"]


def test_students_have_no_students_page(client, student):
    client.force_login(student)

    assert client.get(reverse("media_library:students")).status_code == 403


def test_the_owner_edits_details_and_visibility(client, student):
    asset = MediaAssetFactory(owner=student, title="Old")
    client.force_login(student)

    response = client.post(
        reverse("media_library:edit", args=[asset.pk]),
        {"title": "New", "description": "", "tags": "", "visibility": "public"},
    )

    assert response.status_code == 302
    asset.refresh_from_db()
    assert asset.title == "New"
    assert asset.workflow_in_progress


def test_a_teachers_edit_form_has_no_sharing_choice(client, student, teacher):
    asset = MediaAssetFactory(owner=student)
    client.force_login(teacher)

    form = client.get(reverse("media_library:edit", args=[asset.pk])).context["form"]

    assert "visibility" not in form.fields
    assert "course" not in form.fields


def test_deleting_asks_first_then_removes_the_files(
    client, student, django_capture_on_commit_callbacks
):
    asset = MediaAssetFactory(owner=student)
    url = reverse("media_library:delete", args=[asset.pk])
    client.force_login(student)

    confirm = client.get(url)
    assert b"Delete" in confirm.content
    assert MediaAsset.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response["Location"] == reverse("media_library:mine")
    assert not MediaAsset.objects.exists()
    assert not stored_files()


def test_hide_needs_a_post(client, student, teacher):
    asset = MediaAssetFactory(owner=student)
    client.force_login(teacher)

    assert client.get(reverse("media_library:hide", args=[asset.pk])).status_code == 405


@pytest.fixture
def video(student):
    return MediaAssetFactory(owner=student, upload=uploaded("clip.mp4", MP4_BYTES))


def get_file(client, asset, **headers):
    return client.get(
        reverse("media_library:file", args=[asset.pk, "file"]), headers=headers
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_video_is_served_whole_with_ranges_offered(client, student, video):
    client.force_login(student)

    response = get_file(client, video)

    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Disposition"].startswith("inline")
    assert body(response) == MP4_BYTES


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, len(MP4_BYTES) - 1),
        ("bytes=-50", len(MP4_BYTES) - 50, len(MP4_BYTES) - 1),
        ("bytes=4000-999999", 4000, len(MP4_BYTES) - 1),
    ],
)
def test_players_seek_with_range_requests(client, student, video, header, first, last):
    client.force_login(student)

    response = get_file(client, video, Range=header)

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{len(MP4_BYTES)}"
    assert response["Content-Length"] == str(last - first + 1)
    assert body(response) == MP4_BYTES[first : last + 1]


def test_a_range_past_the_end_cannot_be_satisfied(client, student, video):
    client.force_login(student)

    response = get_file(client, video, Range=f"bytes={len(MP4_BYTES)}-")

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(MP4_BYTES)}"


def test_ranges_are_for_those_who_may_see_the_file(client, video):
    client.force_login(UserFactory())

    assert get_file(client, video, Range="bytes=0-9").status_code == 403


# Behind the front proxy (site/nginx): the view checks, nginx sends the bytes.


def test_behind_the_proxy_an_allowed_file_is_handed_to_it(
    client, settings, student, video
):
    settings.FILES_X_ACCEL_REDIRECT = True
    client.force_login(student)

    response = get_file(client, video, Range="bytes=0-99")

    assert response.status_code == 200
    relative = Path(video.file.path).relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert response["X-Accel-Redirect"] == f"/_files/private/{relative.as_posix()}"
    assert response.content == b""
    assert response["Content-Type"] == "video/mp4"
    assert response["Cache-Control"].startswith("private")


def test_behind_the_proxy_a_refused_file_is_never_handed_to_it(client, settings, video):
    settings.FILES_X_ACCEL_REDIRECT = True
    client.force_login(UserFactory())

    response = get_file(client, video)

    assert response.status_code == 403
    assert "X-Accel-Redirect" not in response


def test_behind_the_proxy_public_files_are_handed_over_from_media_root(
    client, settings, student, django_capture_on_commit_callbacks
):
    settings.FILES_X_ACCEL_REDIRECT = True
    asset = MediaAssetFactory(
        owner=student,
        upload=uploaded("Lab report.pdf", b"%PDF-1.4\n%%EOF\n"),
        visibility=MediaAsset.Visibility.PUBLIC,
    )
    asset = public(asset, django_capture_on_commit_callbacks)

    response = get_file(client, asset)

    relative = Path(asset.file.path).relative_to(settings.MEDIA_ROOT)
    assert response["X-Accel-Redirect"] == f"/_files/public/{relative.as_posix()}"
    assert response["Content-Disposition"] == 'attachment; filename="Lab report.pdf"'
    assert response["Cache-Control"].startswith("public")


def test_documents_download_under_their_own_name(client, student):
    document = MediaAssetFactory(
        owner=student, upload=uploaded("Lab report.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    client.force_login(student)

    response = get_file(client, document)

    assert response["Content-Disposition"] == 'attachment; filename="Lab report.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert "sandbox" in response["Content-Security-Policy"]


def test_the_detail_page_links_the_uploader_and_plays_video(client, student, video):
    client.force_login(student)

    page = client.get(video.get_absolute_url()).content.decode()

    assert f'href="{student.get_absolute_url()}"' in page
    assert 'data-testid="asset-video"' in page
    assert reverse("media_library:file", args=[video.pk, "file"]) in page
