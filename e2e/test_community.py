"""
The community as its members use it: a post in the feed, a comment, a like
and a reply, an edit; a post on a course's board, which those outside the
course cannot open.
"""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.helpers import course_with_two_students, member_page, script_errors
from members.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def open_community(page: Page) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Community"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community")


def test_members_discuss_a_post_in_the_feed(browser: Browser, live_server, home_page):
    _course, _teacher, ada, bo = course_with_two_students(home_page)
    ada_page = member_page(browser, live_server.url, ada.email)
    bo_page = member_page(browser, live_server.url, bo.email)
    ada_errors, bo_errors = script_errors(ada_page), script_errors(bo_page)

    # Ada writes a post with a tag, previewing its Markdown first.
    open_community(ada_page)
    ada_page.get_by_role("link", name="Write a post").click()
    ada_page.get_by_label("Title").fill("Which knot for a tent?")
    expect(ada_page.get_by_label("Where")).to_have_value("")
    ada_page.get_by_label("Body").fill("I always use a **clove hitch**. Better ideas?")
    ada_page.get_by_role("button", name="Preview").click()
    expect(
        ada_page.get_by_role("region", name="Preview").locator("strong")
    ).to_have_text("clove hitch")
    ada_page.get_by_label("Tags").fill("Camping")
    ada_page.get_by_role("button", name="Post", exact=True).click()
    expect(ada_page.get_by_role("heading", level=1)).to_have_text(
        "Which knot for a tent?"
    )
    expect(ada_page.get_by_role("list", name="Tags")).to_have_text("#camping")
    post_url = ada_page.url

    # Bo finds it in the feed by its tag, comments and likes it.
    open_community(bo_page)
    bo_page.get_by_role("navigation", name="Tags").get_by_role(
        "link", name="#camping"
    ).click()
    bo_page.get_by_test_id("post-list").get_by_role(
        "link", name="Which knot for a tent?"
    ).click()
    bo_page.get_by_label("Add a comment").fill("A *taut-line hitch* adjusts.")
    bo_page.get_by_role("button", name="Comment", exact=True).click()
    comments = bo_page.get_by_test_id("comments").get_by_test_id("comment")
    expect(comments).to_have_count(1)
    expect(comments.first.locator("em")).to_have_text("taut-line hitch")
    expect(bo_page.get_by_label("Add a comment")).to_have_value("")
    like = bo_page.get_by_test_id("post").get_by_role("button", name="Like")
    expect(like).to_have_attribute("aria-pressed", "false")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(bo_page.get_by_test_id("post").get_by_test_id("like-count")).to_have_text(
        "1 like"
    )

    # Ada replies to Bo's comment, then sees her like and who gave it.
    ada_page.goto(post_url)
    comment = ada_page.get_by_test_id("comment").filter(has_text="taut-line")
    # The summary that unfolds the reply form, then the form's own button.
    comment.get_by_text("Reply", exact=True).first.click()
    comment.get_by_label("Reply to Bo").fill("Thanks, trying it tonight.")
    comment.get_by_role("button", name="Reply").click()
    expect(comment.get_by_test_id("reply")).to_contain_text(
        "Thanks, trying it tonight."
    )
    post = ada_page.get_by_test_id("post")
    expect(post.get_by_test_id("like-count")).to_have_text("1 like")
    expect(post.get_by_role("button", name="Like")).to_have_count(0)
    post.get_by_role("link", name="Liked by…").click()
    expect(ada_page.get_by_test_id("likers").get_by_role("link")).to_have_text(["Bo"])

    # She edits her post: it says so.
    ada_page.goto(post_url)
    ada_page.get_by_test_id("post").get_by_role("link", name="Edit").click()
    ada_page.get_by_label("Title").fill("Which knot for a tent line?")
    ada_page.get_by_role("button", name="Save").click()
    expect(ada_page.get_by_role("heading", level=1)).to_have_text(
        "Which knot for a tent line?"
    )
    expect(ada_page.get_by_test_id("post").get_by_test_id("edited")).to_have_text(
        "(edited)"
    )
    expect(ada_page.get_by_test_id("comments")).to_contain_text("Thanks, trying it")

    assert ada_errors == []
    assert bo_errors == []


def test_a_course_member_posts_on_the_board_and_outsiders_get_404(
    browser: Browser, live_server, home_page
):
    course, _teacher, ada, _bo = course_with_two_students(home_page)
    outsider = UserFactory(email_verified=True, display_name="Nia")
    ada_page = member_page(browser, live_server.url, ada.email)

    ada_page.goto(course.url)
    ada_page.get_by_role("link", name="Discussion").click()
    expect(ada_page.get_by_role("heading", level=1)).to_have_text("Discussion")
    ada_page.get_by_role("link", name="Write a post").click()
    expect(ada_page.get_by_label("Where")).to_have_value(str(course.pk))
    ada_page.get_by_label("Title").fill("Practice session on Friday?")
    ada_page.get_by_label("Body").fill("Who wants to practise knots together?")
    ada_page.get_by_role("button", name="Post", exact=True).click()
    expect(ada_page.get_by_role("heading", level=1)).to_have_text(
        "Practice session on Friday?"
    )
    post_url = ada_page.url
    ada_page.get_by_role("link", name=re.compile("discussion")).click()
    expect(ada_page.get_by_test_id("post-list")).to_contain_text(
        "Practice session on Friday?"
    )
    board_url = ada_page.url

    outsider_page = member_page(browser, live_server.url, outsider.email)
    for url in (board_url, post_url):
        response = outsider_page.goto(url)
        assert response.status == 404
        expect(outsider_page.get_by_role("main")).not_to_contain_text("Practice")
    outsider_page.goto(course.url)
    expect(outsider_page.get_by_role("link", name="Discussion")).to_have_count(0)
