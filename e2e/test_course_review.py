"""
A course goes to review, and live, whole: the teacher submits it once with
its modules and lessons; the moderator sees them all, asks for changes
once, approves once; then a student reads the course's last lesson, finishes
the course and takes its certificate.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import CoursePage, LessonPage, ModulePage
from courses.services import course_index_setup
from e2e.helpers import footer_action, script_errors, sign_in
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OUTLINE = {
    "Tying knots": ["The reef knot", "The bowline"],
    "Setting sails": ["Reading the wind"],
}


def write_draft(page: Page, add_url: str, title: str, summary: str = "") -> int:
    """
    Write a new page in the editor and save it as a draft, as the editor's
    first autosave may be creating it (the two never make two pages: see
    e2e/test_lesson_autosave.py); returns its id.
    """
    page.goto(add_url)
    page.get_by_role("textbox", name="Title").fill(title)
    page.keyboard.press("Tab")  # Wagtail fills in the slug from the title
    # ... a moment later (its sync is debounced): a click on Save draft as
    # quick as a script's would post the page without one.
    expect(page.locator("#id_slug")).not_to_have_value("")
    if summary:
        page.get_by_role("textbox", name="Summary").fill(summary)
    page.get_by_role("button", name="Save draft").click()
    # Creating and saving a page (its revision, search and reference
    # indexes) are the slowest requests of the journey: on a loaded machine
    # each has taken more than the usual 10 seconds.
    saved = re.compile(rf"Page '{re.escape(title)}' (created|has been updated)\.")
    expect(admin_message(page, saved)).to_be_visible(timeout=30_000)
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    return int(re.search(r"/admin/pages/(\d+)/edit/", page.url)[1])


def admin_message(page: Page, text: str | re.Pattern):
    return page.get_by_role("status").filter(has_text=text)


def test_teacher_submits_a_course_once_and_it_goes_live_whole(page: Page, home_page):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher, moderator, student = TeacherFactory(), AdminFactory(), UserFactory()
    failures = script_errors(page)

    # The teacher writes a course of two modules and three lessons, saving
    # each as a draft: modules and lessons have no submit or publish of
    # their own, and say that they go live with the course.
    sign_in(page, teacher.email)
    course_id = write_draft(
        page, f"/admin/pages/add/courses/coursepage/{index.pk}/", "Knots for sailors"
    )
    for module_title, lessons in OUTLINE.items():
        module_id = write_draft(
            page, f"/admin/pages/add/courses/modulepage/{course_id}/", module_title
        )
        for lesson_title in lessons:
            write_draft(
                page,
                f"/admin/pages/add/courses/lessonpage/{module_id}/",
                lesson_title,
                summary=f"All about {lesson_title.lower()}.",
            )
    footer = page.locator("footer")
    expect(footer.get_by_role("button", name="Save draft")).to_be_visible()
    expect(footer.get_by_role("button", name="More actions")).to_have_count(0)
    expect(footer.get_by_role("button", name="Publish")).to_have_count(0)
    expect(page.get_by_test_id("goes-live-with-course")).to_contain_text(
        "Changes here go live with the course, Knots for sailors"
    )

    # From the course's editor, they submit it once, with all five pages.
    page.get_by_test_id("goes-live-with-course").get_by_role(
        "link", name="Knots for sailors"
    ).click()
    changes = page.get_by_test_id("course-changes")
    expect(changes.get_by_role("row")).to_have_count(6)
    footer_action(page, "Submit to Course review")
    expect(admin_message(page, "submitted for moderation")).to_be_visible()

    # Until it is approved, the course is not on the site.
    course = CoursePage.objects.get(pk=course_id)
    page.context.clear_cookies()
    sign_in(page, student.email)
    assert page.goto(course.url).status == 404

    # The moderator opens the review from their dashboard: every page of
    # the course is listed, with a preview; they ask for changes, once.
    page.context.clear_cookies()
    sign_in(page, moderator.email)
    page.goto("/admin/")
    page.get_by_role("region", name="Awaiting your review").get_by_role(
        "link", name="Knots for sailors"
    ).click()
    changes = page.get_by_test_id("course-changes")
    expect(changes).to_contain_text("approving publishes the course together with")
    for module_title, lessons in OUTLINE.items():
        for title in [module_title, *lessons]:
            expect(changes.get_by_role("link", name=title, exact=True)).to_be_visible()
    expect(changes.get_by_role("link", name=re.compile("^Preview"))).to_have_count(5)
    footer_action(page, "Request changes")
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Comment").fill("Reading the wind needs an example.")
    dialog.get_by_role("button", name="Request changes").click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{index.pk}/$"))
    assert not CoursePage.objects.descendant_of(index, inclusive=True).live().exists()

    # The teacher reads why, changes the third lesson and submits again.
    page.context.clear_cookies()
    sign_in(page, teacher.email)
    page.goto(f"/admin/pages/{course_id}/edit/")
    changes = page.get_by_test_id("course-changes")
    expect(changes).to_contain_text("Reading the wind needs an example.")
    changes.get_by_role("link", name="Reading the wind", exact=True).click()
    expect(page.get_by_test_id("goes-live-with-course")).to_contain_text(
        "Reading the wind needs an example."
    )
    page.get_by_role("textbox", name="Summary").fill(
        "Read the wind from the water: dark patches are gusts."
    )
    page.get_by_role("button", name="Save draft").click()
    expect(admin_message(page, "has been updated")).to_be_visible()
    page.get_by_test_id("goes-live-with-course").get_by_role(
        "link", name="Knots for sailors"
    ).click()
    footer_action(page, "Resubmit to Moderator review")
    expect(admin_message(page, "submitted for moderation")).to_be_visible()

    # The moderator approves, once: the course goes live with every page.
    page.context.clear_cookies()
    sign_in(page, moderator.email)
    page.goto(f"/admin/pages/{course_id}/edit/")
    footer_action(page, "Approve and Publish")
    expect(page).to_have_url(re.compile(rf"/admin/pages/{index.pk}/$"))
    assert CoursePage.objects.live().filter(pk=course_id).exists()
    assert ModulePage.objects.live().descendant_of(course).count() == 2
    assert LessonPage.objects.live().descendant_of(course).count() == 3

    # A student enrolls and reads the third lesson, as changed.
    page.context.clear_cookies()
    sign_in(page, student.email)
    page.goto(course.url)
    page.get_by_role("button", name="Enroll for free").click()
    expect(page.get_by_test_id("enrollment")).to_contain_text("You are enrolled")
    page.get_by_test_id("outline").get_by_role("link", name="Reading the wind").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reading the wind")
    expect(page.get_by_role("main")).to_contain_text("dark patches are gusts")

    # They finish it, lesson by lesson from the outline, and take their
    # certificate: the README's first course, start to finish.
    outline = page.get_by_role("navigation", name="Course outline")
    for lessons_done, title in enumerate(
        ["Reading the wind", "The reef knot", "The bowline"], start=1
    ):
        outline.get_by_role("link", name=title, exact=True).click()
        page.get_by_role("button", name="Mark as complete").click()
        expect(outline.get_by_test_id("progress")).to_contain_text(
            f"{lessons_done} of 3 lessons"
        )
    expect(page.get_by_test_id("course-completed")).to_contain_text(
        "You have completed Knots for sailors."
    )
    page.goto(course.url)
    page.get_by_test_id("enrollment").get_by_role(
        "link", name="Your certificate"
    ).click()
    page.get_by_role("button", name="Issue my certificate").click()
    expect(page.get_by_test_id("certificate")).to_contain_text("Knots for sailors")
    expect(page.get_by_test_id("certificate")).to_contain_text(student.name)
    assert not failures


def test_a_course_without_a_published_lesson_offers_no_enrollment(
    page: Page, home_page
):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory()
    course = index.add_child(
        instance=CoursePage(title="Knots for sailors", owner=teacher)
    )
    module = course.add_child(instance=ModulePage(title="Tying knots", owner=teacher))
    module.add_child(
        instance=LessonPage(title="The reef knot", owner=teacher, live=False)
    )

    sign_in(page, UserFactory().email)
    page.goto(course.url)

    expect(page.get_by_test_id("enrollment")).to_contain_text("Lessons are coming")
    expect(page.get_by_role("button", name="Enroll for free")).to_have_count(0)


def test_a_change_to_a_live_course_is_reviewed_as_a_diff_and_goes_live_approved(
    page: Page, home_page
):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher, moderator = TeacherFactory(), AdminFactory()
    course = CoursePageFactory(parent=index, owner=teacher, title="Knots for sailors")
    module = ModulePageFactory(parent=course, owner=teacher, title="Tying knots")
    lesson = LessonPageFactory(
        parent=module, owner=teacher, title="The reef knot", summary="Two half knots."
    )
    failures = script_errors(page)

    # The teacher changes a live lesson, then submits its course.
    sign_in(page, teacher.email)
    page.goto(f"/admin/pages/{lesson.pk}/edit/")
    page.get_by_role("textbox", name="Summary").fill(
        "Right over left, then left over right."
    )
    page.get_by_role("button", name="Save draft").click()
    expect(admin_message(page, "has been updated")).to_be_visible(timeout=30_000)
    page.get_by_test_id("goes-live-with-course").get_by_role(
        "link", name="Knots for sailors"
    ).click()
    footer_action(page, "Submit to Course review")
    expect(admin_message(page, "submitted for moderation")).to_be_visible()
    lesson.refresh_from_db()
    assert lesson.summary == "Two half knots."

    # The moderator sees the lesson among the changes, and what changed in it.
    page.context.clear_cookies()
    sign_in(page, moderator.email)
    page.goto(f"/admin/pages/{course.pk}/edit/")
    changes = page.get_by_test_id("course-changes")
    expect(
        changes.get_by_role("link", name="The reef knot", exact=True)
    ).to_be_visible()
    changes.get_by_role("link", name=re.compile("^Compare with live")).click()
    summary = page.get_by_role("row", name=re.compile("^Summary:"))
    expect(summary.locator(".deletion")).to_have_text("Two half knots.")
    expect(summary.locator(".addition")).to_have_text(
        "Right over left, then left over right."
    )

    # One approval puts the change live.
    page.goto(f"/admin/pages/{course.pk}/edit/")
    footer_action(page, "Approve and Publish")
    expect(page).to_have_url(re.compile(rf"/admin/pages/{index.pk}/$"))
    lesson.refresh_from_db()
    assert lesson.summary == "Right over left, then left over right."
    assert not failures
