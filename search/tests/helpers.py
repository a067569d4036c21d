"""Plain helpers for the search tests: publishing, people, media."""

from django.contrib.auth.models import Group

from wagtail.models import Page

from media_library.factories import MediaAssetFactory, review
from media_library.models import MediaAsset
from members.factories import UserFactory


def publish(page: Page) -> Page:
    """Publish the page's latest state as the editor does: through a revision."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def paragraph(text: str) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>")]


def moderator():
    """A member of the Moderators group without superuser rights."""
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def public_asset(owner, django_capture_on_commit_callbacks, **fields) -> MediaAsset:
    """An asset shared publicly and approved."""
    asset = MediaAssetFactory(
        owner=owner, visibility=MediaAsset.Visibility.PUBLIC, **fields
    )
    with django_capture_on_commit_callbacks(execute=True):
        review(asset)
    return MediaAsset.objects.get(pk=asset.pk)
