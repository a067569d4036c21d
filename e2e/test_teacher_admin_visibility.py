from wagtail.models import Collection, WorkflowState

import pytest
import wagtail_factories
from playwright.sync_api import Page, expect

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import LessonPage
from courses.services import course_index_setup, course_review_workflow
from e2e.helpers import insert_block, script_errors, sign_in
from members.factories import AdminFactory, TeacherFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def draft_course(index, owner, title: str, lesson_title: str) -> WorkflowState:
    """
    A draft course with a module and a lesson, submitted for review: its
    workflow, which its teacher may cancel to edit the course again.
    """
    course = CoursePageFactory(parent=index, owner=owner, title=title, live=False)
    module = ModulePageFactory(
        parent=course, owner=owner, title=f"{title}: basics", live=False
    )
    LessonPageFactory(parent=module, owner=owner, title=lesson_title, live=False)
    course.save_revision(user=owner)
    return course_review_workflow().start(course, owner)


def upload_files(owner, document_title: str, image_title: str, collection) -> None:
    wagtail_factories.DocumentFactory(
        title=document_title, uploaded_by_user=owner, collection=collection
    )
    wagtail_factories.ImageFactory(
        title=image_title, uploaded_by_user=owner, collection=collection
    )


def test_a_teacher_finds_only_their_own_courses_and_files_in_the_admin(
    page: Page, home_page
):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher, other_teacher = TeacherFactory(), TeacherFactory()
    draft_course(index, teacher, "Knots for sailors", "The bowline").cancel(teacher)
    draft_course(index, other_teacher, "Secret sauces", "The mother sauces")
    root = Collection.get_first_root_node()
    upload_files(teacher, "Knot worksheet", "Knot diagram", root)
    upload_files(other_teacher, "Sauce recipes", "Sauce photo", root)
    shared = Collection.objects.get(name="Shared")
    upload_files(AdminFactory(), "Sailing glossary", "School logo", shared)
    failures = script_errors(page)

    # The dashboard counts the catalog and the teacher's course, module and
    # lesson, not the other teacher's.
    sign_in(page, teacher.email)
    page.goto("/admin/")
    expect(page.get_by_role("link", name="4 Pages")).to_be_visible()

    # The sidebar's page explorer leads to the teacher's course alone.
    page.get_by_role("navigation", name="Main").get_by_role(
        "button", name="Pages"
    ).click()
    explorer = page.get_by_role("dialog", name="Page explorer")
    expect(explorer.get_by_role("link", name="Knots for sailors draft")).to_be_visible()
    expect(explorer).not_to_contain_text("Secret sauces")
    explorer.get_by_role("link", name="View child pages of 'Knots for sailors'").click()
    basics = "View child pages of 'Knots for sailors: basics'"
    explorer.get_by_role("link", name=basics).click()
    expect(explorer.get_by_role("link", name="The bowline draft")).to_be_visible()
    page.keyboard.press("Escape")
    expect(explorer).to_be_hidden()

    # The explorer's filters name the people of the teacher's own courses,
    # and filter within them.
    page.get_by_role("link", name="4 Pages").click()
    expect(page).to_have_url(f"/admin/pages/{index.pk}/")
    page.get_by_role("button", name="Show filters").click()
    page.get_by_role("button", name="Owner").click()
    owners = page.locator("#id_owner")
    expect(owners.get_by_label(str(teacher))).to_be_visible()
    expect(owners).not_to_contain_text(str(other_teacher))
    owners.get_by_label(str(teacher)).check()
    listing = page.locator("#listing-results")
    expect(listing).to_contain_text("The bowline")
    expect(listing).not_to_contain_text("Secret sauces")

    # The workflows report lists the teacher's review, and its
    # "Requested by" filter names the teacher alone.
    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Workflows", exact=True).click()
    report = page.locator("#listing-results")
    expect(report).to_contain_text("Knots for sailors")
    expect(report).not_to_contain_text("Secret sauces")
    page.get_by_role("button", name="Show filters").click()
    page.get_by_role("button", name="Requested by").click()
    requesters = page.locator("#id_requested_by")
    expect(requesters.locator("option")).to_have_text(["---------", str(teacher)])

    # The other teacher's draft course is nowhere in the page search.
    page.goto("/admin/pages/search/")
    search = page.get_by_role("main").get_by_role("textbox", name="Search term")
    search.fill("Secret sauces")
    search.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Sorry, no pages match")
    expect(page.get_by_role("main")).not_to_contain_text("The mother sauces")
    search.fill("bowline")
    search.press("Enter")
    page.get_by_role("link", name="The bowline").first.click()

    # In the lesson's editor, the choosers offer the teacher's own files and
    # the shared ones, not the other teacher's.
    file = insert_block(page, "File")
    file.get_by_role("button", name="Choose a document").click()
    chooser = page.get_by_role("dialog")
    expect(chooser.get_by_role("link", name="Knot worksheet")).to_be_visible()
    expect(chooser.get_by_role("link", name="Sailing glossary")).to_be_visible()
    expect(chooser).not_to_contain_text("Sauce recipes")
    chooser.get_by_role("link", name="Knot worksheet").click()
    expect(chooser).to_be_hidden()
    expect(file).to_contain_text("Knot worksheet")

    image = insert_block(page, "Image")
    image.get_by_role("button", name="Choose an image").click()
    expect(chooser.get_by_role("link", name="Knot diagram")).to_be_visible()
    expect(chooser.get_by_role("link", name="School logo")).to_be_visible()
    expect(chooser).not_to_contain_text("Sauce photo")
    chooser.get_by_role("link", name="School logo").click()
    expect(chooser).to_be_hidden()
    image.get_by_label("Alt text").fill("The school's logo")

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text(
        "'The bowline' has been updated"
    )
    lesson = LessonPage.objects.get(title="The bowline")
    placed = [block.value for block in lesson.get_latest_revision_as_object().body]
    assert placed[-2]["document"].title == "Knot worksheet"
    assert placed[-1]["image"].title == "School logo"
    assert not failures
