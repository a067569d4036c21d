"""
Captions and transcripts, as people add and use them: a member captions
their video on its page, a teacher captions a lesson's video in the Wagtail
editor, and the browser plays what they uploaded.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import Enrollment, LessonPage
from courses.services import course_index_setup
from e2e.helpers import blocks_settled, insert_block, script_errors, sign_in
from media_library.factories import MediaAssetFactory, uploaded
from media_library.models import CaptionTrack
from members.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SAMPLES = Path(__file__).parent.parent / "media_library/samples"
BROKEN = b"WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nA comma, as SubRip has it.\n"


def sample_video(owner, title: str):
    return MediaAssetFactory(
        owner=owner,
        upload=uploaded("welcome.webm", (SAMPLES / "lesson.webm").read_bytes()),
        title=title,
    )


def cues_played(video: Locator, index: int = 0) -> list[str]:
    """The cues the browser read from the video's track `index`, shown."""
    return video.evaluate(
        """(video, index) => new Promise((settled, failed) => {
            const element = video.querySelectorAll("track")[index];
            const read = () => settled(
                Array.from(element.track.cues, cue => cue.text)
            );
            if (element.readyState === 2) return read();
            element.addEventListener("load", read);
            element.addEventListener("error", () => failed("track refused"));
            element.track.mode = "showing";
        })""",
        index,
    )


def test_a_member_captions_their_video_and_writes_its_transcript(page: Page, tmp_path):
    member = UserFactory(email_verified=True)
    video = sample_video(member, "Volcano trip")
    broken = tmp_path / "trip.vtt"
    broken.write_bytes(BROKEN)
    errors = script_errors(page)

    sign_in(page, member.email)
    page.goto(video.get_absolute_url())
    page.get_by_role("link", name="Captions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Captions of “Volcano trip”"
    )

    # A file the player could not read is refused, saying where.
    page.get_by_label("Language").select_option(label="English")
    page.get_by_label("Caption file").set_input_files(broken)
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("main")).to_contain_text(
        "Line 3: expected a cue timing such as"
    )
    assert not CaptionTrack.objects.exists()

    page.get_by_label("Language").select_option(label="English")
    page.get_by_label("Caption file").set_input_files(SAMPLES / "lesson.en.vtt")
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("status").first).to_contain_text("English captions added")
    expect(page.get_by_test_id("caption-tracks")).to_contain_text("English")

    page.get_by_role("link", name="Back to the media").click()
    player = page.get_by_test_id("asset-video")
    assert cues_played(player)[-1] == "Ask: questions in the course chat."

    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Transcript").fill("We walked up to the crater.")
    page.get_by_role("button", name="Save").click()
    transcript = page.get_by_test_id("transcript")
    expect(transcript).not_to_contain_text("crater", use_inner_text=True)
    transcript.get_by_text("Transcript").click()
    expect(transcript).to_contain_text("We walked up to the crater.")
    assert not errors


def test_a_teacher_captions_a_lesson_video_in_the_editor(
    page: Page, browser, live_server, home_page, tmp_path
):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory(email_verified=True)
    course = CoursePageFactory(
        parent=index,
        owner=teacher,
        title="Volcanoes",
        access_level="purchase",
        price=10,
        currency="USD",
    )
    module = ModulePageFactory(parent=course, owner=teacher)
    lesson = LessonPageFactory(parent=module, owner=teacher, title="Lava")
    sample_video(teacher, "Lava flows")
    broken = tmp_path / "lava-broken.vtt"
    broken.write_bytes(BROKEN)
    swahili = tmp_path / "lava-sw.vtt"
    swahili.write_bytes((SAMPLES / "lesson.sw.vtt").read_bytes())

    sign_in(page, teacher.email)
    page.goto(f"/admin/pages/{lesson.pk}/edit/")
    block = insert_block(page, "Video")
    block.get_by_role("button", name="Choose a video or audio file").click()
    page.get_by_role("dialog").get_by_role("link", name="Lava flows").click()
    expect(block).to_contain_text("Lava flows")

    block.get_by_role("button", name="Add", exact=True).click()
    block.get_by_label("Language").select_option(label="Swahili")
    blocks_settled(page)
    block.get_by_role("button", name="Choose a document").click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("tab", name="Upload").click()
    # A malformed file is refused as it is uploaded, there in the chooser.
    chooser.get_by_label("File").set_input_files(broken)
    # Wagtail fills the title from the file's name a moment later.
    expect(chooser.get_by_label("Title")).not_to_have_value("")
    chooser.get_by_role("button", name="Upload").click()
    expect(chooser).to_contain_text("Line 3: expected a cue timing")
    chooser.get_by_label("File").set_input_files(swahili)
    chooser.get_by_label("Title").fill("Lava, in Swahili")
    chooser.get_by_role("button", name="Upload").click()
    expect(chooser).to_be_hidden()
    expect(block).to_contain_text("Lava, in Swahili")
    block.get_by_label("Transcript").fill("Lava cools into new rock.")
    page.locator("footer").get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text(
        "'Lava' has been updated"
    )
    # Approved as the course review approves it (proven in test_course_review).
    LessonPage.objects.get(pk=lesson.pk).get_latest_revision().publish()

    live = LessonPage.objects.get(pk=lesson.pk)
    [video_block] = [b.value for b in live.body if b.block_type == "video"]
    assert [track["language"] for track in video_block["captions"]] == ["sw"]

    # An enrolled student plays the captions and reads the transcript.
    student = UserFactory(email_verified=True)
    Enrollment.objects.create(user=student, course=course, source="purchase")
    context = browser.new_context(base_url=live_server.url)
    reader = context.new_page()
    sign_in(reader, student.email)
    reader.goto(live.url)
    player = reader.get_by_test_id("asset-video")
    assert cues_played(player)[0] == "Karibu! Hivi ndivyo kozi inavyofanya kazi."
    reader.get_by_test_id("transcript").get_by_text("Transcript").click()
    expect(reader.get_by_test_id("transcript")).to_contain_text(
        "Lava cools into new rock."
    )

    # Someone outside the course gets neither the lesson nor its track file.
    outsider = browser.new_context(base_url=live_server.url).new_page()
    sign_in(outsider, UserFactory(email_verified=True).email)
    track_url = video_block["captions"][0]["file"].url
    assert outsider.request.get(track_url).status == 403
    context.close()
