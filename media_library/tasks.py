from django_tasks import task


@task()
def relocate_media_asset_files(asset_id: int) -> None:
    """Move an asset's files after approval: large videos take a while."""
    # Imported here: services import this module's tasks.
    from .services import media_asset_relocate_files_later

    media_asset_relocate_files_later(asset_id=asset_id)
