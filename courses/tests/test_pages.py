import re

from django.core.files.base import ContentFile
from django.template.loader import render_to_string

from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction, Site
from wagtail.models import pages as wagtail_pages

import pytest

from courses.access import lesson_access
from courses.factories import quiz_block_value
from courses.models import CoursePage, Enrollment, LessonPage, pages
from courses.viewer import Viewer
from members.factories import UserFactory
from members.models import User
from members.services import user_set_role

pytestmark = pytest.mark.django_db

SECRET = "The secret of this lesson."


def first_lesson(course) -> LessonPage:
    return LessonPage.objects.descendant_of(course).order_by("path").first()


def test_catalog_lists_published_courses(client, make_course):
    shown = make_course(title="Algebra")
    hidden = make_course(title="Unpublished")
    hidden.unpublish()

    content = client.get("/courses/").content.decode()

    assert shown.title in content
    assert hidden.title not in content


def test_course_page_shows_its_outline_to_anyone(client, make_course):
    course = make_course(
        access_level=CoursePage.AccessLevel.PURCHASE, price=9, currency="USD"
    )

    content = client.get(course.url).content.decode()

    assert "First steps" in content
    assert "Going further" in content
    assert "$9.00" in content


def test_locked_lesson_shows_title_and_summary_but_never_the_body(client, make_course):
    course = make_course(access_level=CoursePage.AccessLevel.MEMBERS)
    lesson = first_lesson(course)

    response = client.get(lesson.url)

    content = response.content.decode()
    assert lesson.title in content
    assert lesson.summary in content
    assert SECRET not in content
    assert "Sign in" in content


def test_open_lesson_shows_the_body_and_the_next_lesson(client, make_course):
    course = make_course()

    content = client.get(first_lesson(course).url).content.decode()

    assert SECRET in content
    assert "Going further →" in content


def test_personal_pages_are_private_to_caches(client, make_course):
    course = make_course()
    lesson = first_lesson(course)

    anonymous = client.get(lesson.url)
    client.force_login(UserFactory())
    signed_in = client.get(lesson.url)

    assert "private" not in anonymous.get("Cache-Control", "")
    assert "private" in signed_in["Cache-Control"]
    assert "private" in client.get(course.url)["Cache-Control"]


def test_quiz_answers_never_reach_the_browser(client, make_course):
    course = make_course()
    lesson = first_lesson(course)
    lesson.body = [("quiz", quiz_block_value(explanation="EXPLANATION-TEXT"))]
    lesson.save_revision().publish()

    content = client.get(lesson.url).content.decode()

    assert "2 + 2?" in content
    assert "correct" not in content.lower()
    assert "EXPLANATION-TEXT" not in content


def test_member_enrolls_and_leaves(client, make_course):
    course = make_course(access_level=CoursePage.AccessLevel.MEMBERS)
    user = UserFactory()
    client.force_login(user)

    response = client.post(f"/learning/{course.pk}/enroll/")

    assert response.status_code == 302
    assert Enrollment.objects.get(user=user, course=course).source == "free"
    assert "You are enrolled" in client.get(course.url).content.decode()

    client.post(f"/learning/{course.pk}/unenroll/")
    assert not Enrollment.objects.filter(user=user, course=course).exists()


def test_enrollment_is_refused_where_it_is_not_free(client, make_course):
    paid = make_course(
        access_level=CoursePage.AccessLevel.PURCHASE, price=9, currency="USD"
    )
    soon = make_course(availability=CoursePage.Availability.COMING_SOON)
    email = make_course(access_level=CoursePage.AccessLevel.EMAIL)
    client.force_login(UserFactory())  # email not verified

    for course in (paid, soon, email):
        client.post(f"/learning/{course.pk}/enroll/")

    assert not Enrollment.objects.exists()


def test_bought_access_cannot_be_left(client, make_course):
    course = make_course(
        access_level=CoursePage.AccessLevel.PURCHASE, price=9, currency="USD"
    )
    user = UserFactory()
    Enrollment.objects.create(user=user, course=course, source="purchase")
    client.force_login(user)

    client.post(f"/learning/{course.pk}/unenroll/")

    assert Enrollment.objects.filter(user=user, course=course).exists()


def test_enrollment_needs_login_and_post(client, make_course):
    course = make_course()

    assert client.post(f"/learning/{course.pk}/enroll/")["Location"].startswith(
        "/accounts/login/"
    )
    client.force_login(UserFactory())
    assert client.get(f"/learning/{course.pk}/enroll/").status_code == 405
    assert not Enrollment.objects.exists()


def test_unpublishing_a_course_hides_its_published_lessons(client, make_course):
    course = make_course()
    lesson = first_lesson(course)
    url = lesson.url
    course.unpublish()
    client.force_login(UserFactory())

    assert client.get(url).status_code == 404
    assert client.post(f"/learning/lessons/{lesson.pk}/complete/").status_code == 403


def test_unpublishing_a_module_hides_its_lessons(client, make_course):
    course = make_course()
    lesson = first_lesson(course)
    url = lesson.url
    lesson.get_parent().specific.unpublish()

    assert client.get(url).status_code == 404


def test_endpoints_respect_wagtail_view_restrictions(client, make_course):
    course = make_course()
    lesson = first_lesson(course)
    PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    client.force_login(UserFactory())

    assert client.post(f"/learning/lessons/{lesson.pk}/complete/").status_code == 404
    assert client.post(f"/learning/{course.pk}/enroll/").status_code == 404
    assert not Enrollment.objects.exists()


def test_a_demoted_teacher_no_longer_reads_their_paid_course(make_course, teacher):
    course = make_course(
        access_level=CoursePage.AccessLevel.PURCHASE, price=9, currency="USD"
    )
    lesson = first_lesson(course)
    viewer = Viewer(teacher)
    assert lesson_access(viewer=viewer, lesson=lesson, course=course).allowed

    user_set_role(user=teacher, role=User.Role.STUDENT)

    assert not lesson_access(viewer=viewer, lesson=lesson, course=course).allowed


def test_files_in_gated_lessons_go_only_to_those_who_may_read_them(client, make_course):
    document = Document(title="Answers", file=ContentFile(b"42", name="answers.txt"))
    document.save()
    course = make_course(
        access_level=CoursePage.AccessLevel.PURCHASE, price=9, currency="USD"
    )
    lesson = first_lesson(course)
    lesson.body = [("file", {"document": document, "title": ""})]
    lesson.save_revision().publish()
    url = document.url

    assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    buyer = UserFactory()
    Enrollment.objects.create(user=buyer, course=course, source="purchase")
    client.force_login(buyer)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"42"


def test_files_outside_lessons_are_served_as_usual(client, home_page):
    document = Document(title="Brochure", file=ContentFile(b"hello", name="b.txt"))
    document.save()

    assert client.get(document.url).status_code == 200


def meta_description(response) -> str | None:
    found = re.search(
        r'<meta name="description" content="([^"]*)">', response.content.decode()
    )
    return found and found[1]


def test_course_page_meta_description_is_the_search_description(client, make_course):
    course = make_course(summary="For the card.", search_description="For Google.")

    assert meta_description(client.get(course.url)) == "For Google."


def test_course_page_meta_description_falls_back_to_the_summary(client, make_course):
    course = make_course(overview="<p>Fish &amp; chips. Then pudding.</p>")

    assert meta_description(client.get(course.url)) == "Fish &amp; chips."


def test_lesson_page_meta_description_falls_back_to_its_summary(client, make_course):
    lesson = first_lesson(make_course(access_level=CoursePage.AccessLevel.OPEN))
    lesson.summary = "Boiling an egg."
    lesson.save_revision().publish()

    assert meta_description(client.get(lesson.url)) == "Boiling an egg."

    lesson.search_description = "Eggs, boiled."
    lesson.save_revision().publish()

    assert meta_description(client.get(lesson.url)) == "Eggs, boiled."


def test_featured_course_card_shows_the_summary(make_course):
    course = make_course(summary="For the card.", search_description="For Google.")

    html = render_to_string(
        "blocks/featured_pages_block.html",
        {"value": {"heading": "Featured", "pages": [course.page_ptr]}},
    )

    assert "For the card." in html
    assert "For Google." not in html


@pytest.mark.parametrize("restricted", ["catalog", "course", "module"])
def test_a_password_above_a_lesson_guards_its_page(client, make_course, restricted):
    course = make_course()
    lesson = first_lesson(course)
    page = {
        "catalog": course.get_parent(),
        "course": course,
        "module": lesson.get_parent(),
    }[restricted]
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )

    content = client.get(lesson.url).content.decode()

    assert SECRET not in content
    assert 'name="password"' in content


def test_page_urls_follow_a_new_slug(rf, make_course):
    course = make_course()
    lesson = first_lesson(course)
    request = rf.get("/")
    before = lesson.get_url(request)

    lesson.slug = "renamed"
    lesson.save_revision().publish()
    lesson.refresh_from_db()

    assert before.endswith("/first-steps/")
    assert lesson.get_url(rf.get("/")) == before.replace("/first-steps/", "/renamed/")


def test_a_page_on_two_sites_gets_the_requests_site(rf, make_course):
    course = make_course()
    Site.objects.create(hostname="courses.example", port=80, root_page=course)
    lesson = first_lesson(course)
    module = lesson.get_parent()

    on_main = lesson.get_url(rf.get("/"))
    on_courses = lesson.get_url(rf.get("/", HTTP_HOST="courses.example"))

    assert on_main.endswith(f"/{course.slug}/{module.slug}/first-steps/")
    assert on_courses == f"/{module.slug}/first-steps/"


def test_page_urls_are_worked_out_once(rf, make_course, monkeypatch):
    lesson = first_lesson(make_course())
    monkeypatch.setattr(pages, "_page_url_parts", {})
    reversals = []
    reverse = wagtail_pages.reverse
    monkeypatch.setattr(
        wagtail_pages,
        "reverse",
        lambda *a, **k: reversals.append(a) or reverse(*a, **k),
    )

    first = lesson.get_url(rf.get("/"))
    again = LessonPage.objects.get(pk=lesson.pk).get_url(rf.get("/"))

    assert first == again
    assert len(reversals) == 1


def test_page_urls_follow_a_changed_site(make_course):
    lesson = first_lesson(make_course())
    site = Site.objects.get(is_default_site=True)
    before = lesson.get_full_url()

    site.hostname, site.port = "learn.example", 8443
    site.save()

    after = LessonPage.objects.get(pk=lesson.pk).get_full_url()
    assert before.startswith("http://localhost")
    assert after == before.replace("http://localhost", "http://learn.example:8443")
