from django import template
from django.urls import reverse

from media_library.models import MediaAsset

register = template.Library()


@register.simple_tag
def asset_url(asset: MediaAsset, rendition: str = "file") -> str:
    """
    Where the browser gets a file of the asset: straight from public storage
    once approved, through the permission-checked view otherwise.
    """
    file = getattr(asset, rendition)
    if not file:
        return ""
    if asset.stored_publicly and asset.is_public:
        return file.url
    return reverse("media_library:file", args=[asset.pk, rendition])
