"""
Media library storages on Cloudinary (with CLOUDINARY_URL set).

File names carry the resource type Cloudinary needs
(``library/<folder>/<random>.<ext>``), so one storage serves images, videos
and raw files alike. The SDK speaks HTTP through urllib3.

This module is only imported when Cloudinary is configured:
django-cloudinary-storage refuses to load without credentials.
"""

import posixpath
import time

from django.conf import settings
from django.utils.deconstruct import deconstructible

import cloudinary.uploader
import cloudinary.utils
from cloudinary.exceptions import NotFound
from cloudinary_storage.storage import MediaCloudinaryStorage

# Folder of a file's name → Cloudinary's resource type. Audio is "video" there.
RESOURCE_TYPES = {
    "images": "image",
    "posters": "image",
    "videos": "video",
    "audio": "video",
    "documents": "raw",
}


def resource_type(name: str) -> str:
    parts = name.split("/")
    folder = parts[-2] if len(parts) > 1 else ""
    return RESOURCE_TYPES.get(folder, "raw")


@deconstructible
class CloudinaryLibraryStorage(MediaCloudinaryStorage):
    """Cloudinary's public "upload" type, with the resource type read off the name."""

    delivery_type = "upload"

    def _get_resource_type(self, name):
        return resource_type(name)

    def _upload(self, name, content):
        # The name is already unique: keep it as the public id, so that a
        # file keeps its name when it moves between delivery types.
        kind = self._get_resource_type(name)
        public_id = name.rsplit(".", 1)[0] if kind != "raw" else name
        return cloudinary.uploader.upload(
            content,
            public_id=public_id,
            resource_type=kind,
            type=self.delivery_type,
            tags=self.TAG,
            overwrite=False,
        )

    def delete(self, name):
        response = cloudinary.uploader.destroy(
            name,
            type=self.delivery_type,
            resource_type=self._get_resource_type(name),
            invalidate=True,
        )
        return response["result"] == "ok"

    def take_over(self, name: str, source: "CloudinaryLibraryStorage") -> str:
        """Change the delivery type of a file in place: nothing is uploaded again."""
        try:
            response = cloudinary.uploader.rename(
                name,
                name,
                type=source.delivery_type,
                to_type=self.delivery_type,
                resource_type=self._get_resource_type(name),
                invalidate=True,
            )
        except NotFound:
            # A move cut short earlier (renames cannot be rolled back) left
            # it where it is going already.
            return name
        return response["public_id"]


@deconstructible
class AuthenticatedCloudinaryStorage(CloudinaryLibraryStorage):
    """
    Cloudinary's "authenticated" type: no public URL reaches these files;
    each delivery is a signed download URL that expires after
    MEDIA_LIBRARY_SIGNED_URL_SECONDS.
    """

    delivery_type = "authenticated"

    def _get_url(self, name):
        # Reading the file (to move it) goes through a signed link too.
        return cloudinary.utils.private_download_url(
            name,
            "",
            resource_type=self._get_resource_type(name),
            type=self.delivery_type,
            expires_at=int(time.time()) + settings.MEDIA_LIBRARY_SIGNED_URL_SECONDS,
        )


@deconstructible
class AuthenticatedRawCloudinaryStorage(AuthenticatedCloudinaryStorage):
    """
    Private Wagtail images and documents: raw files, as the public ones are
    in cloudinary_storage's RawMediaCloudinaryStorage, of the authenticated
    type.
    """

    def _get_resource_type(self, name):
        return "raw"

    def _upload(self, name, content):
        # Named as RawMediaCloudinaryStorage names them: Cloudinary makes
        # each name unique.
        return cloudinary.uploader.upload(
            content,
            use_filename=True,
            unique_filename=True,
            folder=posixpath.dirname(name),
            resource_type="raw",
            type=self.delivery_type,
            tags=self.TAG,
        )
