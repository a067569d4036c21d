import pytest
from playwright.sync_api import Browser, Page, expect

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import Enrollment
from courses.services import course_index_setup
from e2e.helpers import sign_in
from members.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def member_page(browser: Browser, base_url: str, email: str) -> Page:
    context = browser.new_context(base_url=base_url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    # Confirmations and prompts (delete, edit) are answered yes.
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, email)
    expect(page.get_by_test_id("account-nav")).to_contain_text("Log out")
    return page


def messages(page: Page):
    return page.get_by_test_id("messages").get_by_test_id("message")


def test_a_course_chats_with_its_teacher_and_two_members_write_directly(
    browser: Browser, asgi_server: str, home_page
):
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

    pages = {
        name: member_page(browser, asgi_server, user.email)
        for name, user in (("ada", ada), ("bo", bo), ("tom", teacher))
    }
    for page in pages.values():
        page.goto(course.url)
        page.get_by_role("button", name="Course chat").click()
        expect(page.locator("[data-chat-status]")).to_have_text("Connected")
    expect(pages["ada"].get_by_test_id("presence")).to_contain_text("Tom Teacher")

    # Ada writes; everyone in the room sees it at once.
    pages["ada"].get_by_label("Message").fill("Which knot holds best?")
    pages["ada"].get_by_label("Message").press("Enter")
    for page in pages.values():
        expect(messages(page).filter(has_text="Which knot holds best?")).to_have_count(
            1
        )
    pages["tom"].get_by_label("Message").fill("The bowline, <b>always</b>.")
    pages["tom"].get_by_role("button", name="Send").click()
    expect(messages(pages["ada"]).last).to_contain_text("The bowline, <b>always</b>.")

    # Bo posts something rude; the teacher removes it for everyone.
    pages["bo"].get_by_label("Message").fill("This course is rubbish")
    pages["bo"].get_by_label("Message").press("Enter")
    rude = messages(pages["tom"]).filter(has_text="rubbish")
    expect(rude).to_have_count(1)
    rude.hover()
    rude.get_by_role("button", name="Delete").click()
    for page in pages.values():
        expect(messages(page).filter(has_text="rubbish")).to_have_count(0)

    # Ada writes to Bo directly from his profile; Bo finds it in his chats.
    ada_page = pages["ada"]
    ada_page.goto(bo.get_absolute_url())
    ada_page.get_by_test_id("message-member").click()
    expect(ada_page.locator("[data-chat-status]")).to_have_text("Connected")
    ada_page.get_by_label("Message").fill("Practice knots after class?")
    ada_page.get_by_label("Message").press("Enter")
    expect(messages(ada_page)).to_have_count(1)
    bo_page = pages["bo"]
    bo_page.goto("/chat/")
    direct = bo_page.get_by_test_id("my-chats").get_by_role("link", name="Ada")
    expect(direct.get_by_test_id("unread")).to_have_text("1 unread")
    direct.click()
    expect(messages(bo_page)).to_contain_text(["Practice knots after class?"])
