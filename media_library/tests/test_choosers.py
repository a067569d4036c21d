"""
The lesson video chooser: what it offers a teacher, and its upload tab (the
site's upload, inside the editor).
"""

from pathlib import Path

from django.conf import settings
from django.urls import reverse

import pytest

from media_library.factories import (
    MP3_BYTES,
    MP4_BYTES,
    MediaAssetFactory,
    image_bytes,
    review,
    uploaded,
)
from media_library.models import MediaAsset
from members.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

CHOOSER = "media_library_playable_chooser"
SAMPLE_VIDEO = Path(__file__).parent.parent / "samples/lesson.webm"


def stored_files() -> set[Path]:
    roots = [Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)]
    return {path for root in roots if root.exists() for path in root.rglob("*.*")}


def upload(client, file, **fields):
    return client.post(reverse(f"{CHOOSER}:create"), {"file": file, **fields})


def test_the_chooser_has_an_upload_tab_for_video_and_audio(client, teacher):
    client.force_login(teacher)

    response = client.get(reverse(f"{CHOOSER}:choose"))

    html = response.json()["html"]
    assert 'id="tab-label-create"' in html
    assert f'action="{reverse(f"{CHOOSER}:create")}"' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'accept="video/*,audio/*"' in html
    # Whom it is shared with is for the site's library; here it is one's own.
    assert 'name="visibility"' not in html


def test_a_teacher_uploads_a_video_and_it_is_chosen_at_once(client, teacher):
    client.force_login(teacher)

    response = upload(
        client, uploaded("Tying a bowline.webm", SAMPLE_VIDEO.read_bytes())
    )

    asset = MediaAsset.objects.get()
    assert response.json()["step"] == "chosen"
    assert response.json()["result"]["id"] == str(asset.pk)
    assert response.json()["result"]["title"] == "Tying a bowline"
    assert (asset.owner, asset.kind, asset.visibility) == (teacher, "video", "private")
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / asset.file.name).is_file()
    # It is then listed among the teacher's own, like any other.
    listed = client.get(reverse(f"{CHOOSER}:choose"))
    assert asset in listed.context["results"]


def test_audio_is_uploaded_with_the_title_given(client, teacher):
    client.force_login(teacher)

    response = upload(client, uploaded("take3.mp3", MP3_BYTES), title="Sea shanty")

    assert response.json()["result"]["title"] == "Sea shanty"
    assert MediaAsset.objects.get().kind == "audio"


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("diagram.png", image_bytes(), "This is an image: upload a video or an"),
        ("lecture.mp4", b"Just some text", "This is a document: upload a video"),
        ("drawing.svg", b"<svg onload=alert(1)>", "SVG, HTML and other markup"),
        ("empty.mp4", b"", "The submitted file is empty."),
        ("too-big.webm", SAMPLE_VIDEO.read_bytes(), "a video may be at most 1.0"),
    ],
)
def test_bad_files_are_refused_inside_the_chooser_and_nothing_is_kept(
    client, teacher, settings, name, content, error
):
    settings.MEDIA_LIBRARY_MAX_UPLOAD_SIZES = {
        **settings.MEDIA_LIBRARY_MAX_UPLOAD_SIZES,
        "video": 2**10,
    }
    client.force_login(teacher)

    response = upload(client, uploaded(name, content))

    # Wagtail's modal shows the form again, its error by the file field.
    assert response.json()["step"] == "reshow_creation_form"
    assert error in response.json()["htmlFragment"]
    assert not MediaAsset.objects.exists()
    assert not stored_files()


def test_no_file_at_all_is_refused_inside_the_chooser(client, teacher):
    client.force_login(teacher)

    response = client.post(reverse(f"{CHOOSER}:create"), {"title": "Nothing"})

    assert "This field is required." in response.json()["htmlFragment"]
    assert not MediaAsset.objects.exists()


def test_teachers_who_may_not_upload_on_the_site_get_no_upload_tab(client):
    """The site asks for a verified email address first; so does the chooser."""
    client.force_login(TeacherFactory())

    choose = client.get(reverse(f"{CHOOSER}:choose"))
    refused = upload(client, uploaded("film.webm", SAMPLE_VIDEO.read_bytes()))

    assert 'id="tab-label-create"' not in choose.json()["html"]
    assert refused.status_code in (302, 403)
    assert not MediaAsset.objects.exists()
    assert not stored_files()


def test_students_upload_nothing_through_the_admin(client):
    client.force_login(UserFactory(email_verified=True))

    response = upload(client, uploaded("film.webm", SAMPLE_VIDEO.read_bytes()))

    assert response.status_code == 302
    assert not MediaAsset.objects.exists()


def test_the_lesson_chooser_offers_a_teachers_own_and_public_media(
    client, teacher, student, django_capture_on_commit_callbacks
):
    own = MediaAssetFactory(
        owner=teacher, title="My lecture", upload=uploaded("l.mp4", MP4_BYTES)
    )
    public = MediaAssetFactory(
        owner=student,
        visibility="public",
        title="Public film",
        upload=uploaded("p.mp4", MP4_BYTES),
    )
    with django_capture_on_commit_callbacks(execute=True):
        review(public)
    MediaAssetFactory(
        owner=student, title="Private film", upload=uploaded("s.mp4", MP4_BYTES)
    )
    MediaAssetFactory(
        owner=teacher, title="My picture", upload=uploaded("i.png", image_bytes())
    )
    client.force_login(teacher)

    response = client.get(reverse("media_library_playable_chooser:choose"))

    assert response.status_code == 200
    offered = {asset.title for asset in response.context["results"]}
    assert offered == {own.title, public.title}


def test_the_lesson_chooser_looks_up_no_private_media_of_others(
    client, teacher, student
):
    private = MediaAssetFactory(
        owner=student, title="Diary video", upload=uploaded("d.mp4", MP4_BYTES)
    )
    own = MediaAssetFactory(
        owner=teacher, title="My lecture", upload=uploaded("l.mp4", MP4_BYTES)
    )
    client.force_login(teacher)

    refused = client.get(
        reverse("media_library_playable_chooser:chosen", args=[private.pk])
    )
    chosen = client.get(reverse("media_library_playable_chooser:chosen", args=[own.pk]))

    assert refused.status_code == 404
    assert b"Diary video" not in refused.content
    assert chosen.status_code == 200
    assert b"My lecture" in chosen.content
