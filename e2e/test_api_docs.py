"""A developer reads the API's interactive docs, signs in there and tries a call."""

import json

import pytest
from playwright.sync_api import Page, expect

from members.factories import FACTORY_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_developer_gets_a_token_and_tries_a_call_in_the_docs(page: Page):
    student = UserFactory(handle="ada_dev")

    page.goto("/api/v1/docs")
    expect(page.get_by_role("heading", name="Lectern API")).to_be_visible()
    # Every app's operations are listed, from the schema the server serves.
    for tag in ("auth", "me", "courses", "media", "community", "search"):
        expect(page.locator(f"#operations-tag-{tag}")).to_be_visible()

    # Obtain a token pair through the docs' own "Try it out".
    obtain = page.locator("#operations-auth-members_api_token_obtain")
    obtain.locator(".opblock-summary").click()
    obtain.get_by_role("button", name="Try it out").click()
    obtain.locator("textarea.body-param__text").fill(
        json.dumps({"email": student.email, "password": FACTORY_PASSWORD})
    )
    obtain.get_by_role("button", name="Execute").click()
    body = obtain.locator(".live-responses-table .response-col_description pre").first
    expect(body).to_contain_text('"access"')
    access = json.loads(body.inner_text())["access"]

    page.get_by_role("button", name="Authorize").first.click()
    page.get_by_label("auth-bearer-value").fill(access)
    page.get_by_role("button", name="Apply credentials").click()
    page.locator(".auth-btn-wrapper").get_by_role("button", name="Close").click()

    me = page.locator("#operations-me-members_api_me_detail")
    me.locator(".opblock-summary").click()
    me.get_by_role("button", name="Try it out").click()
    me.get_by_role("button", name="Execute").click()
    expect(
        me.locator(".live-responses-table .response .response-col_status").first
    ).to_have_text("200")
    expect(me.locator(".live-responses-table")).to_contain_text('"handle": "ada_dev"')
