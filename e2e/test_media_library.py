import os
from pathlib import Path

from django.urls import reverse

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import Enrollment
from courses.services import course_index_setup
from e2e.helpers import sign_in as sign_in_as
from media_library.models import MediaAsset
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SAMPLE_VIDEO = Path(__file__).parent.parent / "media_library/samples/lesson.webm"


def sign_in(page: Page, email: str) -> None:
    sign_in_as(page, email)
    expect(page.get_by_test_id("account-nav")).to_contain_text("Log out")


def new_page(browser: Browser, live_server) -> Page:
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    return context.new_page()


def noisy_picture(path: Path) -> Path:
    # Noise does not compress: a few megabytes, so the upload takes a while.
    Image.frombytes("RGB", (1200, 900), os.urandom(1200 * 900 * 3)).save(path)
    return path


def upload(page: Page, path: Path, title: str, visibility: str, course: str = ""):
    page.goto(reverse("media_library:upload"))
    # Keep the highest value the progress bar shows, across the redirect.
    page.evaluate(
        """() => document.addEventListener("htmx:xhr:progress", () => {
            const bar = document.querySelector("[data-upload-progress] progress");
            const seen = Number(sessionStorage.getItem("progress") || 0);
            sessionStorage.setItem("progress", Math.max(seen, bar.value));
        })"""
    )
    page.get_by_label("File", exact=True).set_input_files(path)
    page.get_by_label("Title").fill(title)
    page.get_by_label(visibility).check()
    if course:
        page.get_by_label("Course", exact=True).select_option(label=course)
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert page.evaluate("sessionStorage.getItem('progress')") == "100"


def test_a_student_shares_media_a_teacher_approves_and_private_stays_private(
    page: Page, browser: Browser, live_server, home_page, tmp_path
):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory(email_verified=True)
    course = CoursePageFactory(parent=index, owner=teacher, title="Harbours")
    LessonPageFactory(parent=ModulePageFactory(parent=course, owner=teacher))
    student = UserFactory(email_verified=True, display_name="Sam Sailor")
    Enrollment.objects.create(user=student, course=course, source="free")
    admin, other_student = AdminFactory(), UserFactory()

    # The student uploads a picture, shared publicly, and a private video.
    sign_in(page, student.email)
    upload(
        page,
        noisy_picture(tmp_path / "harbour.png"),
        "Harbour at dusk",
        "Public: everyone, once a reviewer approves",
        course="Harbours",
    )
    expect(page.get_by_test_id("asset-state")).to_contain_text("In review")
    file_responses = []
    page.on(
        "response",
        lambda response: "/file/" in response.url and file_responses.append(response),
    )
    upload(page, SAMPLE_VIDEO, "Knot tying", "Private: only me and my teachers")
    video = page.get_by_test_id("asset-video")
    expect(video).to_be_visible()
    # The player reads the file's length through range requests, and seeks.
    page.wait_for_function("document.querySelector('video').duration > 3")
    video.evaluate(
        """v => new Promise(seeked => {
            v.addEventListener("seeked", seeked, {once: true});
            v.currentTime = 3.5;
        })"""
    )
    assert any(
        response.status == 206
        and response.headers["content-range"].startswith("bytes ")
        for response in file_responses
    )
    private = MediaAsset.objects.get(title="Knot tying")
    private_urls = [
        private.get_absolute_url(),
        reverse("media_library:file", args=[private.pk, "file"]),
    ]

    page.goto(reverse("media_library:mine"))
    expect(page.get_by_test_id("asset-table")).to_contain_text("In review")
    expect(page.get_by_test_id("asset-table")).to_contain_text("Private")

    # The course's teacher approves the picture in the admin.
    teacher_page = new_page(browser, live_server)
    sign_in(teacher_page, teacher.email)
    teacher_page.goto("/admin/")
    row = teacher_page.locator("tr", has_text="Harbour at dusk")
    row.get_by_role("button", name="Actions").click()
    teacher_page.get_by_role("button", name="Approve", exact=True).click()
    expect(row).to_have_count(0)
    assert MediaAsset.objects.get(title="Harbour at dusk").is_public
    for url in private_urls:
        assert teacher_page.request.get(url).status == 200

    # Everyone sees it in the dashboard, signed in or not.
    visitor = new_page(browser, live_server)
    visitor.goto(reverse("media_library:dashboard"))
    card = visitor.get_by_test_id("asset-card").filter(has_text="Harbour at dusk")
    expect(card).to_contain_text("Sam Sailor")
    card.get_by_role("link", name="Harbour at dusk").click()
    expect(visitor.get_by_test_id("asset-image")).to_be_visible()

    # The private video: only its owner, their teacher and admins get it.
    for url in private_urls:
        response = visitor.request.get(url, max_redirects=0)
        assert response.status == 302
        assert response.headers["location"].startswith("/accounts/login/")
        assert page.request.get(url).status == 200
    outsider = new_page(browser, live_server)
    sign_in(outsider, other_student.email)
    admin_page = new_page(browser, live_server)
    sign_in(admin_page, admin.email)
    for url in private_urls:
        assert outsider.request.get(url).status == 403
        assert admin_page.request.get(url).status == 200
