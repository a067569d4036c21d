import pytest
from playwright.sync_api import Browser, expect

from e2e.helpers import (
    FACTORY_PASSWORD,
    chat_messages,
    course_with_two_students,
    member_page,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_course_chats_with_its_teacher_and_two_members_write_directly(
    browser: Browser, asgi_server: str, home_page
):
    course, teacher, ada, bo = course_with_two_students(home_page)

    pages = {
        name: member_page(browser, asgi_server, user.email)
        for name, user in (("ada", ada), ("bo", bo), ("tom", teacher))
    }
    for page in pages.values():
        # Confirmations and prompts (delete, edit) are answered yes.
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(course.url)
        page.get_by_role("button", name="Course chat").click()
        expect(page.locator("[data-chat-status]")).to_have_text("Connected")
    expect(pages["ada"].get_by_test_id("presence")).to_contain_text("Tom Teacher")

    # Ada writes; everyone in the room sees it at once.
    pages["ada"].get_by_label("Message").fill("Which knot holds best?")
    pages["ada"].get_by_label("Message").press("Enter")
    for page in pages.values():
        expect(
            chat_messages(page).filter(has_text="Which knot holds best?")
        ).to_have_count(1)
    pages["tom"].get_by_label("Message").fill("The bowline, <b>always</b>.")
    pages["tom"].get_by_role("button", name="Send").click()
    expect(chat_messages(pages["ada"]).last).to_contain_text(
        "The bowline, <b>always</b>."
    )

    # Bo posts something rude; the teacher removes it for everyone.
    pages["bo"].get_by_label("Message").fill("This course is rubbish")
    pages["bo"].get_by_label("Message").press("Enter")
    rude = chat_messages(pages["tom"]).filter(has_text="rubbish")
    expect(rude).to_have_count(1)
    rude.hover()
    rude.get_by_role("button", name="Delete").click()
    for page in pages.values():
        expect(chat_messages(page).filter(has_text="rubbish")).to_have_count(0)

    # Ada writes to Bo directly from his profile; Bo finds it in his chats.
    ada_page = pages["ada"]
    ada_page.goto(bo.get_absolute_url())
    ada_page.get_by_test_id("message-member").click()
    expect(ada_page.locator("[data-chat-status]")).to_have_text("Connected")
    ada_page.get_by_label("Message").fill("Practice knots after class?")
    ada_page.get_by_label("Message").press("Enter")
    expect(chat_messages(ada_page)).to_have_count(1)
    bo_page = pages["bo"]
    bo_page.goto("/chat/")
    direct = bo_page.get_by_test_id("my-chats").get_by_role("link", name="Ada")
    expect(direct.get_by_test_id("unread")).to_have_text("1 unread")
    direct.click()
    expect(chat_messages(bo_page)).to_contain_text(["Practice knots after class?"])


def test_signing_out_in_another_tab_ends_the_chat(
    browser: Browser, asgi_server: str, home_page
):
    course, _, ada, _ = course_with_two_students(home_page)
    chat = member_page(browser, asgi_server, ada.email)
    chat.goto(course.url)
    chat.get_by_role("button", name="Course chat").click()
    status = chat.locator("[data-chat-status]")
    expect(status).to_have_text("Connected")
    other_tab = chat.context.new_page()

    # A password changed in this browser gives its session a new key: the
    # chat, shown out on its next message, finds it and writes on.
    other_tab.goto("/accounts/password/change/")
    other_tab.get_by_label("Current Password").fill(FACTORY_PASSWORD)
    other_tab.get_by_label("New Password", exact=True).fill("A-new-passw0rd!")
    other_tab.get_by_label("New Password (again)").fill("A-new-passw0rd!")
    other_tab.get_by_role("button", name="Change Password").click()
    expect(other_tab.get_by_role("status")).to_contain_text("Password successfully")
    chat.get_by_label("Message").fill("Lost?")
    with chat.expect_websocket():
        chat.get_by_label("Message").press("Enter")
    expect(status).to_have_text("Connected")
    chat.get_by_label("Message").fill("Still here after the new password")
    chat.get_by_label("Message").press("Enter")
    expect(chat_messages(chat)).to_have_count(1)

    other_tab.goto(course.url)
    other_tab.get_by_role("button", name="Log out").click()
    expect(other_tab.get_by_role("link", name="Log in")).to_be_visible()

    # Signed out: the next message is refused, and the chat stops trying.
    chat.get_by_label("Message").fill("Am I still here?")
    chat.get_by_label("Message").press("Enter")
    expect(status).to_have_text("You are signed out: sign in to chat.")
    chat.wait_for_timeout(1500)
    expect(status).to_have_text("You are signed out: sign in to chat.")
    expect(chat_messages(chat)).to_have_count(1)
