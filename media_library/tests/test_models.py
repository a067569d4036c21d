"""The media review task: who reviews shared media, in the Wagtail admin."""

from pathlib import Path

from django.urls import reverse

from wagtail.models import TaskState

import pytest

from media_library.factories import MediaAssetFactory
from media_library.models import MediaAsset
from media_library.selectors import asset_state_map
from members.factories import TeacherFactory

pytestmark = pytest.mark.django_db

ADMIN_URL_NAMESPACE = "wagtailsnippets_media_library_mediaasset"


def action_url(asset: MediaAsset, action: str) -> str:
    task_state = asset.current_workflow_task_state
    return reverse(
        f"{ADMIN_URL_NAMESPACE}:workflow_action",
        args=[asset.pk, action, task_state.pk],
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

    state = asset_state_map(assets=[shared])[shared.pk]
    assert state.code == "rejected"
    assert state.comment == "Add a caption first."


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
