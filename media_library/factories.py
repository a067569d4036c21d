from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile

import factory
from PIL import Image

from members.factories import AdminFactory, UserFactory

from .models import MediaAsset
from .services import media_asset_create, media_asset_review

# The first bytes of real files of each kind: enough for detection by content.
MP4_BYTES = (
    b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    + b"\x00\x00\x00\x08free"
    + b"\x00\x00\x10\x08mdat"
    + bytes(range(256)) * 16
)
MP3_BYTES = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(2048)
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"


def image_bytes(size: tuple[int, int] = (64, 48), image_format: str = "PNG") -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, "teal").save(buffer, image_format)
    return buffer.getvalue()


def uploaded(name: str, content: bytes) -> SimpleUploadedFile:
    # The browser's claimed type plays no part: kinds come from the content.
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


class MediaAssetFactory(factory.Factory):
    """An asset uploaded through the service, with real files in storage."""

    owner = factory.SubFactory(UserFactory, email_verified=True)
    upload = factory.LazyFunction(lambda: uploaded("picture.png", image_bytes()))
    title = factory.Sequence(lambda n: f"Media {n}")
    visibility = MediaAsset.Visibility.PRIVATE

    class Meta:
        model = MediaAsset

    @classmethod
    def _create(cls, model_class, *args, **kwargs) -> MediaAsset:
        return media_asset_create(**kwargs)


def review(asset: MediaAsset, action: str = "approve", user=None, comment: str = ""):
    """Approve or reject the asset's review, by an admin unless `user` is given."""
    media_asset_review(
        asset=asset,
        user=user or AdminFactory(),
        approve=action == "approve",
        comment=comment,
    )
    asset.refresh_from_db()
    return asset
