import re
from dataclasses import dataclass

from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django.utils.html import escape

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Revision, Site

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from commerce.demo import DEMO_PAYMENT
from commerce.models import Donation, Order, OrderItem, Payment, Plan
from commerce.selectors import revenue_summary
from commerce.services.coupons import coupon_quote
from community.models import Comment, Like, Post, Review
from courses.blocks import LessonStreamBlock
from courses.demo import DEMO_CLASS, STUDENT_PROGRESS
from courses.demo_catalog import COURSES, SUBJECTS
from courses.models import (
    CourseIndexPage,
    CoursePage,
    Enrollment,
    LessonPage,
    LessonProgress,
    QuizAttempt,
    Subject,
)
from home.models import ContactPage, HomePage, LegalPages, StandardPage
from media_library.models import MediaAsset
from members.models import TwoFactorPhone, User
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Demo:
    """What a first seed_demo left: how many of everything, the emails sent."""

    counts: dict[str, int]
    emails: list[EmailMessage]


@pytest.fixture(scope="module")
def demo_folders(tmp_path_factory):
    return tmp_path_factory.mktemp("media"), tmp_path_factory.mktemp("private-media")


@pytest.fixture(autouse=True)
def _media_root(demo_folders):
    """The demo's files stay where it put them (instead of a folder per test)."""


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker, demo_folders):
    """
    The demo, seeded once for the module (seeding takes seconds) in a
    transaction rolled back at its end; each test runs in a savepoint of it,
    and those that run seed_demo again run it over this one.
    """
    media_root, private_root = demo_folders
    with (
        django_db_blocker.unblock(),
        override_settings(
            DEBUG=True, MEDIA_ROOT=media_root, PRIVATE_MEDIA_ROOT=private_root
        ),
        transaction.atomic(),
    ):
        mail.outbox = []
        call_command("seed_demo")
        yield Demo(counts=seeded_counts(), emails=list(mail.outbox))
        transaction.set_rollback(True)


def seeded_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in (
            User,
            Page,
            Revision,
            Image,
            Document,
            Subject,
            MediaAsset,
            Enrollment,
            LessonProgress,
            QuizAttempt,
            Plan,
            Order,
            Payment,
            Donation,
            Post,
            Comment,
            Like,
            Review,
            Notification,
            Authenticator,
            TwoFactorPhone,
        )
    }


def test_seed_demo_twice_leaves_one_of_everything(client, demo):
    call_command("seed_demo")

    assert seeded_counts() == demo.counts
    assert HomePage.objects.get().featured_courses.count() == 3

    # The four accounts to sign in with, two classmates who reviewed, and
    # the class whose progress the teacher's analytics chart.
    learners = User.objects.filter(email__endswith="@learners.lectern.local")
    assert learners.count() == len(DEMO_CLASS)
    assert sorted(
        User.objects.exclude(pk__in=learners).values_list("email", "role")
    ) == [
        ("admin@lectern.local", "admin"),
        ("guarded@lectern.local", "student"),
        ("lina@lectern.local", "student"),
        ("omar@lectern.local", "student"),
        ("student@lectern.local", "student"),
        ("teacher@lectern.local", "teacher"),
    ]
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 4
    assert HomePage.objects.count() == 1
    home = HomePage.objects.get()
    assert home.live
    site = Site.objects.get()
    assert site.root_page_id == home.pk
    # Wagtail's placeholder page is gone.
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()
    assert StandardPage.objects.count() == 2
    assert Subject.objects.count() == len(SUBJECTS)
    assert CourseIndexPage.objects.count() == 1
    assert CoursePage.objects.live().count() == len(COURSES)
    levels = set(CoursePage.objects.values_list("access_level", "availability"))
    assert {level for level, _ in levels} == {"open", "email", "members", "purchase"}
    assert {availability for _, availability in levels} == {"available", "coming_soon"}
    assert LessonPage.objects.count() == sum(
        len(module.lessons) for course in COURSES for module in course.modules
    )
    student = User.objects.get(email="student@lectern.local")
    # Free courses part-way through (one finished), and two courses bought.
    assert Enrollment.objects.filter(user=student).count() == len(STUDENT_PROGRESS) + 2
    assert LessonProgress.objects.filter(
        user=student, completed_at__isnull=False
    ).count() == sum(STUDENT_PROGRESS.values())
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
    assert legal.contact.slug == "contact"
    contact = ContactPage.objects.get()
    assert contact.live
    assert contact.subject_choices()[0] == "A question about a course"
    assert [field.label for field in contact.form_fields.all()] == [
        "Your name",
        "Message",
    ]
    content = client.get("/").content.decode()
    assert 'href="/privacy/"' in content
    assert 'href="/terms/"' in content
    assert '<a class="hover:text-brand-700" href="/contact/">Contact us</a>' in content


def test_seed_demo_accounts_sign_in_with_their_documented_passwords(client):
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


def test_seed_demo_guarded_account_signs_in_with_a_code_texted_to_the_console(
    client, capsys
):
    client.post(
        "/accounts/login/",
        {"login": "guarded@lectern.local", "password": "lectern-guarded"},
    )
    page = client.get("/accounts/2fa/authenticate/").content.decode()
    assert "+254••••••001" in page

    client.post("/accounts/2fa/sms-code/")
    printed = capsys.readouterr().out
    assert "Text message to +254700000001:" in printed
    code = re.search(r"(\d{6}) is your Lectern sign-in code", printed)[1]
    client.post("/accounts/2fa/authenticate/", {"code": code})

    assert client.session["_auth_user_id"] == str(
        User.objects.get(email="guarded@lectern.local").pk
    )


def test_seed_demo_keeps_an_edited_home_page():
    home = HomePage.objects.get()
    home.hero_title = "Our school"
    home.save_revision().publish()

    call_command("seed_demo")

    assert HomePage.objects.get().hero_title == "Our school"


def test_seed_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    teacher = User.objects.get(email="teacher@lectern.local")
    teacher.set_password("changed-by-hand")
    teacher.save()
    User.objects.filter(email="student@lectern.local").delete()

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")

    # It would have put back the documented password and the student.
    assert User.objects.get(pk=teacher.pk).check_password("changed-by-hand")
    assert not User.objects.filter(email="student@lectern.local").exists()


def test_seed_demo_puts_the_site_where_it_is_served(settings):
    # The first run put it where the tests serve it (WAGTAILADMIN_BASE_URL).
    course = CoursePage.objects.live().first()
    assert course.full_url.startswith("http://testserver/")

    settings.WAGTAILADMIN_BASE_URL = "https://learn.example.org"
    call_command("seed_demo")

    assert Site.objects.get().root_url == "https://learn.example.org"
    course = CoursePage.objects.live().first()
    assert course.full_url.startswith("https://learn.example.org/")


def test_seed_demo_features_three_courses_on_the_home_page(client):
    home = HomePage.objects.get()
    assert home.featured_courses.count() == 3
    content = client.get("/").content.decode()
    assert content.index("Featured courses") < content.index("Newest courses")


def test_seed_demo_fills_the_catalog_with_real_courses(client):

    courses = CoursePage.objects.live().select_related("thumbnail")
    titles = [course.title for course in courses]
    assert len(titles) >= 24
    assert len(set(titles)) == len(titles)
    assert Subject.objects.filter(courses__in=courses).distinct().count() >= 4
    assert all(course.summary and course.overview for course in courses)
    # Covers drawn for each course, small enough for a catalog.
    covers = {course.thumbnail.get_file_hash() for course in courses}
    assert len(covers) == len(titles)
    assert all(course.thumbnail.file.size < 200_000 for course in courses)

    lessons = LessonPage.objects.live()
    assert not lessons.filter(title__iregex=r"^(lesson|part) [0-9]").exists()
    assert len(set(lessons.values_list("title", flat=True))) == lessons.count()
    blocks = [block for lesson in lessons for block in lesson.body]
    assert {block.block_type for block in blocks} == set(LessonStreamBlock.base_blocks)
    questions = [
        question
        for block in blocks
        if block.block_type == "quiz"
        for question in block.value["questions"]
    ]
    assert len(questions) >= lessons.count()
    assert len({question["prompt"] for question in questions}) == len(questions)
    assert all(
        any(choice["correct"] for choice in question["choices"])
        and not all(choice["correct"] for choice in question["choices"])
        and question["explanation"]
        for question in questions
    )

    # A catalog page does not hold them all: more load as one scrolls.
    catalog = client.get("/courses/").content.decode()
    shown = [title for title in titles if f">{escape(title)}</a>" in catalog]
    assert len(shown) == CourseIndexPage.courses_per_page
    assert 'data-testid="load-more"' in catalog
    course = courses.get(title="Algebra from scratch")
    for lesson in LessonPage.objects.live().descendant_of(course):
        response = client.get(lesson.url)
        assert response.status_code == 200
        quiz = next(block for block in lesson.body if block.block_type == "quiz")
        assert quiz.value["questions"][0]["prompt"] in response.content.decode()


def test_seed_demo_records_sales_that_the_admin_shows(client, demo):

    student = User.objects.get(email="student@lectern.local")
    assert set(Order.objects.values_list("status", flat=True)) == {
        "paid",
        "refunded",
        "failed",
    }
    assert set(Payment.objects.values_list("provider", flat=True)) == {
        "stripe",
        "mpesa",
    }
    assert not Payment.objects.filter(status="paid").exclude(
        result_description=DEMO_PAYMENT
    )
    # What was paid for is the student's; what was refunded is not.
    for order in Order.objects.filter(user=student):
        course = order.items.get().course
        assert Enrollment.objects.filter(
            user=student, course=course, source="purchase"
        ).exists() == (order.status == "paid")
    assert Donation.objects.filter(status="paid").count() == 4
    # The student takes donations for their media, and was given one.
    assert Donation.objects.get(recipient=student).message == (
        "Lovely pictures of the market!"
    )
    # No money moved, so no receipts went out.
    assert demo.emails
    assert not [email for email in demo.emails if "receipt" in email.subject]

    sold = set(
        OrderItem.objects.filter(order__status="paid").values_list(
            "description", flat=True
        )
    )
    summary = revenue_summary()
    assert {row["description"] for row in summary["by_course"]} == sold
    assert {(row["provider"], row["currency"]) for row in summary["by_provider"]} == {
        ("stripe", "USD"),
        ("mpesa", "KES"),
    }
    assert len({row["month"] for row in summary["by_month"]}) >= 2

    client.force_login(User.objects.get(email="admin@lectern.local"))
    revenue = client.get("/admin/commerce/revenue/").content.decode()
    assert all(title in revenue for title in sold)
    orders = client.get("/admin/commerce/order/").content.decode()
    assert all(item.description in orders for item in OrderItem.objects.all())
    donations = client.get("/admin/commerce/donation/").content.decode()
    assert all(donation.message in donations for donation in Donation.objects.all())


def test_seed_demo_starts_the_community(client):

    teacher = User.objects.get(email="teacher@lectern.local")
    student = User.objects.get(email="student@lectern.local")
    assert sorted(post.kind for post in Post.objects.all()) == [
        "board",
        "feed",
        "feed",
        "question",
    ]
    question = Post.objects.get(lesson__isnull=False)
    # The student may read the lesson they asked under; the teacher's
    # answer is the accepted one, and the student liked it.
    assert question.course.enrollments.filter(user=student).exists()
    assert question.accepted_answer.author == teacher
    assert question.accepted_answer.likes.filter(user=student).exists()
    assert Comment.objects.filter(parent__isnull=False).count() == 1
    assert Like.objects.count() == 4
    # The teacher's answer and reply reached the student's bell.
    assert set(
        Notification.objects.filter(recipient=student).values_list("kind", flat=True)
    ) >= {"community.answer", "community.reply"}
    client.force_login(student)
    assert client.get(question.get_absolute_url()).status_code == 200


def test_seed_demo_rates_courses_and_shows_the_ratings(client):
    student = User.objects.get(email="student@lectern.local")
    algebra = CoursePage.objects.get(title="Algebra from scratch")
    music = CoursePage.objects.get(title="Reading music")
    assert (algebra.rating.count, str(algebra.rating.average)) == (2, "5.00")
    assert (music.rating.count, str(music.rating.average)) == (3, "4.33")
    reply = Review.objects.get(author=student, course=music)
    assert reply.replied_by.email == "teacher@lectern.local"
    assert Notification.objects.filter(
        recipient=student, kind="community.review_reply"
    ).exists()

    catalog = client.get(algebra.get_parent().url, {"sort": "rating"})
    courses = list(catalog.context["courses"])
    assert courses[0].title == "Algebra from scratch"
    rated = [course for course in courses if getattr(course, "rating", None)]
    assert {"Reading music", "Python for beginners"} <= {c.title for c in rated}
    averages = [course.rating.average for course in rated]
    assert averages == sorted(averages, reverse=True)
    assert courses[: len(rated)] == rated
    assert "(2 ratings)" in catalog.content.decode()
    reviews = client.get(f"/community/courses/{music.pk}/reviews/").content.decode()
    assert "I can finally follow a score" in reviews
    assert "Rhythm takes a little while" in reviews


def test_seed_demo_shows_lessons_and_courses_that_open_later(client, demo):
    student = User.objects.get(email="student@lectern.local")
    client.force_login(student)
    soon = LessonPage.objects.get(title="Deploying")
    assert soon.is_coming_soon
    assert soon.expected_on > timezone.localdate()
    assert "This lesson is coming soon" in client.get(soon.url).content.decode()
    loops = LessonPage.objects.get(title="Loops")
    assert loops.opens_after_days == 7
    page = client.get(loops.url).content.decode()
    assert "It opens to you in 7 days" in page

    scales = CoursePage.objects.get(title="Scales and chords")
    required = [link.required.title for link in scales.prerequisite_links.all()]
    assert (scales.has_prerequisites, required) == (True, ["Reading music"])
    chords = scales.get_children().specific().get(title="Chords")
    assert chords.requires_previous
    newcomer = User.objects.create_user(email="newcomer@example.com", password="x")
    client.force_login(newcomer)
    assert 'data-testid="prerequisites"' in client.get(scales.url).content.decode()


def test_seed_demo_tells_the_student_of_one_new_lesson(client):
    student = User.objects.get(email="student@lectern.local")
    [news] = Notification.objects.filter(kind="courses.new_lessons")
    assert news.recipient == student
    lesson = LessonPage.objects.get(url_path__endswith=news.url.rstrip("/") + "/")
    assert news.text == f"New lesson in {news.course.title}: {lesson.title}"
    assert news.course.enrollments.filter(user=student).exists()
    # Every other lesson counts as told of: publishing again tells nobody.
    news.course.save_revision().publish()
    assert Notification.objects.filter(kind="courses.new_lessons").count() == 1
    client.force_login(student)
    assert client.get(news.url).status_code == 200


def test_seed_demo_offers_a_coupon_for_any_course():
    student = User.objects.get(email="student@lectern.local")
    course = CoursePage.objects.live().filter(price__gt=0).first()
    quote = coupon_quote(
        user=student,
        code="welcome10",
        price=course.price,
        currency=course.currency,
        course=course,
    )
    assert quote.coupon.code == "WELCOME10"
    assert quote.discount == course.price / 10


def test_seed_demo_welcome_video_has_captions_and_a_transcript(client):
    video = MediaAsset.objects.get(owner__email="teacher@lectern.local")
    assert [track.language for track in video.captions.approved()] == ["en", "sw"]
    lesson = LessonPage.objects.descendant_of(CoursePage.objects.first()).first()
    client.force_login(User.objects.get(email="student@lectern.local"))
    page = client.get(lesson.url).content.decode()
    assert 'srclang="sw" label="Swahili"' in page
    assert "Ask: questions in the course chat." in page
    track = client.get(video.captions.get(language="sw").url)
    assert b"Karibu!" in b"".join(track.streaming_content)


def test_seed_demo_gives_the_teacher_a_class_to_chart(client):
    teacher = User.objects.get(email="teacher@lectern.local")
    python = CoursePage.objects.get(title="Python for beginners")
    client.force_login(teacher)

    listing = client.get("/admin/analytics/").content.decode()
    report = client.get(f"/admin/analytics/{python.pk}/?period=12m")

    assert f"/admin/analytics/{python.pk}/" in listing
    # Enrolled over four months, fewer at each lesson, quizzes failed and passed.
    found = report.context["report"]
    assert sum(1 for _, count in found.enrollments.points if count) >= 3
    funnel = [step.started for step in found.funnel]
    assert funnel[0] > funnel[-1] > 0
    quiz = found.quizzes[0]
    assert 0 < quiz.passed_first_try < quiz.passed <= quiz.students
    assert found.students > 20
    # Those who got far enough rated it.
    assert found.reviews.count >= 3
    assert python.rating.count == found.reviews.count
    assert 'data-testid="chart-donations-usd"' in report.content.decode()
