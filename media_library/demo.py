"""
Demo media for seed_demo: a lesson video with captions in two languages and
a transcript, and a student's media in each state.
"""

from io import BytesIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from PIL import Image, ImageDraw

from courses.models import CoursePage
from members.models import User

from .models import MediaAsset
from .services import caption_track_save, media_asset_create, media_asset_review

SAMPLES = Path(__file__).parent / "samples"


TRANSCRIPT = """Welcome! Here is how a course works.

Read: short lessons, at your own pace. Check: a quiz at the end of each \
lesson. Ask: questions in the course chat."""


def create_demo_video(*, teacher: User) -> MediaAsset:
    """A short video of the teacher's own, for the demo lessons."""
    video = MediaAsset.objects.filter(owner=teacher, kind="video").first()
    if video is not None:
        return video
    # Made by samples/make_lesson_video.py.
    video = media_asset_create(
        owner=teacher,
        upload=SimpleUploadedFile(
            "welcome.webm", (SAMPLES / "lesson.webm").read_bytes()
        ),
        poster=SimpleUploadedFile("welcome.jpg", (SAMPLES / "lesson.jpg").read_bytes()),
        title="Welcome to the course",
        description="How a course works here: lessons, quizzes and the course chat.",
        tags=["welcome"],
    )
    video.transcript = TRANSCRIPT
    video.save(update_fields=["transcript"])
    video.save_revision(user=teacher)
    for language in ("en", "sw"):
        caption_track_save(
            asset=video,
            user=teacher,
            language=language,
            upload=SimpleUploadedFile(
                f"welcome.{language}.vtt",
                (SAMPLES / f"lesson.{language}.vtt").read_bytes(),
            ),
        )
    return video


def create_demo_media(*, student: User, admin: User, course: CoursePage) -> None:
    """The student's media: public, in review, shared with a course, private."""
    if MediaAsset.objects.filter(owner=student).exists():
        return
    poster = media_asset_create(
        owner=student,
        upload=_picture("poster.png", "#1d4ed8", "x + 3 = 5"),
        title="Equations poster",
        description="A poster I made for the algebra course.",
        tags=["algebra", "poster"],
        visibility=MediaAsset.Visibility.PUBLIC,
        course=course,
    )
    media_asset_review(asset=poster, user=admin, approve=True)
    media_asset_create(
        owner=student,
        upload=_picture("sketch.png", "#047857", "y = 2x"),
        title="Graph sketch",
        tags=["algebra"],
        visibility=MediaAsset.Visibility.PUBLIC,
        course=course,
    )
    media_asset_create(
        owner=student,
        upload=_picture("homework.png", "#b45309", "Homework 1"),
        title="Homework, page 1",
        visibility=MediaAsset.Visibility.COURSE,
        course=course,
    )
    media_asset_create(
        owner=student,
        upload=SimpleUploadedFile("notes.txt", b"Things to ask the teacher:\n- ..."),
        title="My notes",
    )


def _picture(name: str, colour: str, text: str) -> SimpleUploadedFile:
    canvas = Image.new("RGB", (1200, 800), colour)
    ImageDraw.Draw(canvas).text((80, 340), text, fill="white", font_size=96)
    buffer = BytesIO()
    canvas.save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue())
