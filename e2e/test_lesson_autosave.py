"""
A teacher writes a lesson in the Wagtail editor, which autosaves it as it
grows: a half-written lesson saves as a draft, and is checked in full only
when it is to go live.
"""

import re
from collections.abc import Callable
from typing import TypeVar

import pytest
from PIL import Image as PillowImage
from playwright.sync_api import Page, Response, Route, expect

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    ModulePageFactory,
)
from courses.models import LessonPage, ModulePage
from courses.services import course_index_setup
from e2e.helpers import (
    blocks_settled,
    footer_action,
    insert_block,
    sign_in,
    upload_in_chooser,
)
from members.factories import AdminFactory, TeacherFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

T = TypeVar("T")

# The editor takes the form as it is two seconds after opening as the
# unedited state, and notices edits from then on; each autosave ends with
# a w-autosave:success or w-autosave:error event.
WATCH_AUTOSAVES = """
window.watchingEdits = new Promise(
    (watching) => addEventListener("w-unsaved:watch-edits", watching, {once: true})
);
window.autosaves = [];
addEventListener("w-autosave:success", () => autosaves.push("saved"));
addEventListener("w-autosave:error", (event) => autosaves.push(event.detail.text));
"""


@pytest.fixture
def module(home_page) -> ModulePage:
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory()
    course = CoursePageFactory(parent=index, owner=teacher, title="Sailing")
    return ModulePageFactory(parent=course, owner=teacher, title="Knots")


def admin_errors(page: Page) -> list[str]:
    """Every answer of the admin that is a 4xx or 5xx, as it comes."""
    errors = []

    def check(response: Response) -> None:
        if "/admin/" in response.url and response.status >= 400:
            errors.append(
                f"{response.request.method} {response.url}: {response.status}"
            )

    page.on("response", check)
    return errors


def open_editor(page: Page, url: str) -> None:
    page.add_init_script(WATCH_AUTOSAVES)
    page.goto(url)
    page.evaluate("watchingEdits")


def autosaves(page: Page, step: Callable[[], T]) -> T:
    """Take `step` in the editor, and wait for the autosave it sets off."""
    done = page.evaluate("autosaves.length")
    result = step()
    page.wait_for_function("done => autosaves.length > done", arg=done)
    assert page.evaluate("autosaves.at(-1)") == "saved"
    expect(page.get_by_text("Autosave is paused").filter(visible=True)).to_have_count(0)
    return result


def test_a_half_written_lesson_autosaves_and_is_checked_when_it_is_to_go_live(
    page: Page, browser, live_server, module, tmp_path
):
    diagram = tmp_path / "bowline.png"
    PillowImage.new("RGB", (64, 48), "navy").save(diagram)
    errors = admin_errors(page)
    sign_in(page, module.owner.email)

    # The teacher starts a lesson: its first autosave creates it.
    open_editor(page, f"/admin/pages/add/courses/lessonpage/{module.pk}/")
    autosaves(
        page,
        lambda: page.get_by_role("textbox", name="Title").press_sequentially(
            "The bowline"
        ),
    )
    lesson = LessonPage.objects.child_of(module).get()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{lesson.pk}/edit/$"))
    autosaves(
        page,
        lambda: page.get_by_role("textbox", name="Summary").press_sequentially(
            "A loop that does not slip."
        ),
    )

    # Then adds every kind of block, each left unfinished for a while.
    paragraph = autosaves(page, lambda: insert_block(page, "Paragraph"))
    autosaves(
        page,
        lambda: paragraph.get_by_role("textbox").press_sequentially(
            "Sailors tie it one-handed."
        ),
    )
    autosaves(page, lambda: insert_block(page, "Heading"))
    image = autosaves(page, lambda: insert_block(page, "Image"))

    def choose_image_without_alt_text() -> None:
        image.get_by_role("button", name="Choose an image").click()
        upload_in_chooser(page, diagram, "Bowline diagram")
        image.get_by_role("textbox", name="Alt text").clear()

    autosaves(page, choose_image_without_alt_text)
    video = autosaves(page, lambda: insert_block(page, "Video"))
    autosaves(
        page,
        lambda: video.get_by_role("textbox", name="Caption").press_sequentially(
            "Tied in five seconds"
        ),
    )
    file = autosaves(page, lambda: insert_block(page, "File"))
    autosaves(
        page,
        lambda: file.get_by_role("textbox", name="Title").press_sequentially(
            "Practice sheet"
        ),
    )
    code = autosaves(page, lambda: insert_block(page, "Code"))
    autosaves(
        page,
        lambda: code.get_by_role("textbox", name="Code").press_sequentially("knot = "),
    )
    autosaves(page, lambda: insert_block(page, "Callout"))
    quiz = autosaves(page, lambda: insert_block(page, "Quiz"))

    def ask_with_no_right_answer() -> None:
        quiz.get_by_role("textbox", name="Prompt").press_sequentially(
            "Which end makes the loop?"
        )
        choices = quiz.get_by_role("region").filter(
            has=page.get_by_role("checkbox", name="Correct")
        )
        choices.last.get_by_role("textbox", name="Text").press_sequentially(
            "The standing part"
        )
        shown = choices.count()
        choices.last.get_by_role("button", name="Duplicate").click()
        # The copy is added, then slid open: fill it, not the original.
        expect(choices).to_have_count(shown + 1)
        blocks_settled(page)
        choices.last.get_by_role("textbox", name="Text").fill("The working end")

    autosaves(page, ask_with_no_right_answer)

    # The preview shows the lesson as far as it goes.
    page.get_by_role("button", name="Toggle preview").click()
    # (Wagtail loads each preview in a new frame that then replaces the old.)
    preview = page.get_by_title("Preview").last.content_frame
    expect(preview.get_by_text("Sailors tie it one-handed.")).to_be_visible()
    expect(preview.get_by_text("Which end makes the loop?")).to_be_visible()

    # Saving the draft keeps the lesson the autosaves made, as it is now.
    page.locator("footer").get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text(
        "'The bowline' has been updated"
    )
    assert LessonPage.objects.child_of(module).count() == 1
    draft = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object()
    assert [block.block_type for block in draft.body] == [
        "paragraph",
        "heading",
        "image",
        "video",
        "file",
        "code",
        "callout",
        "quiz",
    ]
    question = draft.body[7].value["questions"][0]
    assert question["prompt"] == "Which end makes the loop?"
    assert [choice["text"] for choice in question["choices"]] == [
        "The standing part",
        "The working end",
    ]
    assert not errors

    # The course cannot go to review with the lesson unfinished.
    course = module.get_parent()
    page.goto(f"/admin/pages/{course.pk}/edit/")
    footer_action(page, "Submit to Course review")
    status = page.get_by_role("main").get_by_role("status")
    expect(status).to_contain_text("could not be saved due to validation errors")
    expect(status).to_contain_text("'The bowline' is not finished")
    expect(status).to_contain_text(
        "Video: Choose a file from the media library or give a web address"
    )
    expect(status).to_contain_text(
        "Image: Please add some alt text for your image or mark it as decorative"
    )
    expect(status).to_contain_text("Quiz: Mark at least one choice as correct.")
    assert not course.workflow_in_progress
    assert not errors

    # Publishing the lesson itself shows what is missing, field by field.
    moderator_context = browser.new_context(base_url=live_server.url)
    moderator = moderator_context.new_page()
    sign_in(moderator, AdminFactory().email)
    moderator.goto(f"/admin/pages/{lesson.pk}/edit/")
    footer_action(moderator, "Publish")
    expect(moderator.get_by_role("main").get_by_role("status")).to_contain_text(
        "could not be saved due to validation errors"
    )
    body = moderator.get_by_role("region", name="Body")
    expect(
        body.get_by_role("region", name=re.compile("^Heading")).get_by_text(
            "This field is required."
        )
    ).to_be_visible()
    expect(
        body.get_by_role("region", name=re.compile("^Image")).get_by_text(
            "Please add some alt text for your image or mark it as decorative"
        )
    ).to_be_visible()
    expect(
        body.get_by_role("region", name=re.compile("^Video")).get_by_text(
            "Choose a file from the media library or give a web address"
        )
    ).to_be_visible()
    expect(
        body.get_by_role("region", name=re.compile("^Quiz")).get_by_text(
            "Mark at least one choice as correct."
        )
    ).to_be_visible()
    assert not LessonPage.objects.get(pk=lesson.pk).live
    moderator_context.close()


def test_saving_a_draft_during_the_first_autosave_saves_one_lesson(page: Page, module):
    errors = admin_errors(page)
    sign_in(page, module.owner.email)
    add_url = f"/admin/pages/add/courses/lessonpage/{module.pk}/"
    open_editor(page, add_url)

    # The autosave that creates the lesson is slow to be answered, and the
    # teacher clicks "Save draft" meanwhile.
    held: list[Route] = []
    page.route(
        f"**{add_url}",
        lambda route: (
            held.append(route) if route.request.method == "POST" else route.continue_()
        ),
    )
    with page.expect_request(lambda request: request.resource_type == "fetch"):
        page.get_by_role("textbox", name="Title").press_sequentially("The bowline")
    page.locator("footer").get_by_role("button", name="Save draft").click(
        no_wait_after=True
    )
    page.wait_for_timeout(1000)  # the time for a second post to be sent
    autosave = held.pop(0)
    with page.expect_response(lambda response: response.request == autosave.request):
        autosave.continue_()
    for route in held:  # a second post to create the lesson, if any was sent
        route.continue_()

    expect(page.get_by_role("main").get_by_role("status")).to_contain_text(
        "'The bowline' has been updated"
    )
    lesson = LessonPage.objects.get()
    assert lesson.title == "The bowline"
    expect(page).to_have_url(re.compile(rf"/admin/pages/{lesson.pk}/edit/$"))
    assert not errors
