import pytest
from playwright.sync_api import Browser, expect

from chat.models import Message, Report
from chat.services import course_room_open
from e2e.helpers import (
    chat_messages,
    course_with_two_students,
    member_page,
    script_errors,
)
from members.factories import AdminFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REASON = "It insults the whole class"


def test_a_student_reports_a_message_and_an_admin_deletes_it_from_the_room(
    browser: Browser, asgi_server: str, home_page
):
    course, teacher, ada, bo = course_with_two_students(home_page)
    room = course_room_open(user=teacher, course=course)
    for author, body in (
        (teacher, "Tie a bowline for tomorrow."),
        (ada, "Mine keeps slipping."),
        (teacher, "Pull the standing part tight."),
    ):
        Message.objects.create(room=room, author=author, body=body)

    ada_page = member_page(browser, asgi_server, ada.email)
    bo_page = member_page(browser, asgi_server, bo.email)
    for page in (ada_page, bo_page):
        page.goto(room.get_absolute_url())
        expect(page.locator("[data-chat-status]")).to_have_text("Connected")

    # Bo writes something rude; Ada reports it from the room, saying why.
    bo_page.get_by_label("Message").fill("You are all useless at knots")
    bo_page.get_by_label("Message").press("Enter")
    rude = chat_messages(ada_page).filter(has_text="useless at knots")
    expect(rude).to_have_count(1)
    ada_page.once("dialog", lambda dialog: dialog.accept(REASON))
    rude.hover()
    rude.get_by_role("button", name="Report").click()
    expect(ada_page.locator("[data-chat-status]")).to_have_text(
        "Thank you: an admin will look at it."
    )
    ada_page.get_by_label("Message").fill("Let's keep practising.")
    ada_page.get_by_label("Message").press("Enter")
    expect(chat_messages(bo_page).filter(has_text="keep practising")).to_have_count(1)

    # An admin finds the report in the admin, reads it in its conversation...
    admin_page = member_page(browser, asgi_server, AdminFactory().email)
    admin_errors = script_errors(admin_page)
    admin_page.goto("/admin/")
    admin_page.get_by_role("link", name="Chat reports").click()
    listing = admin_page.get_by_role("table")
    row = listing.get_by_role("row").filter(has_text="useless at knots")
    expect(row).to_contain_text("Knots")
    expect(row).to_contain_text("Ada")
    expect(row).to_contain_text(REASON)
    row.get_by_role("link", name="You are all useless at knots").click()

    conversation = admin_page.get_by_role("region", name="Conversation in Knots")
    expect(conversation.get_by_role("listitem")).to_have_count(5)
    expect(conversation).to_contain_text("Pull the standing part tight.")
    expect(conversation).to_contain_text("Let's keep practising.")
    expect(conversation.get_by_role("mark")).to_have_text(
        "You are all useless at knots"
    )
    reports = admin_page.get_by_role("region", name="Reports of this message")
    expect(reports.get_by_role("row").filter(has_text="Ada")).to_contain_text(REASON)

    # ... and deletes the message: it goes from the room at once.
    admin_page.get_by_role("button", name="Delete the message").click()
    expect(admin_page.get_by_role("status")).to_contain_text(
        "The message is deleted for everyone in Knots."
    )
    expect(admin_page.get_by_role("main")).not_to_contain_text("useless at knots")
    for page in (ada_page, bo_page):
        expect(chat_messages(page).filter(has_text="useless at knots")).to_have_count(0)
    bo_page.reload()
    expect(chat_messages(bo_page).filter(has_text="keep practising")).to_have_count(1)
    expect(chat_messages(bo_page).filter(has_text="useless at knots")).to_have_count(0)
    assert not Report.objects.exists()
    assert admin_errors == []
