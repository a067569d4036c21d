from django import template

from media_library.models import MediaAsset
from media_library.selectors import asset_file_url

register = template.Library()


@register.simple_tag
def asset_url(asset: MediaAsset, rendition: str = "file") -> str:
    """Where the browser gets a file of the asset (see `asset_file_url`)."""
    return asset_file_url(asset=asset, rendition=rendition)
