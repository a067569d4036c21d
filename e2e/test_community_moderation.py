"""
A course's teacher moderates their board on the site: they hide a
student's post, which its author still sees, marked, and the others no
longer see; then they mute the student for a day, who is told why they
cannot write on the board.
"""

import re

import pytest
from playwright.sync_api import Browser, expect

from community.services import post_create
from e2e.helpers import course_with_two_students, member_page, script_errors

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_teacher_hides_a_students_board_post_and_mutes_them_for_a_day(
    browser: Browser, live_server, home_page
):
    course, teacher, ada, bo = course_with_two_students(home_page)
    post_create(
        author=ada,
        course=course,
        title="Selling my old ropes",
        body="Cheap, message me.",
    )
    post_create(author=bo, course=course, title="Knot of the week", body="Bowline.")
    teacher_page = member_page(browser, live_server.url, teacher.email)
    ada_page = member_page(browser, live_server.url, ada.email)
    bo_page = member_page(browser, live_server.url, bo.email)
    errors = script_errors(teacher_page) + script_errors(ada_page)
    errors += script_errors(bo_page)

    # The teacher opens the course's board and Ada's post on it, and hides it.
    teacher_page.goto(course.url)
    teacher_page.get_by_role("link", name="Discussion").click()
    teacher_page.get_by_test_id("post-list").get_by_role(
        "link", name="Selling my old ropes"
    ).click()
    post_url = teacher_page.url
    moderation = teacher_page.get_by_role("region", name="Moderation")
    moderation.get_by_role("button", name="Hide").click()
    expect(teacher_page.get_by_role("status")).to_contain_text("The post is hidden.")
    expect(teacher_page.get_by_test_id("status-banner")).to_contain_text(
        "Hidden by a moderator"
    )

    # Ada still sees her post, marked hidden; Bo no longer finds it.
    ada_page.goto(post_url)
    expect(ada_page.get_by_role("heading", level=1)).to_have_text(
        "Selling my old ropes"
    )
    expect(ada_page.get_by_test_id("status-banner")).to_contain_text(
        "Hidden by a moderator"
    )
    bo_page.goto(course.url)
    bo_page.get_by_role("link", name="Discussion").click()
    board_url = bo_page.url
    expect(bo_page.get_by_test_id("post-list")).to_contain_text("Knot of the week")
    expect(bo_page.get_by_test_id("post-list")).not_to_contain_text("Selling")
    response = bo_page.goto(post_url)
    assert response.status == 404
    expect(bo_page.get_by_role("main")).not_to_contain_text("Selling")

    # The teacher mutes Ada in the course for a day.
    teacher_page.get_by_role("region", name="Moderation").get_by_role(
        "link", name="Mute the author"
    ).click()
    expect(teacher_page.get_by_role("heading", level=1)).to_have_text("Mute Ada")
    teacher_page.get_by_label("1 day").check()
    teacher_page.get_by_label("Reason").fill("Selling on the board again")
    teacher_page.get_by_role("button", name="Mute Ada").click()
    expect(teacher_page.get_by_role("status")).to_contain_text(
        "Ada is muted in this course for 1 day."
    )
    expect(teacher_page).to_have_url(post_url)

    # Ada is told on the board why she cannot write there.
    ada_page.goto(board_url)
    expect(ada_page.get_by_test_id("write-refusal")).to_have_text(
        re.compile(r"A moderator has muted you here until .+\.")
    )
    expect(ada_page.get_by_role("link", name="Write a post")).to_have_count(0)

    assert errors == []
