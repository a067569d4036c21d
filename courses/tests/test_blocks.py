"""Lesson blocks: a draft may be unfinished; what goes live must be whole."""

from django.core.exceptions import ValidationError

from wagtail.blocks import StreamBlock
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

import pytest

from courses.blocks import LessonStreamBlock, error_messages
from media_library.factories import MP4_BYTES, PDF_BYTES, MediaAssetFactory, uploaded

pytestmark = pytest.mark.django_db

UNFINISHED = {
    "paragraph": ("", "This field is required."),
    "heading": ({"text": "", "size": "h2"}, "This field is required."),
    "image": (
        {"image": None, "decorative": False, "alt_text": ""},
        "This field is required.",
    ),
    "video": (
        {"asset": None, "embed": "", "caption": "Tied in five seconds"},
        "Choose a file from the media library or give a web address (one of the two).",
    ),
    "file": ({"document": None, "title": "Practice sheet"}, "This field is required."),
    "code": ({"language": "python", "code": ""}, "This field is required."),
    "callout": ({"kind": "tip", "text": ""}, "This field is required."),
    "quiz": (
        {
            "title": "Check",
            "questions": [
                {
                    "prompt": "Which end makes the loop?",
                    "explanation": "",
                    "choices": [
                        {"text": "The standing part", "correct": False},
                        {"text": "The working end", "correct": False},
                    ],
                }
            ],
        },
        "Mark at least one choice as correct.",
    ),
}


def body(*blocks: tuple[str, object]):
    stream_block = LessonStreamBlock()
    value = stream_block.to_python(
        [{"type": kind, "value": value} for kind, value in blocks]
    )
    return stream_block, value


def errors_of(stream_block, value) -> list[str]:
    with pytest.raises(ValidationError) as error:
        stream_block.clean(value)
    return [
        message
        for block_error in error.value.block_errors.values()
        for message in error_messages(block_error)
    ]


@pytest.mark.parametrize("kind", UNFINISHED)
def test_an_unfinished_block_is_saved_in_a_draft_but_cannot_go_live(kind):
    value, error = UNFINISHED[kind]
    stream_block, stream = body((kind, value))

    # Saving a draft validates with Wagtail's deferred validation.
    assert len(stream_block.clean_deferred(stream)) == 1
    assert error in errors_of(stream_block, stream)


def test_a_video_never_plays_a_file_that_is_no_video_even_in_a_draft():
    notes = MediaAssetFactory(upload=uploaded("notes.pdf", PDF_BYTES))
    stream_block, stream = body(
        ("video", {"asset": notes.pk, "embed": "", "caption": ""})
    )

    with pytest.raises(ValidationError) as error:
        stream_block.clean_deferred(stream)

    assert error_messages(error.value.block_errors[0]) == [
        "Choose a video or audio file."
    ]


def test_a_video_has_both_sources_in_a_draft_but_one_when_it_goes_live():
    video = MediaAssetFactory(upload=uploaded("knot.mp4", MP4_BYTES))
    url = "https://www.youtube.com/watch?v=bowline"
    # The embed as Wagtail keeps it once it has looked it up.
    Embed.objects.create(
        url=url, hash=get_embed_hash(url), type="video", html="<iframe></iframe>"
    )
    stream_block, stream = body(
        ("video", {"asset": video.pk, "embed": url, "caption": ""})
    )

    stream_block.clean_deferred(stream)

    assert errors_of(stream_block, stream) == [
        "Choose a file from the media library or give a web address (one of the two)."
    ]


def test_a_finished_video_goes_live():
    video = MediaAssetFactory(upload=uploaded("knot.mp4", MP4_BYTES))
    stream_block, stream = body(
        ("video", {"asset": video.pk, "embed": "", "caption": ""})
    )

    assert stream_block.clean(stream)[0].value["asset"] == video


def test_a_question_with_no_choices_yet_is_saved_in_a_draft():
    question = {"prompt": "", "explanation": "", "choices": []}
    stream_block, stream = body(("quiz", {"title": "", "questions": [question]}))

    stream_block.clean_deferred(stream)

    assert set(errors_of(stream_block, stream)) == {
        "This field is required.",
        "The minimum number of items is 2",
    }


@pytest.mark.parametrize("kind", UNFINISHED)
def test_an_unfinished_block_shows_in_a_preview_of_the_draft(kind):
    value, _ = UNFINISHED[kind]
    _, stream = body((kind, value))

    stream.render_as_block()  # a template expecting a finished block raises


def test_a_quiz_without_a_pass_mark_yet_shows_none_in_a_preview():
    question = {"prompt": "Which knot?", "explanation": "", "choices": []}
    _, stream = body(
        ("quiz", {"title": "Knots", "pass_mark": None, "questions": [question]})
    )

    html = stream.render_as_block()

    assert "Knots" in html
    assert "Pass mark" not in html


def test_a_lessons_blocks_are_wrapped_as_wagtails_stream_wraps_them():
    """The lesson's stream renders its blocks itself (to keep some): its
    markup stays Wagtail's, which templates and styles rely on."""
    stream = LessonStreamBlock()
    value = stream.to_python(
        [
            {"type": "heading", "value": {"text": "Knots", "size": "h2"}, "id": "a"},
            {"type": "callout", "value": {"kind": "tip", "text": "<p>Pull.</p>"}},
        ]
    )

    assert stream.render_basic(value) == StreamBlock.render_basic(stream, value)
