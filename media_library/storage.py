"""
Where media library files live.

Two storages, chosen in ``STORAGES``: ``media_library`` holds the files of
approved public assets, at public URLs; ``media_library_private`` holds the
rest, which are only ever delivered after a permission check. Locally the
private storage is a folder outside ``MEDIA_ROOT`` that no URL maps to; on
Cloudinary it is the "authenticated" delivery type, reached through signed
URLs that expire.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.deconstruct import deconstructible


def library_storage(*, public: bool) -> Storage:
    return storages["media_library" if public else "media_library_private"]


def move_file(name: str, *, source: Storage, target: Storage) -> str:
    """Put the file `name` of `source` into `target`; returns its name there."""
    if hasattr(target, "take_over") and hasattr(source, "delivery_type"):
        # Both on Cloudinary: the file changes its delivery type in place.
        return target.take_over(name, source)
    with source.open(name) as content:
        return target.save(name, content)


@deconstructible
class PrivateFileSystemStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, which no URL serves."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return str(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; deliver them through a view.")


def is_local(storage: Storage) -> bool:
    """Whether the storage keeps files on this machine (so a view can stream them)."""
    try:
        storage.path("")
    except NotImplementedError:
        return False
    return True
