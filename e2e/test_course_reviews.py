"""
A course's reviews, as its people live them: a student who has done the
course rates it from the course's page and changes her mind; one who has
not is told when they may; the teacher replies; a student reports an
abusive review and an admin hides it from the Wagtail admin's reports,
which takes it out of the rating the catalog shows visitors; the first
student then takes hers back.
"""

from django.utils import timezone

import pytest
from playwright.sync_api import Browser, expect

from community.services import review_save
from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import Enrollment, LessonProgress
from courses.services import course_index_setup
from e2e.helpers import (
    follow_notification,
    member_page,
    open_admin_menu,
    script_errors,
)
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ABUSE = "The teacher is an idiot"


def test_students_review_a_course_the_teacher_replies_and_an_admin_hides_abuse(
    browser: Browser, live_server, home_page
):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory(display_name="Tom")
    course = CoursePageFactory(
        parent=index, owner=teacher, title="Knots", access_level="members"
    )
    module = ModulePageFactory(parent=course, owner=teacher)
    lessons = [
        LessonPageFactory(parent=module, owner=teacher, title=title)
        for title in ("The bowline", "The hitch")
    ]
    ada, bo, cy = (
        UserFactory(email_verified=True, display_name=name)
        for name in ("Ada", "Bo", "Cy")
    )
    for student in (ada, bo, cy):
        Enrollment.objects.create(user=student, course=course, source="free")
    for student in (ada, bo):
        for lesson in lessons:
            LessonProgress.objects.create(
                user=student, lesson=lesson, course=course, completed_at=timezone.now()
            )
    review_save(author=bo, course=course, rating=1, body=ABUSE)

    # Ada, who has done the course, rates it under its outline...
    ada_page = member_page(browser, live_server.url, ada.email)
    ada_errors = script_errors(ada_page)
    ada_page.goto(course.url)
    reviews = ada_page.get_by_role("region", name="Reviews")
    reviews.scroll_into_view_if_needed()
    expect(reviews.get_by_role("heading", name="Rate this course")).to_be_visible()
    reviews.get_by_role("radio", name="4 stars").check()
    reviews.get_by_label("Your review").fill("Clear **lessons**, good drawings.")
    reviews.get_by_role("button", name="Post your review").click()
    mine = reviews.get_by_test_id("review").filter(has_text="Ada")
    expect(mine).to_contain_text("Clear lessons, good drawings.")
    expect(mine.get_by_role("strong")).to_have_text("lessons")
    expect(reviews.get_by_test_id("review-summary")).to_contain_text("2.5")

    # ... and thinks better of it: one review, changed.
    expect(reviews.get_by_role("radio", name="4 stars")).to_be_checked()
    reviews.get_by_role("radio", name="5 stars").check()
    reviews.get_by_role("button", name="Save your review").click()
    expect(reviews.get_by_test_id("review-summary")).to_contain_text("3.0")
    expect(mine).to_contain_text("edited")
    expect(reviews.get_by_test_id("review")).to_have_count(2)

    # Cy, who has not started, is told when he may review it.
    cy_page = member_page(browser, live_server.url, cy.email)
    cy_errors = script_errors(cy_page)
    cy_page.goto(course.url)
    cy_reviews = cy_page.get_by_role("region", name="Reviews")
    cy_reviews.scroll_into_view_if_needed()
    expect(cy_reviews.get_by_test_id("review-refusal")).to_have_text(
        "You may review this course once you have completed 50% of it; "
        "you have completed 0%."
    )
    expect(cy_reviews.get_by_role("radio", name="5 stars")).to_have_count(0)

    # Tom, who teaches it, replies to Ada's review; she hears of it.
    tom_page = member_page(browser, live_server.url, teacher.email)
    tom_errors = script_errors(tom_page)
    tom_page.goto(course.url)
    tom_reviews = tom_page.get_by_role("region", name="Reviews")
    tom_reviews.scroll_into_view_if_needed()
    adas = tom_reviews.get_by_test_id("review").filter(has_text="Ada")
    adas.get_by_text("Reply", exact=True).click()
    adas.get_by_label("Your reply").fill("Thank you, Ada! More drawings soon.")
    adas.get_by_role("button", name="Post the reply").click()
    expect(tom_page.get_by_role("status")).to_contain_text("Your reply is posted.")
    expect(tom_page.get_by_test_id("review-reply")).to_contain_text(
        "More drawings soon."
    )
    ada_page.reload()
    follow_notification(ada_page, 1, "Tom replied to your review of “Knots”")
    expect(ada_page.get_by_test_id("review-reply")).to_contain_text("Tom replied")

    # Cy reports Bo's abuse; an admin hides it from the reports in the admin.
    bos = cy_reviews.get_by_test_id("review").filter(has_text=ABUSE)
    bos.get_by_role("link", name="Report").click()
    expect(cy_page.get_by_role("heading", level=1)).to_have_text("Report this review")
    cy_page.get_by_label("Harassment or hate").check()
    cy_page.get_by_role("button", name="Send the report").click()
    expect(cy_page.get_by_role("status")).to_contain_text("the moderators will look")

    admin_page = member_page(browser, live_server.url, AdminFactory().email)
    admin_errors = script_errors(admin_page)
    open_admin_menu(admin_page, "Community", "Reports")
    row = admin_page.get_by_role("row").filter(has_text="Review of Knots")
    expect(row).to_contain_text("Bo")
    expect(row).to_contain_text("Cy")
    row.get_by_role("link").first.click()
    review = admin_page.get_by_role("region", name="1 out of 5 stars for Knots")
    expect(review).to_contain_text(ABUSE)
    admin_page.get_by_role("button", name="Hide").click()
    expect(admin_page.get_by_role("status")).to_contain_text("It is hidden")

    # Visitors now find Ada's five stars alone, on the catalog and the course.
    visitor = browser.new_context(base_url=live_server.url).new_page()
    visitor_errors = script_errors(visitor)
    visitor.goto(index.url)
    card = visitor.get_by_role("article").filter(has_text="Knots")
    expect(card.get_by_test_id("course-rating")).to_contain_text("5.0")
    expect(card.get_by_test_id("course-rating")).to_contain_text("(1 rating)")
    visitor.goto(course.url)
    public = visitor.get_by_role("region", name="Reviews")
    public.scroll_into_view_if_needed()
    expect(public.get_by_test_id("review")).to_have_count(1)
    expect(public).not_to_contain_text(ABUSE)
    # Bo still sees his own, marked hidden.
    bo_page = member_page(browser, live_server.url, bo.email)
    bo_errors = script_errors(bo_page)
    bo_page.goto(course.url)
    bo_reviews = bo_page.get_by_role("region", name="Reviews")
    bo_reviews.scroll_into_view_if_needed()
    expect(bo_reviews).to_contain_text("A moderator has hidden your review")
    # It stays hidden: he may change it, not delete it and write another.
    expect(bo_reviews.get_by_role("button", name="Delete your review")).to_have_count(0)

    # Ada takes her review back: the course has no rating left.
    ada_page.goto(course.url)
    ada_reviews = ada_page.get_by_role("region", name="Reviews")
    ada_reviews.scroll_into_view_if_needed()
    ada_reviews.get_by_role("button", name="Delete your review").click()
    expect(ada_page.get_by_role("status")).to_contain_text("Your review is deleted.")
    visitor.goto(index.url)
    expect(card.get_by_test_id("course-rating")).to_have_count(0)

    assert ada_errors == cy_errors == tom_errors == admin_errors == []
    assert visitor_errors == bo_errors == []


def test_a_moderator_finds_an_unreported_review_and_hides_it(
    browser: Browser, live_server, home_page
):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory(display_name="Tom")
    course = CoursePageFactory(
        parent=index, owner=teacher, title="Knots", access_level="members"
    )
    lesson = LessonPageFactory(parent=ModulePageFactory(parent=course, owner=teacher))
    ada, bo = (
        UserFactory(email_verified=True, display_name=name) for name in ("Ada", "Bo")
    )
    for student, rating, body in ((ada, 5, "Clear lessons."), (bo, 1, ABUSE)):
        Enrollment.objects.create(user=student, course=course, source="free")
        LessonProgress.objects.create(
            user=student, lesson=lesson, course=course, completed_at=timezone.now()
        )
        review_save(author=student, course=course, rating=rating, body=body)

    # Nobody reported it: the moderator comes across it among the reviews.
    admin_page = member_page(browser, live_server.url, AdminFactory().email)
    errors = script_errors(admin_page)
    open_admin_menu(admin_page, "Community", "Reviews")
    listing = admin_page.locator("#listing-results")
    expect(listing.get_by_role("row").filter(has_text="Knots")).to_have_count(2)
    admin_page.get_by_role("button", name="Show filters").click()
    admin_page.get_by_role("button", name="Stars").click()
    admin_page.get_by_label("Stars").select_option("1★")
    expect(listing.get_by_role("row").filter(has_text="Knots")).to_have_count(1)
    listing.get_by_role("link", name="1★ for Knots").click()
    review = admin_page.get_by_role("region", name="1 out of 5 stars for Knots")
    expect(review).to_contain_text(ABUSE)
    expect(review).not_to_contain_text("Reported")
    admin_page.get_by_role("button", name="Hide").click()
    expect(admin_page.get_by_role("status")).to_contain_text("It is hidden")

    # Visitors find Ada's five stars alone.
    visitor = browser.new_context(base_url=live_server.url).new_page()
    visitor.goto(course.url)
    public = visitor.get_by_role("region", name="Reviews")
    public.scroll_into_view_if_needed()
    expect(public.get_by_test_id("review")).to_have_count(1)
    expect(public).not_to_contain_text(ABUSE)
    assert errors == []
