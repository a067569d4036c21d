import re
from decimal import Decimal

from django.core import mail

import pytest
from playwright.sync_api import Browser, Page, expect

from commerce.factories import MembershipFactory, PlanFactory
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
    quiz_block_value,
)
from courses.models import Enrollment, LessonProgress, QuizAttempt
from courses.services import course_index_setup
from e2e.helpers import sign_in
from members.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "correct-horse-battery"


def test_student_finds_a_course_enrolls_learns_and_passes_the_quiz(
    page: Page, home_page
):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    course = CoursePageFactory(
        parent=index, title="Counting", access_level="members", owner=TeacherFactory()
    )
    module = ModulePageFactory(parent=course, title="Basics")
    LessonPageFactory(
        parent=module,
        title="Adding up",
        body=[("quiz", quiz_block_value(pass_mark=100))],
    )
    student = UserFactory()

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(student.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign In").click()

    page.goto("/courses/")
    page.get_by_role("link", name="Counting").click()
    page.get_by_role("button", name="Enroll for free").click()
    expect(page.get_by_role("status")).to_contain_text("You are enrolled in Counting")

    page.get_by_test_id("outline").get_by_role("link", name="Adding up").click()
    page.get_by_label("4").check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.get_by_test_id("quiz-result")).to_contain_text(
        "1 of 1 right (100%): passed!"
    )
    expect(page.get_by_test_id("quiz-result")).to_contain_text("Count on your fingers.")
    # Passing the quiz completes its lesson.
    expect(page.get_by_test_id("lesson-completed")).to_be_visible()

    page.get_by_role("link", name="My learning").click()
    expect(page.get_by_test_id("my-learning")).to_contain_text("Completed")
    page.get_by_role("link", name="Your certificate").click()
    page.get_by_role("button", name="Issue my certificate").click()
    expect(page.get_by_test_id("certificate")).to_contain_text(student.name)
    expect(page.get_by_test_id("certificate")).to_contain_text("Counting")
    assert QuizAttempt.objects.get(user=student).passed
    assert LessonProgress.objects.get(user=student).completed_at


def test_plan_member_opens_a_course_their_plan_includes(page: Page, home_page):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory()
    course = CoursePageFactory(
        parent=index,
        title="Ceramics",
        owner=teacher,
        access_level="purchase",
        price=Decimal("29.00"),
        currency="USD",
    )
    module = ModulePageFactory(parent=course, owner=teacher)
    LessonPageFactory(
        parent=module,
        owner=teacher,
        title="Wedging clay",
        body=[("paragraph", "<p>Knead out the air.</p>")],
    )
    LessonPageFactory(parent=module, owner=teacher, title="Glazing", opens_after_days=3)
    member = MembershipFactory(plan=PlanFactory(name="Studio", courses=[course])).user
    sign_in(page, member.email)

    page.goto("/courses/")
    page.get_by_role("link", name="Ceramics").click()

    enrollment = page.get_by_test_id("enrollment")
    expect(enrollment).to_contain_text("Included in your plan Studio.")
    expect(enrollment).not_to_contain_text("You are enrolled")
    expect(page.get_by_role("button", name="Leave this course")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Buy"))).to_have_count(0)
    # A lesson that opens three days after enrolling opens three days after
    # the membership began: they need not (and cannot) enroll.
    outline = page.get_by_test_id("outline")
    expect(outline.get_by_test_id("lesson-opens")).to_have_text("Opens in 3 days")
    outline.get_by_role("link", name="Wedging clay").click()
    expect(page.get_by_test_id("lesson-body")).to_contain_text("Knead out the air.")


def test_visitor_asks_to_hear_when_a_course_opens_and_confirms(
    page: Page, browser: Browser, live_server, home_page, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    CoursePageFactory(
        parent=index,
        title="Astronomy",
        owner=TeacherFactory(),
        availability="coming_soon",
    )
    page.goto("/courses/")
    page.get_by_role("link", name="Astronomy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Astronomy")

    # The next visitor gets the page kept for everyone, which holds no CSRF
    # token: the form comes on its own, and works.
    visitor = browser.new_context(base_url=live_server.url).new_page()
    assert visitor.goto("/courses/astronomy/").headers["x-page-cache"] == "hit"
    visitor.get_by_label("Get an email when it opens.").fill("star@example.com")
    visitor.get_by_role("button", name="Notify me").click()
    expect(visitor.get_by_role("status")).to_contain_text("Check your inbox")

    [message] = mail.outbox
    assert message.to == ["star@example.com"]
    link = re.search(r"http://\S+/learning/notify-me/\S+/", message.body)[0]
    visitor.goto(link)
    visitor.get_by_role("button", name="Confirm").click()

    expect(visitor.get_by_role("status")).to_contain_text(
        "Thank you: we will email you when Astronomy opens."
    )
    expect(visitor.get_by_role("heading", name="Astronomy", level=1)).to_be_visible()


def test_a_student_of_many_courses_scrolls_my_learning(page: Page, home_page):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    student = UserFactory()
    for number in range(15):
        course = CoursePageFactory(parent=index, title=f"Course {number:02}")
        Enrollment.objects.create(user=student, course=course, source="free")
    sign_in(page, student.email)

    page.get_by_role("link", name="My learning").click()
    courses = page.get_by_test_id("my-learning").get_by_role("heading", level=2)
    expect(courses).to_have_count(12)
    expect(courses.first).to_have_text("Course 14")

    page.get_by_test_id("more-courses").scroll_into_view_if_needed()

    expect(courses).to_have_count(15)
    expect(courses.last).to_have_text("Course 00")
    expect(page.get_by_test_id("more-courses")).to_have_count(0)


def test_a_student_opens_another_module_of_a_long_course(
    page: Page, home_page, monkeypatch
):
    monkeypatch.setattr("courses.selectors.OUTLINE_LESSONS_UNFOLDED", 2)
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    course = CoursePageFactory(parent=index, title="Pottery", access_level="open")
    basics = ModulePageFactory(parent=course, title="Basics")
    LessonPageFactory(parent=basics, title="Clay")
    LessonPageFactory(parent=basics, title="Wheel")
    firing = ModulePageFactory(parent=course, title="Firing")
    LessonPageFactory(parent=firing, title="The kiln")
    student = UserFactory()
    sign_in(page, student.email)

    page.goto(course.url)
    page.get_by_test_id("outline").get_by_role("link", name="Clay").click()
    # Open beside the lesson on a wide screen.
    outline = page.get_by_role("navigation", name="Course outline")
    expect(outline.get_by_role("link", name="Wheel")).to_be_visible()
    expect(outline.get_by_role("link", name="The kiln")).to_have_count(0)

    outline.get_by_text("Firing").click()
    outline.get_by_role("link", name="The kiln").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("The kiln")
    expect(outline.get_by_role("link", name="The kiln")).to_be_visible()
    expect(outline.get_by_role("link", name="Clay")).to_have_count(0)
