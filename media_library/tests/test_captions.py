"""
Captions and transcripts of videos and recordings in the media library:
who adds them, who gets them, and what a reviewer sees first.
"""

from pathlib import Path

from django.conf import settings
from django.urls import reverse

import pytest

from courses.viewer import Viewer
from media_library.factories import (
    MP3_BYTES,
    MP4_BYTES,
    MediaAssetFactory,
    review,
    uploaded,
)
from media_library.models import CaptionTrack, MediaAsset
from media_library.selectors import asset_data_export
from media_library.services import (
    caption_track_save,
    media_asset_delete,
    media_asset_update,
)
from members.factories import UserFactory
from search.selectors import search_results

from .conftest import moderator
from .test_access import CARETAKERS, WHO_SEES, asset_in_state, everyone, outcome

pytestmark = [pytest.mark.django_db, pytest.mark.search_index]
__all__ = ["everyone"]  # the fixture, shared with the access matrix

VTT = b"WEBVTT\n\n00:00:00.500 --> 00:00:03.000\nA volcano, up close.\n"
NEW_VTT = b"WEBVTT\n\n00:00:00.500 --> 00:00:03.000\nA volcano, closer.\n"


@pytest.fixture
def video(student):
    return MediaAssetFactory(owner=student, upload=uploaded("clip.mp4", MP4_BYTES))


@pytest.fixture
def public_video(student, course, django_capture_on_commit_callbacks):
    """`student`'s video, shared publicly and approved."""
    return asset_in_state(
        "public",
        student,
        course,
        django_capture_on_commit_callbacks,
        upload=uploaded("clip.mp4", MP4_BYTES),
    )


def captions_url(asset) -> str:
    return reverse("media_library:captions", args=[asset.pk])


def track_url(asset, language: str = "en") -> str:
    return reverse("media_library:caption", args=[asset.pk, language])


def private_caption_files() -> list[str]:
    root = Path(settings.PRIVATE_MEDIA_ROOT) / "library" / "captions"
    return sorted(path.name for path in root.glob("*.vtt"))


def add(client, asset, language: str = "en", content: bytes = VTT, name="c.vtt"):
    return client.post(
        captions_url(asset),
        {"language": language, "file": uploaded(name, content)},
    )


def test_the_owner_adds_replaces_and_removes_captions(
    client, student, video, django_capture_on_commit_callbacks
):
    client.force_login(student)

    response = add(client, video)

    assert response["Location"] == captions_url(video)
    track = CaptionTrack.objects.get()
    assert (track.language, track.approved, track.uploaded_by) == ("en", True, student)
    first_file = private_caption_files()
    assert len(first_file) == 1

    with django_capture_on_commit_callbacks(execute=True):
        add(client, video, content=NEW_VTT)

    assert CaptionTrack.objects.count() == 1
    assert private_caption_files() != first_file
    assert len(private_caption_files()) == 1
    assert b"".join(client.get(track_url(video)).streaming_content) == NEW_VTT

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("media_library:caption_delete", args=[video.pk, "en"]))

    assert not CaptionTrack.objects.exists()
    assert private_caption_files() == []


def test_the_detail_page_plays_the_tracks(client, student, video):
    client.force_login(student)
    add(client, video, "fr")

    page = client.get(video.get_absolute_url()).content.decode()

    french = track_url(video, "fr")
    assert f'<track kind="captions" srclang="fr" label="French" src="{french}">' in page
    assert f'href="{captions_url(video)}"' in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"1\n00:00:01,000 --> 00:00:02,000\nSubRip\n", "first line must be"),
        (b"WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nx\n", "ends before it starts"),
        (b"\xff\xfe\x00binary", "not UTF-8"),
    ],
)
def test_a_malformed_file_is_refused_and_the_old_one_kept(
    client, student, video, content, message
):
    client.force_login(student)
    add(client, video)

    response = add(client, video, content=content)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert b"".join(client.get(track_url(video)).streaming_content) == VTT
    assert len(private_caption_files()) == 1


def test_a_tampered_language_is_refused(client, student, video):
    client.force_login(student)

    response = add(client, video, language="xx-klingon")

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not CaptionTrack.objects.exists()


def test_pictures_and_documents_have_no_captions(client, student):
    picture = MediaAssetFactory(owner=student)
    client.force_login(student)

    assert client.get(captions_url(picture)).status_code == 404
    assert add(client, picture).status_code == 404


def test_recordings_take_captions_too(client, student):
    recording = MediaAssetFactory(owner=student, upload=uploaded("a.mp3", MP3_BYTES))
    client.force_login(student)

    add(client, recording, "sw")

    assert recording.captions.get().language == "sw"


def test_who_manages_captions(client, everyone, course):
    for name, person in everyone.items():
        video = MediaAssetFactory(
            owner=everyone["owner"], upload=uploaded("clip.mp4", MP4_BYTES)
        )
        if person is None:
            client.logout()
        else:
            client.force_login(person)
        page = client.get(captions_url(video))
        added = add(client, video)
        if name in CARETAKERS:
            assert (page.status_code, added.status_code) == (200, 302), name
            assert video.captions.exists()
        elif person is None:
            assert page["Location"].startswith("/accounts/login/")
            assert added["Location"].startswith("/accounts/login/")
        else:
            assert (page.status_code, added.status_code) == (403, 403), name
            assert not video.captions.exists()


def test_only_caretakers_remove_captions(client, everyone, student, video):
    caption_track_save(
        asset=video, user=student, language="en", upload=uploaded("c.vtt", VTT)
    )
    client.force_login(everyone["other_student"])

    response = client.post(
        reverse("media_library:caption_delete", args=[video.pk, "en"])
    )

    assert response.status_code == 403
    assert video.captions.exists()


@pytest.mark.parametrize(("state", "allowed"), WHO_SEES)
def test_caption_files_go_to_whoever_may_see_the_media(
    client, everyone, course, django_capture_on_commit_callbacks, state, allowed
):
    shared = asset_in_state(
        state,
        everyone["owner"],
        course,
        django_capture_on_commit_callbacks,
        upload=uploaded("clip.mp4", MP4_BYTES),
    )
    # By an admin: shown at once, whatever the state.
    caption_track_save(
        asset=shared,
        user=everyone["admin"],
        language="en",
        upload=uploaded("c.vtt", VTT),
    )

    for name, person in everyone.items():
        expected = (
            "allowed" if name in allowed else "sign in" if person is None else "refused"
        )
        assert outcome(client, person, track_url(shared)) == expected, (state, name)


def test_the_owners_new_captions_on_public_media_wait_for_review(
    client, student, public_video, django_capture_on_commit_callbacks
):
    video = public_video
    client.force_login(student)

    add(client, video)

    track = CaptionTrack.objects.get()
    assert not track.approved
    video.refresh_from_db()
    assert video.current_workflow_state is not None  # back in review
    assert video.is_public  # the approved version stays out meanwhile
    assert b"waiting for review" in client.get(captions_url(video)).content.lower()
    client.logout()
    assert client.get(track_url(video)).status_code == 404
    assert "<track" not in client.get(video.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        review(video)

    track.refresh_from_db()
    assert track.approved
    assert "<track" in client.get(video.get_absolute_url()).content.decode()
    response = client.get(track_url(video))
    assert response["Cache-Control"].startswith("public")


def test_a_teachers_captions_on_public_media_show_at_once(
    client, teacher, public_video
):
    video = public_video

    caption_track_save(
        asset=video, user=teacher, language="en", upload=uploaded("c.vtt", VTT)
    )

    assert CaptionTrack.objects.get().approved
    assert client.get(track_url(video)).status_code == 200


def test_deleting_the_media_deletes_its_caption_files(
    student, video, django_capture_on_commit_callbacks
):
    caption_track_save(
        asset=video, user=student, language="en", upload=uploaded("c.vtt", VTT)
    )

    with django_capture_on_commit_callbacks(execute=True):
        media_asset_delete(asset=video, user=student)

    assert private_caption_files() == []


# Transcripts


def test_the_owner_writes_a_transcript_shown_under_the_player(client, student, video):
    client.force_login(student)

    form = client.get(reverse("media_library:edit", args=[video.pk]))
    assert 'name="transcript"' in form.content.decode()
    client.post(
        reverse("media_library:edit", args=[video.pk]),
        {
            "title": video.title,
            "transcript": "Lava flows downhill.\n\nThen it cools.",
            "visibility": "private",
        },
    )

    page = client.get(video.get_absolute_url()).content.decode()
    assert "<p>Then it cools.</p>" in page


def test_pictures_have_no_transcript(client, student):
    picture = MediaAssetFactory(owner=student)
    client.force_login(student)

    form = client.get(reverse("media_library:edit", args=[picture.pk]))

    assert 'name="transcript"' not in form.content.decode()


def test_a_transcript_is_found_by_those_who_may_see_the_media(student, video):
    media_asset_update(
        asset=video,
        user=student,
        title="Field trip",
        description="",
        tags=[],
        transcript="The obsidian glints.",
    )

    def found(viewer_user) -> list[str]:
        results = search_results(
            viewer=Viewer(viewer_user), query="obsidian", result_type="media"
        )
        return [asset.title for asset in results]

    assert found(student) == ["Field trip"]
    assert found(UserFactory()) == []


def test_the_public_sees_an_edited_transcript_once_approved(
    client, student, course, public_video, django_capture_on_commit_callbacks
):
    video = public_video
    media_asset_update(
        asset=MediaAsset.objects.get(pk=video.pk).get_latest_revision_as_object(),
        user=student,
        title=video.title,
        description="",
        tags=[],
        visibility="public",
        course=course,
        transcript="Something rude.",
    )

    assert "Something rude" not in client.get(video.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        review(video)

    assert "Something rude" in client.get(video.get_absolute_url()).content.decode()


def test_the_data_export_holds_transcripts_and_caption_languages(student, video):
    caption_track_save(
        asset=video, user=student, language="sw", upload=uploaded("c.vtt", VTT)
    )
    media_asset_update(
        asset=video,
        user=student,
        title=video.title,
        description="",
        tags=[],
        transcript="Habari.",
    )

    exported = asset_data_export(user=student)["media"][0]

    assert (exported["transcript"], exported["captions"]) == ("Habari.", ["sw"])


# The REST API


def api_captions_url(asset) -> str:
    return reverse("api:media_captions", args=[asset.pk])


def test_api_clients_add_and_remove_captions(api_client, student, video):
    client = api_client(student)

    added = client.post(
        api_captions_url(video), {"language": "sw", "file": uploaded("c.vtt", VTT)}
    )

    assert added.status_code == 201
    assert added.json() == {
        "language": "sw",
        "label": "Swahili",
        "url": f"http://testserver{track_url(video, 'sw')}",
    }
    shown = client.get(reverse("api:media_detail", args=[video.pk])).json()
    assert [track["language"] for track in shown["captions"]] == ["sw"]

    removed = client.delete(reverse("api:media_caption", args=[video.pk, "sw"]))

    assert removed.status_code == 204
    assert not video.captions.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"language": "xx", "file": uploaded("c.vtt", VTT)}, "no such language"),
        ({"language": "en", "file": uploaded("c.srt", b"1\n")}, "first line must"),
    ],
)
def test_api_clients_are_told_what_is_wrong(api_client, student, video, data, message):
    response = api_client(student).post(api_captions_url(video), data)

    assert response.status_code == 400
    assert message in str(response.json())
    assert not video.captions.exists()


def test_api_clients_cannot_caption_others_media(api_client, student, video):
    response = api_client(UserFactory()).post(
        api_captions_url(video), {"language": "en", "file": uploaded("c.vtt", VTT)}
    )

    assert response.status_code == 404  # they may not even see it
    assert not video.captions.exists()


def test_api_clients_edit_the_transcript(api_client, student, video):
    response = api_client(student).patch(
        reverse("api:media_detail", args=[video.pk]),
        {"transcript": "Lava cools."},
        content_type="application/json",
    )

    assert response.json()["transcript"] == "Lava cools."


def test_moderators_see_captions_and_the_transcript_in_the_admin(
    client, student, video
):
    caption_track_save(
        asset=video, user=student, language="sw", upload=uploaded("c.vtt", VTT)
    )
    client.force_login(moderator())

    page = client.get(
        reverse("wagtailsnippets_media_library_mediaasset:edit", args=[video.pk])
    ).content.decode()

    assert f'<a href="{track_url(video, "sw")}"' in page
    assert "Swahili</a>" in page
    assert 'name="transcript"' in page
