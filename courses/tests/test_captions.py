"""
Captions and transcripts of lesson videos: WebVTT files checked as they are
uploaded, tracks that go only to the lesson's readers, and a transcript
shown under the player.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

import pytest

from courses.blocks import VideoBlock, error_messages, video_tracks
from courses.captions import MAX_CAPTION_SIZE, caption_cues, validate_caption_file
from courses.models import CoursePage, Enrollment, LessonPage
from media_library.factories import MP4_BYTES, MediaAssetFactory, uploaded
from media_library.services import caption_track_save
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

VTT = b"WEBVTT\n\n00:00:00.500 --> 00:00:03.000\nWelcome to the course.\n"
FRENCH = b"WEBVTT\n\n00:00:00.500 --> 00:00:03.000\nBienvenue.\n"
PAID = {"access_level": CoursePage.AccessLevel.PURCHASE, "price": 9, "currency": "USD"}
WEB_VIDEO = "https://www.youtube.com/watch?v=welcome"


@pytest.fixture
def teacher(db):
    """A teacher who may upload to the media library."""
    return TeacherFactory(email_verified=True)


@pytest.fixture
def web_video(db) -> str:
    # The embed as Wagtail keeps it once it has looked it up.
    Embed.objects.create(
        url=WEB_VIDEO,
        hash=get_embed_hash(WEB_VIDEO),
        type="video",
        html="<iframe></iframe>",
    )
    return WEB_VIDEO


def lesson_of(course) -> LessonPage:
    return LessonPage.objects.descendant_of(course).order_by("path").first()


def caption_document(owner, content: bytes = VTT, name: str = "welcome.vtt"):
    return Document.objects.create(
        title=name, file=ContentFile(content, name=name), uploaded_by_user=owner
    )


def video_block(**value) -> dict:
    return {
        "asset": None,
        "embed": None,
        "caption": "",
        "captions": [],
        "transcript": "",
        **value,
    }


def place_video(lesson: LessonPage, **value) -> None:
    lesson.body = [("video", video_block(**value))]
    lesson.save_revision().publish()


def clean_video(**value) -> list[str]:
    block = VideoBlock()
    try:
        block.clean(block.normalize(video_block(**value)))
    except ValidationError as error:
        return error_messages(error)
    return []


# The WebVTT check


def test_cues_are_read_with_identifiers_settings_and_comments():
    cues = caption_cues(
        b"\xef\xbb\xbfWEBVTT - demo\r\nKind: captions\r\n\r\n"
        b"NOTE made by hand\r\n\r\n"
        b"intro\r\n00:01.000 --> 00:04.250 align:start\r\nHello,\r\nworld.\r\n\r\n"
        b"01:00:00.000 --> 01:00:02.000\r\nAn hour in.\r\n"
    )

    assert [(cue.start, cue.end, cue.text) for cue in cues] == [
        (1.0, 4.25, "Hello,\nworld."),
        (3600.0, 3602.0, "An hour in."),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"1\n00:00:01,000 --> 00:00:02,000\nSubRip\n", "first line must be"),
        (b"WEBVTTX\n\n00:00:01.000 --> 00:00:02.000\nx\n", "first line must be"),
        (b"WEBVTT\n00:00:01.000 --> 00:00:02.000\nx\n", "Line 2: leave a blank"),
        (b"WEBVTT\n\n00:00:01 --> 00:00:02.000\nx\n", "Line 3: expected a cue"),
        (b"WEBVTT\n\nintro\nno timing here\n", "Line 4: expected a cue"),
        (b"WEBVTT\n\n00:00:01.000 --> 00:00:61.000\nx\n", "Line 3: expected"),
        (b"WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nx\n", "ends before it starts"),
        (
            b"WEBVTT\n\n00:00:05.000 --> 00:00:06.000\na\n\n"
            b"00:00:01.000 --> 00:00:02.000\nb\n",
            "Line 6: the cue starts before the one above it",
        ),
        (b"WEBVTT\n\nNOTE only a comment\n", "has no cues"),
        (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\xff\xfe\n", "not UTF-8"),
    ],
)
def test_malformed_files_are_refused_saying_what_and_where(content, message):
    with pytest.raises(ValidationError) as refused:
        caption_cues(content)

    assert message in refused.value.messages[0]


def test_a_file_too_large_is_refused_before_it_is_read():
    upload = SimpleUploadedFile("huge.vtt", VTT + b"x" * MAX_CAPTION_SIZE)

    with pytest.raises(ValidationError, match="at most 1.0"):
        validate_caption_file(upload)


# Uploading a caption file in the Wagtail admin


def add_document(client, name: str, content: bytes):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


def test_the_admin_checks_a_caption_file_as_it_is_uploaded(client, teacher):
    client.force_login(teacher)

    refused = add_document(client, "broken.vtt", b"WEBVTT\n\n1\nnot a cue\n")

    assert refused.status_code == 200
    assert "Line 4: expected a cue timing" in refused.content.decode()
    assert not Document.objects.exists()

    accepted = add_document(client, "welcome.vtt", VTT)

    assert accepted.status_code == 302
    assert Document.objects.get().file_extension == "vtt"


def test_other_documents_are_not_read_as_captions(client, teacher):
    client.force_login(teacher)

    add_document(client, "notes.txt", b"not WEBVTT, and no need to be")

    assert Document.objects.get().title == "notes.txt"


# The video block


def test_a_track_must_be_a_valid_caption_file(teacher, web_video):
    notes = caption_document(teacher, b"some notes", name="notes.txt")
    renamed = caption_document(teacher, b"1\n00:00:01,000 --> x\n", name="sub.vtt")

    assert clean_video(
        embed=web_video, captions=[{"language": "en", "file": notes}]
    ) == ["Choose a WebVTT (.vtt) caption file."]
    assert (
        "first line must be"
        in clean_video(embed=web_video, captions=[{"language": "en", "file": renamed}])[
            0
        ]
    )


def test_each_language_has_one_track(teacher):
    video = MediaAssetFactory(owner=teacher, upload=uploaded("v.mp4", MP4_BYTES))
    english = caption_document(teacher)

    messages = clean_video(
        asset=video,
        captions=[
            {"language": "en", "file": english},
            {"language": "en", "file": caption_document(teacher)},
        ],
    )

    assert messages == ["Give each language one caption file."]
    assert (
        clean_video(asset=video, captions=[{"language": "en", "file": english}]) == []
    )


def test_a_web_video_takes_no_caption_files(teacher, web_video):
    messages = clean_video(
        embed=web_video,
        captions=[{"language": "en", "file": caption_document(teacher)}],
    )

    assert messages == [
        "Caption files play with a file from the media library; a video from "
        "the web shows its own captions."
    ]


def test_the_blocks_tracks_win_over_the_media_items_for_a_language(teacher):
    video = MediaAssetFactory(owner=teacher, upload=uploaded("v.mp4", MP4_BYTES))
    caption_track_save(
        asset=video, user=teacher, language="en", upload=uploaded("en.vtt", VTT)
    )
    caption_track_save(
        asset=video, user=teacher, language="fr", upload=uploaded("fr.vtt", FRENCH)
    )
    own = caption_document(teacher)
    value = VideoBlock().normalize(
        video_block(asset=video, captions=[{"language": "en", "file": own}])
    )

    assert video_tracks(value) == [
        {"language": "en", "label": "English", "url": own.url},
        {
            "language": "fr",
            "label": "French",
            "url": reverse("media_library:caption", args=[video.pk, "fr"]),
        },
    ]


def test_tracks_waiting_for_review_are_not_played_in_lessons(teacher):
    video = MediaAssetFactory(owner=teacher, upload=uploaded("v.mp4", MP4_BYTES))
    track = caption_track_save(
        asset=video, user=teacher, language="en", upload=uploaded("en.vtt", VTT)
    )
    track.approved = False
    track.save()

    value = VideoBlock().normalize(video_block(asset=video))

    assert video_tracks(value) == []


# Lessons


def test_the_lesson_plays_the_tracks_and_shows_the_transcript(
    client, make_course, teacher
):
    course = make_course()
    lesson = lesson_of(course)
    video = MediaAssetFactory(owner=teacher, upload=uploaded("v.mp4", MP4_BYTES))
    english = caption_document(teacher)
    place_video(
        lesson,
        asset=video,
        captions=[{"language": "en", "file": english}],
        transcript="Welcome to the course.\n\nLessons come first.",
    )

    page = client.get(lesson.url).content.decode()

    assert (
        f'<track kind="captions" srclang="en" label="English" src="{english.url}">'
        in page
    )
    assert "Transcript</summary>" in page
    assert "<p>Lessons come first.</p>" in page


def test_a_paid_lessons_caption_file_goes_only_to_its_readers(
    client, make_course, teacher
):
    course = make_course(**PAID)
    video = MediaAssetFactory(owner=teacher, upload=uploaded("v.mp4", MP4_BYTES))
    english = caption_document(teacher)
    place_video(
        lesson_of(course), asset=video, captions=[{"language": "en", "file": english}]
    )

    assert client.get(english.url)["Location"].startswith("/accounts/login/")
    client.force_login(UserFactory())
    assert client.get(english.url).status_code == 403
    buyer = UserFactory()
    Enrollment.objects.create(user=buyer, course=course, source="purchase")
    client.force_login(buyer)
    response = client.get(english.url)
    assert b"".join(response.streaming_content) == VTT
    assert response["Content-Type"] == "text/vtt"


def test_the_api_gives_the_tracks_and_transcript(api_client, make_course, teacher):
    course = make_course()
    lesson = lesson_of(course)
    video = MediaAssetFactory(owner=teacher, upload=uploaded("v.mp4", MP4_BYTES))
    caption_track_save(
        asset=video, user=teacher, language="sw", upload=uploaded("sw.vtt", VTT)
    )
    place_video(lesson, asset=video, transcript="Karibu.")

    response = api_client(AdminFactory()).get(f"/api/v1/lessons/{lesson.pk}")

    block = response.json()["body"][0]["value"]
    assert block["transcript"] == "Karibu."
    assert block["captions"] == [
        {
            "language": "sw",
            "label": "Swahili",
            "url": f"http://testserver/library/{video.pk}/captions/sw/",
        }
    ]
