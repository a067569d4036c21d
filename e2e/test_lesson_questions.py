"""
A question under a lesson, as the asker and the course's teacher live it:
each hears of the other's move in the header's bell, follows it to the
question, and the answer's @mention leads to the asker's profile.
"""

import re

import pytest
from playwright.sync_api import Browser, expect

from community.models import Like, Post
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import Enrollment
from courses.services import course_index_setup
from e2e.helpers import (
    follow_notification,
    lesson_questions,
    member_page,
    script_errors,
)
from members.factories import TeacherFactory, UserFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

QUESTION = "How tight should a bowline be?"
ANSWER = "Snug, not strangled, @ada_knots: pull the standing part."


def test_student_asks_under_a_lesson_teacher_answers_student_accepts_and_likes(
    browser: Browser, live_server, home_page
):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory(display_name="Tom Teacher")
    course = CoursePageFactory(
        parent=index, owner=teacher, title="Knots", access_level="purchase"
    )
    module = ModulePageFactory(parent=course, owner=teacher, title="Loops")
    lesson = LessonPageFactory(parent=module, owner=teacher, title="The bowline")
    ada = UserFactory(display_name="Ada", handle="ada_knots")
    Enrollment.objects.create(user=ada, course=course, source="admin")

    # Ada reads the lesson and asks under it.
    ada_page = member_page(browser, live_server.url, ada.email)
    ada_errors = script_errors(ada_page)
    questions = lesson_questions(ada_page, lesson.url)
    expect(questions).to_contain_text("No questions yet.")
    questions.get_by_label("Your question").fill(QUESTION)
    questions.get_by_label("Details").fill("Mine **slips** when I load it.")
    questions.get_by_role("button", name="Post your question").click()
    expect(questions.get_by_role("status")).to_contain_text("Your question is posted.")
    expect(questions.get_by_role("link", name=QUESTION)).to_be_visible()
    expect(questions.get_by_label("Your question")).to_have_value("")
    expect(ada_page.get_by_role("link", name="Notifications, 0 unread")).to_be_visible()

    # Tom, who teaches the course, hears of it in his bell and follows it there.
    tom_page = member_page(browser, live_server.url, teacher.email)
    tom_errors = script_errors(tom_page)
    follow_notification(tom_page, 1, f"New question in Knots: “{QUESTION}”")
    expect(tom_page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    expect(tom_page.get_by_role("main")).to_contain_text("Mine slips when I load it.")
    expect(tom_page.get_by_role("link", name="Notifications, 0 unread")).to_be_visible()

    # He answers, naming Ada by her handle: the mention leads to her profile.
    tom_page.get_by_label("Your answer").fill(ANSWER)
    tom_page.get_by_role("button", name="Answer", exact=True).click()
    answer = tom_page.get_by_test_id("comment").filter(has_text=ANSWER)
    expect(answer.get_by_text("Teacher", exact=True)).to_be_visible()
    answer.get_by_role("link", name="@ada_knots").click()
    expect(tom_page.get_by_role("heading", level=1)).to_have_text("Ada")
    expect(tom_page.get_by_test_id("member-handle")).to_have_text("@ada_knots")

    # Ada, back on the lesson, finds one notification for the answer that
    # also mentions her, and follows it to the answer.
    lesson_questions(ada_page, lesson.url)
    follow_notification(ada_page, 1, f"Tom Teacher answered your question “{QUESTION}”")
    expect(ada_page).to_have_url(re.compile(r"/community/posts/\d+/#comment-\d+$"))
    expect(ada_page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    expect(ada_page.get_by_role("link", name="Notifications, 0 unread")).to_be_visible()
    answer = ada_page.get_by_test_id("comment").filter(has_text=ANSWER)
    expect(answer).to_be_in_viewport()
    expect(answer.get_by_role("link", name="Tom Teacher")).to_be_visible()
    expect(answer.get_by_text("Teacher", exact=True)).to_be_visible()
    expect(answer.get_by_role("link", name="@ada_knots")).to_have_attribute(
        "href", f"/people/{ada.pk}/"
    )

    # She accepts the answer and likes it.
    answer.get_by_role("button", name="Accept this answer").click()
    expect(ada_page.get_by_role("status")).to_contain_text("The answer is accepted.")
    expect(answer).to_contain_text("Accepted answer")
    like = answer.get_by_role("button", name="Like")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(answer.get_by_test_id("like-count")).to_have_text("1 like")

    # Back under the lesson, the question shows as answered.
    ada_page.get_by_role("link", name="Back to the lesson").click()
    listed = (
        lesson_questions(ada_page).get_by_role("listitem").filter(has_text=QUESTION)
    )
    expect(listed).to_contain_text("Answered")
    expect(listed).to_contain_text("1 answer")

    # Tom hears that his answer was accepted.
    tom_page.reload()
    follow_notification(tom_page, 1, f"Ada accepted your answer to “{QUESTION}”")
    expect(tom_page.get_by_test_id("comment").filter(has_text=ANSWER)).to_contain_text(
        "Accepted answer"
    )

    question = Post.objects.get()
    assert question.lesson_id == lesson.pk
    assert question.accepted_answer.author == teacher
    assert Like.objects.filter(user=ada, comment=question.accepted_answer).exists()
    assert list(
        Notification.objects.filter(recipient=ada).values_list("kind", flat=True)
    ) == ["community.answer"]
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert not ada_errors
    assert not tom_errors
