import json

from django.core import mail

import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import sign_in
from home.factories import ContactPageFactory
from home.models import LegalPages
from members.factories import AdminFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def contact_page(home_page, settings):
    settings.SUPPORT_EMAIL = "support@lectern.test"
    legal = LegalPages.for_site(home_page.get_site())
    legal.contact = ContactPageFactory(parent=home_page)
    legal.save()
    return legal.contact


def test_visitor_writes_to_support_and_an_admin_reads_it(page: Page, contact_page):
    admin = AdminFactory()

    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Contact us").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact us")
    page.get_by_role("button", name="Send message").click()
    # The browser's own checks are off: the page itself says what is missing.
    expect(page.get_by_role("alert")).to_contain_text("Please correct the errors")
    page.get_by_label("Your email").fill("amina@example.com")
    page.get_by_label("Subject").select_option("Payments")
    page.get_by_label("Message").fill("My receipt never came.")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("status")).to_contain_text("Your message was sent.")
    [email] = mail.outbox
    assert email.to == ["support@lectern.test"]

    page.context.clear_cookies()
    sign_in(page, admin.email)
    page.goto("/admin/forms/")
    page.get_by_role("link", name="Contact us").click()
    submissions = page.get_by_role("table")
    expect(submissions).to_contain_text("amina@example.com")
    expect(submissions).to_contain_text("Payments")
    expect(submissions).to_contain_text("My receipt never came.")


def test_a_member_finds_what_they_wrote_to_support_in_their_data(
    page: Page, contact_page
):
    member = UserFactory(email="amina@example.com", email_verified=True)
    sign_in(page, member.email)
    page.get_by_role("contentinfo").get_by_role("link", name="Contact us").click()
    page.get_by_label("Your email").fill("amina@example.com")
    page.get_by_label("Subject").select_option("Payments")
    page.get_by_label("Message").fill("My receipt never came.")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("status")).to_contain_text("Your message was sent.")

    page.get_by_role("banner").get_by_text(member.name).click()
    page.get_by_role("link", name="Profile and settings").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your data").click()
    data = json.loads(download.value.path().read_text())
    [message] = data["contact_messages"]
    assert message["fields"]["subject"] == "Payments"
    assert message["fields"]["message"] == "My receipt never came."
