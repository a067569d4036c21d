"""Managing media in the Wagtail admin, through its own views, and the data export."""

from django.urls import reverse

import pytest

from media_library.factories import MP4_BYTES, MediaAssetFactory, uploaded
from media_library.models import MediaAsset
from members.selectors import account_data_export

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


def test_the_data_export_lists_ones_media(student):
    MediaAssetFactory(owner=student, title="Homework scan")

    exported = account_data_export(user=student)

    assert [item["title"] for item in exported["media"]] == ["Homework scan"]


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
