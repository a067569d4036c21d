"""
What search finds follows what is published, as editors and moderators
change it: publishing, unpublishing, moving, editing, deleting lessons and
courses; approving, hiding and deleting media. Drafts are never found.
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from wagtail.models import PageViewRestriction
from wagtail.search.models import IndexEntry

import pytest

from courses.factories import LessonPageFactory, ModulePageFactory
from courses.models import CoursePage, Enrollment, LessonPage, LessonSearchText
from courses.services import lesson_search_texts_sync
from courses.viewer import Viewer
from media_library.factories import MediaAssetFactory, review
from media_library.models import MediaAsset
from media_library.services import media_asset_delete, media_asset_hide
from members.factories import AdminFactory, UserFactory
from search.selectors import search_results

from .helpers import paragraph, publish

pytestmark = pytest.mark.django_db

ANYONE = Viewer(AnonymousUser())


def lessons_found(word: str, viewer: Viewer = ANYONE) -> list[str]:
    return [
        text.lesson.title
        for text in search_results(viewer=viewer, query=word, result_type="lesson")
    ]


def media_found(word: str, viewer: Viewer = ANYONE) -> list[str]:
    return [
        asset.title
        for asset in search_results(viewer=viewer, query=word, result_type="media")
    ]


def index_entries(model) -> int:
    return IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model)
    ).count()


def lesson_of(course: CoursePage) -> LessonPage:
    return LessonPage.objects.descendant_of(course).get()


@pytest.fixture
def course(make_course):
    """An open course whose one lesson speaks of walruses."""
    return make_course(
        title="Seas",
        lessons=[{"title": "Cold seas", "body": paragraph("Walruses bask.")}],
    )


def test_publishing_a_lesson_makes_it_findable(course):
    module = course.get_children().get()
    lesson = LessonPageFactory(
        parent=module, live=False, title="Warm seas", body=paragraph("Dolphins leap.")
    )
    assert lessons_found("dolphins") == []

    publish(lesson)

    assert lessons_found("dolphins") == ["Warm seas"]


@pytest.mark.parametrize("unpublished", ["lesson", "module", "course"])
def test_unpublishing_the_lesson_or_what_holds_it_hides_it(course, unpublished):
    lesson = lesson_of(course)
    page = {"lesson": lesson, "module": lesson.get_parent(), "course": course}
    admin = Viewer(AdminFactory())
    assert lessons_found("walruses", admin) == ["Cold seas"]

    page[unpublished].specific.unpublish()

    assert lessons_found("walruses", admin) == []
    assert lessons_found("cold", admin) == []
    assert not LessonSearchText.objects.exists()


def test_publishing_the_course_again_brings_its_lessons_back(course):
    course.unpublish()

    publish(course)

    assert lessons_found("walruses") == ["Cold seas"]


def test_a_draft_is_not_found_until_it_is_published(course):
    lesson = lesson_of(course)
    lesson.body = paragraph("Narwhals dive.")
    lesson.title = "Arctic seas"

    revision = lesson.save_revision()

    assert lessons_found("narwhals") == []
    assert lessons_found("arctic") == []
    assert lessons_found("walruses") == ["Cold seas"]

    revision.publish()

    assert lessons_found("narwhals") == ["Arctic seas"]
    assert lessons_found("walruses") == []
    assert lessons_found("cold") == []


def test_a_lesson_moved_to_another_course_is_found_by_its_new_readers(make_course):
    paid = CoursePage.AccessLevel.PURCHASE
    old = make_course(
        access_level=paid,
        lessons=[{"title": "Tides", "body": paragraph("Moonpull explained.")}],
    )
    new = make_course(access_level=paid, lessons=[])
    old_reader, new_reader = UserFactory(), UserFactory()
    Enrollment.objects.create(user=old_reader, course=old, source="purchase")
    Enrollment.objects.create(user=new_reader, course=new, source="purchase")
    assert lessons_found("moonpull", Viewer(old_reader)) == ["Tides"]

    lesson_of(old).move(new.get_children().get(), pos="last-child")

    assert lessons_found("moonpull", Viewer(new_reader)) == ["Tides"]
    assert lessons_found("moonpull", Viewer(old_reader)) == []
    assert set(LessonSearchText.objects.values_list("course", flat=True)) == {new.pk}


def test_a_lesson_moved_into_an_unpublished_module_is_hidden(course):
    hidden = ModulePageFactory(parent=course, live=False)

    lesson_of(course).move(hidden, pos="last-child")

    assert lessons_found("walruses") == []


def test_deleting_a_course_takes_its_lessons_out_of_search(course, make_course):
    make_course(lessons=[{"title": "Rivers", "body": paragraph("Otters swim.")}])
    assert index_entries(LessonSearchText) == 4

    course.delete()

    assert lessons_found("walruses") == []
    assert set(LessonSearchText.objects.values_list("title", flat=True)) == {"Rivers"}
    assert index_entries(LessonSearchText) == 2


def test_republishing_a_course_for_sale_locks_its_bodies(course):
    course.access_level = CoursePage.AccessLevel.PURCHASE
    course.price, course.currency = 10, "USD"

    publish(course)

    assert lessons_found("walruses") == []
    assert lessons_found("cold") == ["Cold seas"]


def test_a_lesson_made_a_free_preview_shows_its_body(make_course):
    course = make_course(
        access_level=CoursePage.AccessLevel.PURCHASE,
        lessons=[{"title": "Taster", "body": paragraph("Seahorses drift.")}],
    )
    lesson = lesson_of(course)
    assert lessons_found("seahorses") == []

    lesson.free_preview = True
    publish(lesson)

    assert lessons_found("seahorses") == ["Taster"]


@pytest.fixture
def uploader(db):
    return UserFactory(email_verified=True)


@pytest.fixture
def pending(uploader):
    """Media shared publicly, waiting for review."""
    return MediaAssetFactory(owner=uploader, visibility="public", title="Puffins")


def test_approving_public_media_makes_it_findable(
    pending, django_capture_on_commit_callbacks
):
    assert media_found("puffins") == []

    with django_capture_on_commit_callbacks(execute=True):
        review(pending)

    assert media_found("puffins") == ["Puffins"]


def test_rejected_media_stays_out_of_search(pending):
    review(pending, "reject")

    assert media_found("puffins") == []


def test_hiding_media_takes_it_out_of_search(
    pending, django_capture_on_commit_callbacks
):
    admin = AdminFactory()
    with django_capture_on_commit_callbacks(execute=True):
        review(pending, user=admin)
        media_asset_hide(asset=pending, user=admin)

    assert media_found("puffins") == []


def test_deleting_media_takes_it_out_of_search(
    pending, uploader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review(pending)
    assert index_entries(MediaAsset) == 1

    with django_capture_on_commit_callbacks(execute=True):
        media_asset_delete(asset=MediaAsset.objects.get(), user=uploader)

    assert media_found("puffins") == []
    assert index_entries(MediaAsset) == 0


def test_a_course_deleted_before_its_sync_runs_leaves_nothing_behind(course):
    page_id = course.pk
    course.delete()

    lesson_search_texts_sync(page_id=page_id)

    assert not LessonSearchText.objects.exists()


def test_a_privacy_setting_hides_the_lessons_below_it_at_once(course):
    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    assert lessons_found("walruses") == []

    restriction.delete()

    assert lessons_found("walruses") == ["Cold seas"]


def test_an_alias_of_a_course_adds_no_second_copy_of_its_lessons(course):
    course.create_alias(recursive=True, update_slug="seas-again")
    lesson_search_texts_sync(page_id=course.get_parent().pk)

    assert lessons_found("walruses") == ["Cold seas"]


def test_a_quiz_explanation_is_not_searchable(make_course):
    make_course(
        lessons=[
            {
                "title": "Capitals",
                "body": [
                    (
                        "quiz",
                        {
                            "title": "Capitals",
                            "questions": [
                                {
                                    "prompt": "Which is the capital of France?",
                                    "choices": [
                                        {"text": "Paris", "correct": True},
                                        {"text": "Lyon", "correct": False},
                                    ],
                                    "explanation": "Zanzibarian reasons.",
                                }
                            ],
                        },
                    )
                ],
            }
        ]
    )

    assert lessons_found("capital") == ["Capitals"]
    assert lessons_found("zanzibarian") == []


def test_lessons_published_before_search_came_are_found_after_the_command(
    course, capsys
):
    LessonSearchText.objects.all().delete()
    assert lessons_found("walruses") == []

    call_command("sync_lesson_search_texts")

    assert lessons_found("walruses") == ["Cold seas"]
    assert "1 published lesson(s) are searchable." in capsys.readouterr().out
