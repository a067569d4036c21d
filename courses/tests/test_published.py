"""
What each process keeps of the published site (courses/published.py): the
routes to pages, course outlines, course cards, the catalog's filters and
the footer's links, kept for the current generation and dropped by every
change that public pages show.
"""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction, Site
from wagtail.models.sites import (
    SITE_ROOT_PATHS_CACHE_KEY,
    SITE_ROOT_PATHS_CACHE_VERSION,
)

import pytest

from courses import blocks
from courses.factories import (
    LessonPageFactory,
    ModulePageFactory,
    SubjectFactory,
    quiz_block_value,
)
from courses.models import CourseRating, Enrollment, LessonPage, LessonProgress
from courses.published import (
    GENERATION_KEY,
    invalidate_published,
    published_memo,
)
from home.models import LegalPages, StandardPage
from members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kept(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def student_client(client, make_course):
    student = UserFactory()
    client.force_login(student)
    course = make_course(title="Astronomy")
    Enrollment.objects.create(user=student, course=course, source="free")
    return client


def queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.text


def lessons_of(course) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def test_a_value_is_computed_once_a_generation():
    computed = []

    def compute():
        computed.append(1)
        return ("kept",)

    assert published_memo(("key",), compute) == ("kept",)
    assert published_memo(("key",), compute) == ("kept",)
    assert len(computed) == 1
    invalidate_published()
    assert published_memo(("key",), compute) == ("kept",)
    assert len(computed) == 2
    # A lost generation (evicted, the cache emptied) is a new one too.
    cache.delete(GENERATION_KEY)
    published_memo(("key",), compute)
    assert len(computed) == 3


def test_nothing_is_kept_when_the_page_cache_is_off(settings):
    settings.PAGE_CACHE_SECONDS = 0
    computed = []
    for _ in range(2):
        published_memo(("key",), lambda: computed.append(1) or "value")
    assert len(computed) == 2


def test_what_is_not_there_is_asked_again():
    computed = []
    for _ in range(2):
        assert published_memo(("missing",), lambda: computed.append(1)) is None
    assert len(computed) == 2


def test_each_caller_gets_its_own_copy():
    first = published_memo(("copy",), lambda: {"title": "Stars"})
    first["title"] = "changed by a request"
    assert published_memo(("copy",), lambda: {"title": "other"}) == {"title": "Stars"}


def test_a_lesson_is_routed_and_outlined_from_what_is_kept(student_client):
    lesson = LessonPage.objects.get(title="Going further")
    first, _ = queries(student_client, lesson.url)
    again, html = queries(student_client, lesson.url)
    # The site, the pages on the way and the outline: not asked again.
    assert again <= first - 5
    assert "First steps" in html


def test_publishing_reaches_the_route_the_outline_and_the_page(student_client, commit):
    lesson = LessonPage.objects.get(title="Going further")
    student_client.get(lesson.url)
    module = lesson.get_parent()
    with commit():
        LessonPageFactory(parent=module, title="Black holes")
    with commit():
        lesson.title = "Going much further"
        lesson.save_revision().publish()

    html = student_client.get(lesson.url).text

    assert "Going much further" in html
    assert "Black holes" in html


def test_an_unpublished_lesson_is_no_longer_served(student_client, commit):
    lesson = LessonPage.objects.get(title="Going further")
    assert student_client.get(lesson.url).status_code == 200
    with commit():
        lesson.unpublish()
    assert student_client.get(lesson.url).status_code == 404


def test_a_moved_lesson_is_served_at_its_new_address(student_client, commit):
    lesson = LessonPage.objects.get(title="Going further")
    old_url = lesson.url
    student_client.get(old_url)
    other_module = ModulePageFactory(parent=lesson.get_parent().get_parent())
    with commit():
        lesson.move(other_module, pos="last-child")
    lesson.refresh_from_db()

    # Wagtail's redirect from the old address, not the route kept before.
    assert student_client.get(old_url).url == lesson.url
    assert student_client.get(lesson.url).status_code == 200


def test_a_new_privacy_setting_applies_at_once(student_client, commit):
    lesson = LessonPage.objects.get(title="Going further")
    assert "Going further" in student_client.get(lesson.url).text
    with commit():
        PageViewRestriction.objects.create(
            page=lesson, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )

    response = student_client.get(lesson.url)

    assert 'name="password"' in response.text
    assert "First steps" not in response.text


def test_an_alias_turns_private_with_the_lesson_it_shows(student_client, commit):
    lesson = LessonPage.objects.get(title="Going further")
    with commit():
        alias = lesson.create_alias(update_slug="going-further-again")
    assert "Going further" in student_client.get(alias.url).text
    with commit():
        PageViewRestriction.objects.create(
            page=lesson, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )

    # The alias holds no restriction of its own: its source's applies.
    assert not alias.view_restrictions.exists()
    assert 'name="password"' in student_client.get(alias.url).text


def test_a_live_page_made_without_publishing_joins_the_outline(student_client, commit):
    lesson = LessonPage.objects.get(title="Going further")
    assert "Black holes" not in student_client.get(lesson.url).text
    with commit():
        LessonPageFactory(parent=lesson.get_parent(), title="Black holes")

    assert "Black holes" in student_client.get(lesson.url).text


def test_the_catalog_card_shows_a_new_rating(client, make_course, commit):
    course = make_course(title="Astronomy")
    catalog = course.get_parent()
    url = catalog.url + "?sort=title"
    before = client.get(url).text
    assert 'data-testid="course-rating"' not in before
    with commit():
        CourseRating.objects.update_or_create(
            course=course, defaults={"average": 4.5, "count": 2}
        )

    after = client.get(url).text

    assert 'data-testid="course-rating"' in after
    assert '<span class="font-semibold">4.5</span>' in after


def test_the_catalog_filter_lists_a_newly_published_subject(
    client, make_course, commit
):
    course = make_course(title="Astronomy")
    catalog = course.get_parent()
    client.get(catalog.url + "?sort=title")
    subject = SubjectFactory(name="Space", slug="space")
    with commit():
        course.subject = subject
        course.save_revision().publish()

    html = client.get(catalog.url + "?sort=title").text

    assert '<option value="space">Space</option>' in html


def test_the_footer_links_a_privacy_policy_once_it_is_chosen(client, home_page, commit):
    assert "Privacy policy" not in client.get("/?v=1").text
    privacy = StandardPage(title="Privacy", slug="privacy")
    home_page.add_child(instance=privacy)
    legal = LegalPages.for_site(home_page.get_site())
    legal.privacy_policy = privacy
    with commit():
        legal.save()

    assert 'href="/privacy/"' in client.get("/?v=2").text


def test_links_follow_a_changed_site_from_kept_root_paths(make_course, rf, commit):
    lesson = lessons_of(make_course())[0]
    site = Site.objects.get(is_default_site=True)
    before = LessonPage.objects.get(pk=lesson.pk).get_full_url(rf.get("/"))
    # Kept by the process: Wagtail's copy in the shared cache is not read.
    Site.clear_site_root_paths_cache()
    assert LessonPage.objects.get(pk=lesson.pk).get_full_url(rf.get("/")) == before
    assert not cache.has_key(
        SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION
    )

    site.hostname, site.port = "learn.example", 8443
    with commit():
        site.save()

    after = LessonPage.objects.get(pk=lesson.pk).get_full_url(rf.get("/"))
    assert before.startswith("http://localhost/")
    assert after == before.replace("http://localhost", "http://learn.example:8443")


@pytest.fixture
def code_lesson(student_client) -> LessonPage:
    lesson = LessonPage.objects.get(title="Going further")
    lesson.body = [
        ("code", {"language": "python", "code": "print('stars')"}),
        ("quiz", quiz_block_value()),
    ]
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


def test_a_lessons_blocks_are_rendered_once_a_generation(
    student_client, code_lesson, monkeypatch, commit
):
    highlighted = []
    highlight = blocks.highlight
    monkeypatch.setattr(
        blocks, "highlight", lambda *args: highlighted.append(1) or highlight(*args)
    )

    student_client.get(code_lesson.url)
    html = student_client.get(code_lesson.url).text
    assert "stars" in html
    assert len(highlighted) == 1

    with commit():
        code_lesson.body = [("code", {"language": "python", "code": "print('moons')"})]
        code_lesson.save_revision().publish()
    html = student_client.get(code_lesson.url).text

    assert "moons" in html
    assert "stars" not in html


def test_a_quiz_shows_each_reader_their_own_answers(
    client, student_client, code_lesson
):
    quiz_id = code_lesson.body[1].id
    student_client.post(
        f"/learning/lessons/{code_lesson.pk}/quiz/{quiz_id}/", {"q0": ["1"]}
    )
    assert "1 of 1 right" in student_client.get(code_lesson.url).text

    other = UserFactory()
    Enrollment.objects.create(
        user=other, course=code_lesson.get_course(), source="free"
    )
    client.force_login(other)
    html = client.get(code_lesson.url).text

    assert "Quick check" in html
    assert "1 of 1 right" not in html


def test_a_preview_shows_the_draft_not_the_kept_blocks(student_client, code_lesson, rf):
    student_client.get(code_lesson.url)
    draft = LessonPage.objects.get(pk=code_lesson.pk)
    draft.body = [("code", {"language": "python", "code": "print('draft')"})]
    # Drafts keep their blocks' ids: the editor changes a block in place.
    draft.body[0].id = code_lesson.body[0].id
    request = rf.get(code_lesson.url)
    request.is_preview = True

    html = draft.body.render_as_block({"page": draft, "request": request})

    assert "draft" in html
    assert "stars" not in html


def test_the_catalog_filters_show_each_visitors_choices(client, make_course):
    catalog = make_course(title="Astronomy").get_parent()

    beginner = client.get(catalog.url + "?level=beginner").text
    advanced = client.get(catalog.url + "?level=advanced").text
    searched = client.get(catalog.url + "?level=advanced&query=comets").text
    tampered = client.get(catalog.url + "?level=expert").text

    assert '<option value="beginner" selected>' in beginner
    assert '<option value="advanced" selected>' in advanced
    assert '<option value="beginner" selected>' not in advanced
    assert 'value="comets"' in searched
    assert 'value="comets"' not in client.get(catalog.url + "?level=advanced").text
    assert "selected>" not in tampered.split('name="level"')[1].split("</select>")[0]


def test_a_filtered_catalog_page_lists_what_is_published_now(
    client, make_course, commit
):
    astronomy = make_course(title="Astronomy", level="beginner")
    make_course(title="Cosmology", level="advanced")
    catalog = astronomy.get_parent()
    beginner = catalog.url + "?level=beginner"
    assert "Astronomy" in client.get(beginner).text
    assert "Cosmology" not in client.get(beginner).text
    assert "Cosmology" in client.get(catalog.url + "?level=advanced").text

    with commit():
        make_course(title="Geology", level="beginner")
    with commit():
        astronomy.unpublish()
    html = client.get(beginner).text

    assert "Geology" in html
    assert "Astronomy" not in html


def test_my_learning_shows_courses_and_notes_as_published_now(student_client, commit):
    lesson = LessonPage.objects.get(title="Going further")
    course = lesson.get_course()
    LessonProgress.objects.create(
        user=Enrollment.objects.get(course=course).user,
        lesson=lesson,
        course=course,
        note="Look up Kepler.",
    )
    html = student_client.get("/learning/").text
    assert "Astronomy" in html
    assert "Going further" in html

    with commit():
        lesson.title = "Orbits"
        lesson.save_revision().publish()
    html = student_client.get("/learning/").text
    assert "Orbits" in html
    assert "Going further" not in html

    with commit():
        course.unpublish()
    assert "Astronomy" not in student_client.get("/learning/").text
