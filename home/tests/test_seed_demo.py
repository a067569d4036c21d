from django.core.management import CommandError, call_command
from django.utils import timezone

from wagtail.models import Page, Site

import pytest
from allauth.account.models import EmailAddress

from commerce.models import Plan
from courses.models import (
    CourseIndexPage,
    CoursePage,
    Enrollment,
    LessonPage,
    LessonProgress,
    Subject,
)
from home.models import HomePage, LegalPages, StandardPage
from media_library.models import MediaAsset
from members.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_seed_demo_twice_leaves_one_of_everything(debug, client):
    call_command("seed_demo")
    call_command("seed_demo")

    assert sorted(User.objects.values_list("email", "role")) == [
        ("admin@lectern.local", "admin"),
        ("student@lectern.local", "student"),
        ("teacher@lectern.local", "teacher"),
    ]
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 3
    assert HomePage.objects.count() == 1
    home = HomePage.objects.get()
    assert home.live
    site = Site.objects.get()
    assert site.root_page_id == home.pk
    # Wagtail's placeholder page is gone.
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()
    assert StandardPage.objects.count() == 2
    assert Subject.objects.count() == 3
    assert CourseIndexPage.objects.count() == 1
    assert CoursePage.objects.live().count() == 6
    levels = set(CoursePage.objects.values_list("access_level", "availability"))
    assert {level for level, _ in levels} == {"open", "email", "members", "purchase"}
    assert {availability for _, availability in levels} == {"available", "coming_soon"}
    assert LessonPage.objects.count() == 24
    student = User.objects.get(email="student@lectern.local")
    assert Enrollment.objects.filter(user=student).count() == 2
    assert (
        LessonProgress.objects.filter(user=student, completed_at__isnull=False).count()
        == 2
    )
    assert sorted(
        MediaAsset.objects.filter(owner=student).values_list("visibility", "live")
    ) == [("course", False), ("private", False), ("public", False), ("public", True)]
    teacher = User.objects.get(email="teacher@lectern.local")
    video = MediaAsset.objects.get(owner=teacher)
    assert video.kind == "video"
    lesson = LessonPage.objects.descendant_of(CoursePage.objects.first()).first()
    assert any(
        block.block_type == "video" and block.value["asset"] == video
        for block in lesson.body
    )
    assert sorted(Plan.objects.values_list("name", "active")) == [
        ("All access", False),
        ("One term", True),
    ]
    legal = LegalPages.for_site(site)
    assert legal.privacy_policy.slug == "privacy"
    assert legal.terms.slug == "terms"
    content = client.get("/").content.decode()
    assert 'href="/privacy/"' in content
    assert 'href="/terms/"' in content


def test_seed_demo_accounts_sign_in_with_their_documented_passwords(debug, client):
    call_command("seed_demo")
    teacher = User.objects.get(email="teacher@lectern.local")
    teacher.set_password("changed-by-hand")
    teacher.deletion_due_at = timezone.now()
    teacher.save()

    call_command("seed_demo")

    response = client.post(
        "/accounts/login/",
        {"login": "teacher@lectern.local", "password": "lectern-teacher"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert User.objects.get(email="teacher@lectern.local").deletion_due_at is None


def test_seed_demo_keeps_an_edited_home_page(debug):
    call_command("seed_demo")
    home = HomePage.objects.get()
    home.hero_title = "Our school"
    home.save_revision().publish()

    call_command("seed_demo")

    assert HomePage.objects.get().hero_title == "Our school"


def test_seed_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")

    assert not User.objects.exists()


def test_seed_demo_puts_the_site_where_it_is_served(debug, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:9000"
    call_command("seed_demo")

    course = CoursePage.objects.live().first()
    assert course.full_url.startswith("http://127.0.0.1:9000/")

    settings.WAGTAILADMIN_BASE_URL = "https://learn.example.org"
    call_command("seed_demo")

    assert Site.objects.get().root_url == "https://learn.example.org"
