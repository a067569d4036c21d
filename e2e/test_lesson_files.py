import re
from pathlib import Path

from django.conf import settings

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest
from PIL import Image as PillowImage
from playwright.sync_api import Browser, Locator, Page, expect

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import CoursePage, Enrollment, LessonPage
from courses.services import course_index_setup
from e2e.helpers import footer_action, insert_block, script_errors, upload_in_chooser
from e2e.helpers import sign_in as sign_in_as
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WORKSHEET = b"High water at 12:04, low water at 18:17."
ALT_TEXT = "Water height over a day"


@pytest.fixture
def new_page(browser: Browser, live_server):
    """A page in a browser context of its own: another person, other cookies."""
    contexts = []

    def new() -> Page:
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield new
    for context in contexts:
        context.close()


def sign_in(page: Page, email: str) -> None:
    sign_in_as(page, email)
    expect(page.get_by_test_id("account-nav")).to_contain_text("Log out")


def natural_width(image: Locator) -> int:
    """The width of the picture the browser loaded for `image`; 0 if none."""
    image.scroll_into_view_if_needed()
    return image.evaluate(
        """img => img.complete ? img.naturalWidth : new Promise(settled => {
            img.addEventListener("load", () => settled(img.naturalWidth));
            img.addEventListener("error", () => settled(0));
        })"""
    )


def files_about_tides(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if "tide-" in path.name]


def test_files_a_teacher_adds_to_a_paid_lesson_go_only_to_its_students(
    page: Page, new_page, home_page, tmp_path
):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory()
    course = CoursePageFactory(
        parent=index,
        owner=teacher,
        title="Reading the tides",
        access_level=CoursePage.AccessLevel.PURCHASE,
        price=9,
        currency="USD",
    )
    module = ModulePageFactory(parent=course, owner=teacher)
    lesson = LessonPageFactory(parent=module, owner=teacher, title="Tide tables")
    worksheet = tmp_path / "tide-worksheet.txt"
    worksheet.write_bytes(WORKSHEET)
    chart = tmp_path / "tide-chart.png"
    PillowImage.new("RGB", (64, 48), "teal").save(chart)

    # The teacher adds a worksheet and a chart to the lesson, and submits it.
    editor_errors = script_errors(page)
    sign_in(page, teacher.email)
    page.goto(f"/admin/pages/{lesson.pk}/edit/")
    file_block = insert_block(page, "File")
    file_block.get_by_role("button", name="Choose a document").click()
    upload_in_chooser(page, worksheet, "Tide worksheet")
    expect(file_block).to_contain_text("Tide worksheet")
    image_block = insert_block(page, "Image")
    image_block.get_by_role("button", name="Choose an image").click()
    upload_in_chooser(page, chart, "Tide chart")
    image_block.get_by_label("Alt text").fill(ALT_TEXT)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text(
        "'Tide tables' has been updated"
    )
    # The lesson goes to review with its course.
    page.goto(f"/admin/pages/{course.pk}/edit/")
    footer_action(page, "Submit to Course review")
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text(
        "'Reading the tides' has been submitted for moderation"
    )
    assert not editor_errors

    # The draft is enough: nobody else can fetch the files while it waits.
    document = get_document_model().objects.get(title="Tide worksheet")
    image = get_image_model().objects.get(title="Tide chart")
    stranger = new_page()
    for url in (document.url, image.file.url):
        response = stranger.request.get(url, max_redirects=0)
        assert response.status == 302, url
        assert response.headers["location"].startswith("/accounts/login/"), url

    # The course's reviewer, who sees the chart in the editor, publishes it.
    reviewer = new_page()
    sign_in(reviewer, AdminFactory().email)
    reviewer.goto(f"/admin/pages/{lesson.pk}/edit/")
    chosen_chart = reviewer.get_by_role("region", name="Image").get_by_role(
        "presentation"
    )
    assert natural_width(chosen_chart) > 0
    reviewer.goto(f"/admin/pages/{course.pk}/edit/")
    footer_action(reviewer, "Approve and Publish")
    expect(reviewer).to_have_url(re.compile(rf"/admin/pages/{index.pk}/$"))
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.live
    placed = {block.block_type: block.value for block in lesson.body}
    assert placed["file"]["document"] == document
    assert placed["image"]["image"].pk == image.pk
    assert placed["image"]["image"].contextual_alt_text == ALT_TEXT

    # A student who bought the course reads the lesson: the chart shows and
    # the worksheet downloads.
    student = UserFactory()
    Enrollment.objects.create(
        user=student, course=course, source=Enrollment.Source.PURCHASE
    )
    reader = new_page()
    sign_in(reader, student.email)
    reader.goto(lesson.url)
    lesson_body = reader.get_by_test_id("lesson-body")
    picture = lesson_body.get_by_role("img", name=ALT_TEXT)
    assert natural_width(picture) > 0
    chart_urls = set(
        picture.evaluate(
            """img => [
                img.getAttribute("src"),
                new URL(img.currentSrc).pathname,
                ...[...img.closest("picture").querySelectorAll("source")].map(
                    source => source.getAttribute("srcset")
                ),
            ]"""
        )
    )
    link = lesson_body.get_by_role("link", name="Tide worksheet")
    assert link.get_attribute("href") == document.url
    with reader.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_bytes() == WORKSHEET
    response = reader.request.get(document.url)
    assert response.status == 200
    assert response.body() == WORKSHEET
    assert "public" not in response.headers["cache-control"]

    # Nobody else gets the files, by any of their addresses...
    image.refresh_from_db()
    urls = {document.url, image.file.url, *chart_urls}
    assert all(url.startswith(("/documents/", "/learning/files/")) for url in urls)
    for url in urls:
        response = stranger.request.get(url, max_redirects=0)
        assert response.status == 302, url
        assert response.headers["location"].startswith("/accounts/login/"), url
    outsider = new_page()
    sign_in(outsider, UserFactory().email)
    for url in urls:
        assert outsider.request.get(url, max_redirects=0).status == 403, url
    # ...nor from the public folder, where the chart was first uploaded and
    # no copy was left behind.
    first_url = f"{settings.MEDIA_URL}original_images/tide-chart.png"
    assert stranger.request.get(first_url).status == 404
    media_root = Path(settings.MEDIA_ROOT)
    assert (media_root / "original_images").is_dir()
    assert not files_about_tides(media_root)
    private_root = Path(settings.PRIVATE_MEDIA_ROOT)
    assert (private_root / document.file.name).read_bytes() == WORKSHEET
    assert (private_root / image.file.name).is_file()
