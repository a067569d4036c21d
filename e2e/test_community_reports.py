"""
A member reports a post from the feed; an admin reviews the report in the
Wagtail admin and hides the post, which leaves the feed and its page for
everyone but its author.
"""

import pytest
from playwright.sync_api import Browser, expect

from community.models import Report
from community.services import post_create
from e2e.helpers import member_page, open_admin_menu, script_errors
from members.factories import AdminFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DETAILS = "The same advert, every day"


def test_a_member_reports_a_post_and_an_admin_hides_it_from_the_feed(
    browser: Browser, live_server, home_page
):
    ada = UserFactory(email_verified=True, display_name="Ada")
    bo = UserFactory(email_verified=True, display_name="Bo")
    cy = UserFactory(email_verified=True, display_name="Cy")
    post_create(author=ada, title="Tying a bowline", body="Left over right.")
    post_create(author=bo, title="Cheap rope for sale", body="Buy **now** at my shop.")

    # Ada finds Bo's advert in the feed, and reports it from its page.
    ada_page = member_page(browser, live_server.url, ada.email)
    ada_errors = script_errors(ada_page)
    ada_page.goto("/community/")
    ada_page.get_by_role("link", name="Cheap rope for sale").click()
    expect(ada_page.get_by_role("heading", level=1)).to_have_text("Cheap rope for sale")
    post_url = ada_page.url
    ada_page.get_by_role("link", name="Report").click()
    ada_page.get_by_label("Spam or advertising").check()
    ada_page.get_by_label("Details").fill(DETAILS)
    ada_page.get_by_role("button", name="Send the report").click()
    expect(ada_page.get_by_role("status")).to_contain_text(
        "Thank you: the moderators will look at it."
    )

    # An admin finds the report under Community → Reports, and reviews it...
    admin_page = member_page(browser, live_server.url, AdminFactory().email)
    admin_errors = script_errors(admin_page)
    open_admin_menu(admin_page, "Community", "Reports")
    row = admin_page.get_by_role("row").filter(has_text="Cheap rope for sale")
    expect(row).to_contain_text("Community feed")
    expect(row).to_contain_text("Bo")
    expect(row).to_contain_text("Ada")
    expect(row).to_contain_text("Spam or advertising")
    row.get_by_role("link", name="Cheap rope for sale").click()

    post = admin_page.get_by_role("region", name="Cheap rope for sale")
    expect(post).to_contain_text("Buy now at my shop.")
    expect(post.get_by_role("strong")).to_have_text("now")
    reports = admin_page.get_by_role("region", name="Reports of this post")
    expect(reports.get_by_role("row").filter(has_text="Ada")).to_contain_text(DETAILS)

    # ... and hides the post: the report is resolved with that verdict.
    admin_page.get_by_role("button", name="Hide").click()
    expect(admin_page.get_by_role("status")).to_contain_text("It is hidden")
    expect(admin_page.get_by_role("main")).not_to_contain_text("Cheap rope for sale")
    admin_page.goto("/admin/snippets/community/report/?status=resolved")
    resolved = admin_page.get_by_role("row").filter(has_text="Cheap rope for sale")
    expect(resolved).to_contain_text("Hidden")

    # Other members no longer find it in the feed, nor at its address; the
    # rest stays.
    cy_page = member_page(browser, live_server.url, cy.email)
    for page in (ada_page, cy_page):
        page.goto("/community/")
        expect(page.get_by_role("link", name="Tying a bowline")).to_be_visible()
        expect(page.get_by_role("link", name="Cheap rope for sale")).to_have_count(0)
        assert page.goto(post_url).status == 404
        expect(page.get_by_role("main")).not_to_contain_text("Buy now")

    # Bo, its author, still sees his post, and why the others do not.
    bo_page = member_page(browser, live_server.url, bo.email)
    bo_page.goto(post_url)
    expect(bo_page.get_by_role("heading", level=1)).to_have_text("Cheap rope for sale")
    expect(bo_page.get_by_test_id("status-banner")).to_have_text(
        "Hidden by a moderator: only its author and the moderators see this post."
    )
    assert Report.objects.get().verdict == Report.Verdict.HIDDEN
    assert admin_errors == []
    assert ada_errors == []
