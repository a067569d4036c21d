"""Reviewing and managing media in the Wagtail admin, through its own views."""

from pathlib import Path

from django.urls import reverse

from wagtail.models import TaskState

import pytest

from media_library.factories import (
    MP4_BYTES,
    MediaAssetFactory,
    image_bytes,
    review,
    uploaded,
)
from media_library.models import MediaAsset
from media_library.selectors import asset_states
from members.deletion import account_data_export
from members.factories import TeacherFactory

pytestmark = pytest.mark.django_db

ADMIN_URL_NAMESPACE = "wagtailsnippets_media_library_mediaasset"
CHOOSER = "wagtailsnippetchoosers_media_library_mediaasset"


def snippet_chooser_urls(asset: MediaAsset) -> list[str]:
    """Every view of the snippet chooser that lists or looks up assets."""
    return [
        reverse(f"{CHOOSER}:choose"),
        reverse(f"{CHOOSER}:choose_results"),
        reverse(f"{CHOOSER}:chosen", args=[asset.pk]),
        f"{reverse(f'{CHOOSER}:chosen_multiple')}?id={asset.pk}",
    ]


def action_url(asset: MediaAsset, action: str) -> str:
    task_state = asset.current_workflow_task_state
    return reverse(
        f"{ADMIN_URL_NAMESPACE}:workflow_action",
        args=[asset.pk, action, task_state.pk],
    )


@pytest.fixture
def shared(student, course):
    return MediaAssetFactory(
        owner=student, visibility="public", course=course, title="Volcano model"
    )


def test_the_course_teacher_is_asked_to_review_in_the_admin(client, teacher, shared):
    client.force_login(teacher)

    dashboard = client.get(reverse("wagtailadmin_home"))

    assert b"Volcano model" in dashboard.content


def test_the_course_teacher_approves_and_it_goes_public(
    client, teacher, shared, settings, django_capture_on_commit_callbacks
):
    client.force_login(teacher)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action_url(shared, "approve"), {"comment": ""})

    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.is_public
    assert (Path(settings.MEDIA_ROOT) / shared.file.name).is_file()


def test_the_course_teacher_previews_what_they_review(client, teacher, shared):
    client.force_login(teacher)
    task_state = shared.current_workflow_task_state

    response = client.get(
        reverse(
            f"{ADMIN_URL_NAMESPACE}:workflow_preview",
            args=[shared.pk, task_state.task_id],
        )
    )

    assert response.status_code == 200
    assert b'data-testid="asset-image"' in response.content


def test_another_teacher_cannot_review(client, shared):
    stranger = TeacherFactory()
    client.force_login(stranger)

    dashboard = client.get(reverse("wagtailadmin_home"))
    response = client.post(action_url(shared, "approve"), {"comment": ""})

    assert b"Volcano model" not in dashboard.content
    # The admin turns a refusal into a redirect home, with a message.
    assert response["Location"] == reverse("wagtailadmin_home")
    shared.refresh_from_db()
    assert not shared.live


def test_a_moderator_rejects_with_a_comment_the_owner_reads(client, admin, shared):
    client.force_login(admin)

    client.post(action_url(shared, "reject"), {"comment": "Add a caption first."})

    state = asset_states(assets=[shared])[shared.pk]
    assert state.code == "rejected"
    assert state.comment == "Add a caption first."


def test_admins_find_media_by_kind_visibility_and_uploader(client, admin, student):
    MediaAssetFactory(owner=student, title="A picture")
    MediaAssetFactory(
        owner=student, title="A film", upload=uploaded("f.mp4", MP4_BYTES)
    )
    MediaAssetFactory(title="Someone else's picture")
    client.force_login(admin)
    index = reverse(f"{ADMIN_URL_NAMESPACE}:list")

    def titles(**query):
        response = client.get(index, query)
        assert response.status_code == 200
        return sorted(asset.title for asset in response.context["object_list"])

    assert titles(kind="video") == ["A film"]
    assert titles(visibility="private", q=student.email) == ["A film", "A picture"]
    assert titles(live="true") == []


def test_nobody_adds_media_in_the_admin(client, admin):
    client.force_login(admin)

    response = client.get(reverse(f"{ADMIN_URL_NAMESPACE}:add"))

    assert response.status_code in (302, 403)
    assert not MediaAsset.objects.exists()


def test_teachers_have_no_media_listing_in_the_admin(client, teacher):
    client.force_login(teacher)

    response = client.get(reverse(f"{ADMIN_URL_NAMESPACE}:list"))

    assert response.status_code in (302, 403)


def test_unpublishing_in_the_admin_takes_files_out_of_public_storage(
    client, admin, shared, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review(shared)
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(f"{ADMIN_URL_NAMESPACE}:unpublish", args=[shared.pk]))

    shared.refresh_from_db()
    assert not shared.live
    assert not (Path(settings.MEDIA_ROOT) / shared.file.name).exists()
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / shared.file.name).is_file()


def test_the_lesson_chooser_offers_a_teachers_own_and_public_media(
    client, teacher, student, django_capture_on_commit_callbacks
):
    own = MediaAssetFactory(
        owner=teacher, title="My lecture", upload=uploaded("l.mp4", MP4_BYTES)
    )
    public = MediaAssetFactory(
        owner=student,
        visibility="public",
        title="Public film",
        upload=uploaded("p.mp4", MP4_BYTES),
    )
    with django_capture_on_commit_callbacks(execute=True):
        review(public)
    MediaAssetFactory(
        owner=student, title="Private film", upload=uploaded("s.mp4", MP4_BYTES)
    )
    MediaAssetFactory(
        owner=teacher, title="My picture", upload=uploaded("i.png", image_bytes())
    )
    client.force_login(teacher)

    response = client.get(reverse("media_library_playable_chooser:choose"))

    assert response.status_code == 200
    offered = {asset.title for asset in response.context["results"]}
    assert offered == {own.title, public.title}


def test_the_data_export_lists_ones_media(student):
    MediaAssetFactory(owner=student, title="Homework scan")

    exported = account_data_export(user=student)

    assert [item["title"] for item in exported["media"]] == ["Homework scan"]


def test_teachers_do_not_approve_their_own_media(client, teacher, course):
    own = MediaAssetFactory(
        owner=teacher, visibility="public", course=course, title="My own poster"
    )
    client.force_login(teacher)

    response = client.post(action_url(own, "approve"), {"comment": ""})

    # Not in "Awaiting your review" (only in "Your work in a workflow").
    assert not TaskState.objects.reviewable_by(teacher).exists()
    assert response["Location"] == reverse("wagtailadmin_home")
    own.refresh_from_db()
    assert not own.live


def test_publishing_as_private_in_the_admin_takes_files_out_of_public_storage_at_once(
    client, admin, shared, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review(shared)
    shared.refresh_from_db()
    assert shared.stored_publicly
    client.force_login(admin)

    client.post(
        reverse(f"{ADMIN_URL_NAMESPACE}:edit", args=[shared.pk]),
        {
            "title": shared.title,
            "description": "",
            "tags": "",
            "visibility": "private",
            "course": "",
            "action-publish": "action-publish",
        },
    )

    shared.refresh_from_db()
    assert shared.live
    assert shared.visibility == "private"
    assert not shared.stored_publicly
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / shared.file.name).is_file()


def test_the_lesson_chooser_looks_up_no_private_media_of_others(
    client, teacher, student
):
    private = MediaAssetFactory(
        owner=student, title="Diary video", upload=uploaded("d.mp4", MP4_BYTES)
    )
    own = MediaAssetFactory(
        owner=teacher, title="My lecture", upload=uploaded("l.mp4", MP4_BYTES)
    )
    client.force_login(teacher)

    refused = client.get(
        reverse("media_library_playable_chooser:chosen", args=[private.pk])
    )
    chosen = client.get(reverse("media_library_playable_chooser:chosen", args=[own.pk]))

    assert refused.status_code == 404
    assert b"Diary video" not in refused.content
    assert chosen.status_code == 200
    assert b"My lecture" in chosen.content


@pytest.mark.parametrize("whose", ["teacher", "other_teacher"])
def test_teachers_list_no_media_in_the_snippet_chooser(client, people, whose):
    """Not even their students' files, which they see on the site: not here."""
    private = MediaAssetFactory(owner=people["owner"], title="Diary video")
    client.force_login(people[whose])

    for url in snippet_chooser_urls(private):
        response = client.get(url)

        assert response.status_code in (302, 403), url
        assert b"Diary video" not in response.content


def test_moderators_choose_any_media_in_the_snippet_chooser(client, people):
    private = MediaAssetFactory(owner=people["owner"], title="Diary video")
    client.force_login(people["moderator"])

    for url in snippet_chooser_urls(private):
        response = client.get(url)

        assert response.status_code == 200, url
        assert b"Diary video" in response.content
