"""Files follow publishing and unpublishing, wherever it happens (here, the admin)."""

from pathlib import Path

from django.urls import reverse

import pytest

from media_library.factories import review

pytestmark = pytest.mark.django_db

ADMIN_URL_NAMESPACE = "wagtailsnippets_media_library_mediaasset"


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
