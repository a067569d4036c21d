from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import LessonPage
from courses.services import course_index_setup
from e2e.helpers import insert_block, script_errors, sign_in
from media_library.models import MediaAsset
from members.factories import TeacherFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SAMPLE_VIDEO = Path(__file__).parent.parent / "media_library/samples/lesson.webm"


def test_a_teacher_uploads_a_video_from_the_lesson_editor_and_saves_a_draft(
    page: Page, home_page, tmp_path
):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory(email_verified=True)
    course = CoursePageFactory(parent=index, owner=teacher, title="Knots")
    module = ModulePageFactory(parent=course, owner=teacher)
    lesson = LessonPageFactory(parent=module, owner=teacher, title="The bowline")
    screenshot = tmp_path / "bowline-still.png"
    Image.new("RGB", (64, 48), "navy").save(screenshot)
    video = tmp_path / "Tying a bowline.webm"
    video.write_bytes(SAMPLE_VIDEO.read_bytes())
    errors = script_errors(page)

    sign_in(page, teacher.email)
    page.goto(f"/admin/pages/{lesson.pk}/edit/")
    block = insert_block(page, "Video")
    block.get_by_role("button", name="Choose a video or audio file").click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("tab", name="Upload").click()

    # A still picture picked by mistake is refused, there in the chooser.
    chooser.get_by_label("File").set_input_files(screenshot)
    chooser.get_by_role("button", name="Upload").click()
    expect(chooser).to_contain_text(
        "This is an image: upload a video or an audio file here."
    )
    assert not MediaAsset.objects.exists()

    # The video goes up, and is chosen into the block at once.
    chooser.get_by_label("File").set_input_files(video)
    chooser.get_by_role("button", name="Upload").click()
    expect(chooser).to_be_hidden()
    expect(block).to_contain_text("Tying a bowline")

    page.locator("footer").get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text(
        "'The bowline' has been updated"
    )
    asset = MediaAsset.objects.get()
    assert (asset.owner, asset.kind, asset.title) == (
        teacher,
        "video",
        "Tying a bowline",
    )
    draft = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object()
    videos = [block.value for block in draft.body if block.block_type == "video"]
    assert [value["asset"] for value in videos] == [asset]
    # The chooser answered every step, the refusal included, as Wagtail's
    # modal expects: with no error status.
    assert not [
        error
        for _, error in errors
        if "/admin/media_library_playable_chooser/" in error
    ]
