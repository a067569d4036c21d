import pytest
from playwright.sync_api import Browser, Page, expect

from community.models import Like, Post
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import Enrollment
from courses.services import course_index_setup
from e2e.helpers import member_page, script_errors
from members.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

QUESTION = "How tight should a bowline be?"
ANSWER = "Snug, not strangled: pull the standing part."


def open_questions(page: Page, lesson_url: str | None = None):
    """The lesson's page (opened, or the one shown), scrolled down to its
    questions as they load."""
    if lesson_url:
        page.goto(lesson_url)
    questions = page.get_by_role("region", name="Questions")
    questions.scroll_into_view_if_needed()
    expect(questions.get_by_role("heading", name="Ask a question")).to_be_visible()
    return questions


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
    ada = UserFactory(display_name="Ada")
    Enrollment.objects.create(user=ada, course=course, source="admin")

    # Ada reads the lesson and asks under it.
    ada_page = member_page(browser, live_server.url, ada.email)
    ada_errors = script_errors(ada_page)
    questions = open_questions(ada_page, lesson.url)
    expect(questions).to_contain_text("No questions yet.")
    questions.get_by_label("Your question").fill(QUESTION)
    questions.get_by_label("Details").fill("Mine **slips** when I load it.")
    questions.get_by_role("button", name="Post your question").click()
    expect(questions.get_by_role("status")).to_contain_text("Your question is posted.")
    expect(questions.get_by_role("link", name=QUESTION)).to_be_visible()
    expect(questions.get_by_label("Your question")).to_have_value("")

    # Tom, who teaches the course, opens it from the lesson and answers.
    tom_page = member_page(browser, live_server.url, teacher.email)
    tom_errors = script_errors(tom_page)
    open_questions(tom_page, lesson.url).get_by_role("link", name=QUESTION).click()
    expect(tom_page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    expect(tom_page.get_by_role("main")).to_contain_text("Mine slips when I load it.")
    tom_page.get_by_label("Your answer").fill(ANSWER)
    tom_page.get_by_role("button", name="Answer", exact=True).click()
    answer = tom_page.get_by_test_id("comment").filter(has_text=ANSWER)
    expect(answer.get_by_text("Teacher", exact=True)).to_be_visible()

    # Ada finds the answer from the lesson, accepts it and likes it.
    open_questions(ada_page, lesson.url).get_by_role("link", name=QUESTION).click()
    answer = ada_page.get_by_test_id("comment").filter(has_text=ANSWER)
    expect(answer.get_by_role("link", name="Tom Teacher")).to_be_visible()
    expect(answer.get_by_text("Teacher", exact=True)).to_be_visible()
    answer.get_by_role("button", name="Accept this answer").click()
    expect(ada_page.get_by_role("status")).to_contain_text("The answer is accepted.")
    expect(answer).to_contain_text("Accepted answer")
    like = answer.get_by_role("button", name="Like")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(answer.get_by_test_id("like-count")).to_have_text("1 like")

    # Back under the lesson, the question shows as answered.
    ada_page.get_by_role("link", name="Back to the lesson").click()
    listed = open_questions(ada_page).get_by_role("listitem").filter(has_text=QUESTION)
    expect(listed).to_contain_text("Answered")
    expect(listed).to_contain_text("1 answer")

    question = Post.objects.get()
    assert question.lesson_id == lesson.pk
    assert question.accepted_answer.author == teacher
    assert Like.objects.filter(user=ada, comment=question.accepted_answer).exists()
    assert not ada_errors
    assert not tom_errors
