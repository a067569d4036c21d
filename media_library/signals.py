from django.db.models.signals import post_delete
from django.dispatch import receiver

from wagtail.signals import published, unpublished

from .models import CaptionTrack, MediaAsset
from .services import (
    caption_track_files_delete,
    media_asset_files_delete,
    media_asset_published,
    media_asset_relocate_files,
)


# Wagtail's signals rather than the site's services: approving in the admin
# publishes, and admins publish and unpublish there too.
@receiver(published, sender=MediaAsset)
def move_approved_files_to_public_storage(sender, instance, **kwargs) -> None:
    media_asset_published(asset=instance)


@receiver(unpublished, sender=MediaAsset)
def move_files_out_of_public_storage(sender, instance, **kwargs) -> None:
    # At once: a file that is no longer public must stop being reachable.
    media_asset_relocate_files(asset=instance)


@receiver(post_delete, sender=MediaAsset)
def delete_files_with_the_asset(sender, instance, **kwargs) -> None:
    # However the asset goes (the site, the admin, its owner's account).
    media_asset_files_delete(asset=instance)


@receiver(post_delete, sender=CaptionTrack)
def delete_caption_file_with_the_track(sender, instance, **kwargs) -> None:
    caption_track_files_delete(track=instance)
