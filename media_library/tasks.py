from django_tasks import task

from .models import MediaAsset


@task()
def relocate_media_asset_files(asset_id: int) -> None:
    """Move an asset's files after approval: large videos take a while."""
    # Imported here: services import this module's tasks.
    from .services import media_asset_relocate_files

    asset = MediaAsset.objects.filter(pk=asset_id).first()
    if asset is not None:
        media_asset_relocate_files(asset=asset)
