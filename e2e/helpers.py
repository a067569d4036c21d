import re
from pathlib import Path

from django.core import mail

from playwright.sync_api import Browser, Locator, Page, Response, expect

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
    quiz_block_value,
)
from courses.models import CoursePage, Enrollment
from courses.services import course_index_setup
from members.factories import FACTORY_PASSWORD, TeacherFactory, UserFactory
from members.models import User

EXPLANATION = "Root hairs take up the water and the minerals a plant needs."


def plant_basics(home_page) -> CoursePage:
    """
    Plant basics, free for members: one module, a reading lesson, then a
    lesson with a quiz (pass mark 100 %, three tries).
    """
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory()
    course = CoursePageFactory(
        parent=index, title="Plant basics", access_level="members", owner=teacher
    )
    module = ModulePageFactory(parent=course, title="Roots", owner=teacher)
    LessonPageFactory(
        parent=module,
        owner=teacher,
        title="Why roots matter",
        body=[("paragraph", "<p>Roots hold the plant and feed it.</p>")],
    )
    quiz = quiz_block_value(
        pass_mark=100,
        tries=3,
        prompt="Which part of a plant takes up water?",
        explanation=EXPLANATION,
        choices=[
            {"text": "The leaves", "correct": False},
            {"text": "The roots", "correct": True},
        ],
    )
    LessonPageFactory(
        parent=module,
        owner=teacher,
        title="Check your roots",
        body=[("quiz", {**quiz, "title": "Roots check"})],
    )
    return course


def footer_action(editor: Page, name: str) -> None:
    """Click `name` in the Wagtail editor's footer menu (Publish, Submit…)."""
    editor.locator("footer").get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name=name).click()


def publish_in_editor(editor: Page) -> None:
    """Publish the page open in the Wagtail editor, from the footer's menu."""
    footer_action(editor, "Publish")
    expect(editor.get_by_role("main").get_by_role("status").first).to_contain_text(
        "has been published"
    )


def blocks_settled(page: Page) -> None:
    """
    Wait for the Wagtail editor's blocks to stop moving: a block or list item
    it has just added slides open (a jQuery animation) and scrolls, and a click
    aimed at a button there meanwhile can land beside it.
    """
    page.wait_for_function("() => !window.jQuery(':animated').length")


def insert_block(page: Page, kind: str) -> Locator:
    """Add a block of `kind` at the end of the lesson's body, once it is open."""
    body = page.get_by_role("region", name="Body")
    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=kind, exact=True).click()
    # Shown as it starts to slide open, a moment after it is added.
    block = body.get_by_role("region", name=re.compile(f"^{kind}")).last
    expect(block).to_be_visible()
    blocks_settled(page)
    return block


def sign_in(page: Page, email: str, password: str = FACTORY_PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.locator("main").get_by_role("button", name="Sign In").click()


def open_admin_menu(page: Page, section: str, item: str) -> None:
    """From the admin's dashboard, open `item` in the sidebar's `section`."""
    page.goto("/admin/")
    page.get_by_role("button", name=section).click()
    page.get_by_role("link", name=item, exact=True).click()


def script_errors(page: Page) -> list[tuple[float, str]]:
    """
    The 4xx/5xx answers that the page's own scripts receive, as they come,
    each with when its request was sent (milliseconds since the epoch).
    """
    errors = []

    def check(response: Response) -> None:
        request = response.request
        if request.resource_type in ("xhr", "fetch") and response.status >= 400:
            errors.append(
                (
                    request.timing["startTime"],
                    f"{request.method} {response.url}: {response.status}",
                )
            )

    page.on("response", check)
    return errors


# Where the focus is shows: the site outlines whatever has the keyboard's
# focus (site.css, :focus-visible).
FOCUS_SHOWN = """element => {
    const style = getComputedStyle(element);
    return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
}"""


def tab_to(page: Page, target: Locator, limit: int = 60) -> None:
    """
    Press Tab until `target` has the focus, as a keyboard user would, and
    check that the focus shows there.
    """
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            assert target.evaluate(FOCUS_SHOWN), f"{target} shows no focus"
            return
    raise AssertionError(f"{target} not reached in {limit} presses of Tab")


def member_page(browser: Browser, base_url: str, email: str) -> Page:
    """A window of its own for a member, signed in."""
    context = browser.new_context(base_url=base_url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, email)
    expect(page.get_by_test_id("account-nav")).to_contain_text("Log out")
    return page


def lesson_questions(page: Page, lesson_url: str | None = None) -> Locator:
    """The questions under a lesson (opened, or the one shown), scrolled to
    as they load."""
    if lesson_url:
        page.goto(lesson_url)
    questions = page.get_by_role("region", name="Questions")
    questions.scroll_into_view_if_needed()
    expect(questions.get_by_role("heading", name="Ask a question")).to_be_visible()
    return questions


def follow_notification(page: Page, unread: int, text: str) -> None:
    """From the header's bell showing `unread`, open the notifications and
    follow the unread one that says `text`."""
    page.get_by_role("link", name=f"Notifications, {unread} unread").click()
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    notification = page.get_by_test_id("notification").filter(has_text=text)
    expect(notification).to_contain_text(f"Unread: {text}")
    notification.get_by_role("button").click()


def chat_messages(page: Page) -> Locator:
    return page.get_by_test_id("messages").get_by_test_id("message")


def course_with_two_students(home_page) -> tuple[CoursePage, User, User, User]:
    """Tom Teacher's members-only course "Knots", with Ada and Bo enrolled."""
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory(email_verified=True, display_name="Tom Teacher")
    course = CoursePageFactory(
        parent=index, owner=teacher, title="Knots", access_level="members"
    )
    LessonPageFactory(parent=ModulePageFactory(parent=course, owner=teacher))
    ada = UserFactory(email_verified=True, display_name="Ada")
    bo = UserFactory(email_verified=True, display_name="Bo")
    for student in (ada, bo):
        Enrollment.objects.create(user=student, course=course, source="free")
    return course, teacher, ada, bo


def confirm_email(page: Page) -> None:
    """Follow the link of the last email sent, as its reader would."""
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)[0]
    page.goto(link)
    page.locator("main").get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status")).to_contain_text("confirmed")


def upload_in_chooser(page: Page, path: Path, title: str) -> None:
    """Upload a file in the open Wagtail chooser's Upload tab."""
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("tab", name="Upload").click()
    chooser.get_by_label("File").set_input_files(path)
    # Wagtail fills the title from the file's name a moment later; typing
    # before it does gets both.
    expect(chooser.get_by_label("Title")).not_to_have_value("")
    chooser.get_by_label("Title").fill(title)
    chooser.get_by_role("button", name="Upload").click()
    expect(chooser).to_be_hidden()
