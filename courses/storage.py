"""
Where files live when not everyone may have them.

Wagtail's images and documents use the default storage, a `GatedFileStorage`
that keeps each file in one of two storages according to its name:

- documents, always in the private storage: they are only ever delivered
  by Wagtail's document view, which asks the course rule first;
- images whose file name starts with `GATED_PREFIX` (images used in a
  lesson not everyone may read, and their renditions, whose names Wagtail
  derives from the original's), in the private storage too, at a URL that
  asks the course rule (or, on Cloudinary, a signed one that expires);
- everything else (other images, avatars...) in the public storage, served
  as plain files.

Locally the private storage is a folder outside ``MEDIA_ROOT`` that no URL
maps to; on Cloudinary it is the "authenticated" delivery type.
"""

import posixpath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

GATED_PREFIX = "gated-"
PRIVATE_FOLDER = "documents"


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


def is_private_name(name: str) -> bool:
    # Cloudinary's storages put a folder of their own first (media/...).
    *folders, base = name.split("/")
    return PRIVATE_FOLDER in folders or base.startswith(GATED_PREFIX)


def gated_name(name: str, *, gated: bool) -> str:
    """`name` with or without the prefix that keeps a file private."""
    folder, base = posixpath.split(name)
    base = base.removeprefix(GATED_PREFIX)
    return posixpath.join(folder, GATED_PREFIX + base if gated else base)


@deconstructible
class GatedFileStorage(Storage):
    """
    The public or the private storage (aliases in ``STORAGES``), chosen by
    each file's name: see the module's docstring.
    """

    def __init__(self, public: str = "public_files", private: str = "private_files"):
        self.public_alias = public
        self.private_alias = private

    @cached_property
    def public(self) -> Storage:
        return storages[self.public_alias]

    @cached_property
    def private(self) -> Storage:
        return storages[self.private_alias]

    def storage_for(self, name: str) -> Storage:
        return self.private if is_private_name(name) else self.public

    def _open(self, name, mode="rb"):
        return self.storage_for(name).open(name, mode)

    def _save(self, name, content):
        return self.storage_for(name).save(name, content)

    def get_valid_name(self, name):
        return self.public.get_valid_name(name)

    def get_available_name(self, name, max_length=None):
        return self.storage_for(name).get_available_name(name, max_length=max_length)

    def delete(self, name):
        self.storage_for(name).delete(name)

    def exists(self, name):
        return self.storage_for(name).exists(name)

    def listdir(self, path):
        return self.public.listdir(path)

    def size(self, name):
        return self.storage_for(name).size(name)

    def path(self, name):
        return self.storage_for(name).path(name)

    def get_modified_time(self, name):
        return self.storage_for(name).get_modified_time(name)

    def url(self, name):
        storage = self.storage_for(name)
        if storage is self.public:
            return storage.url(name)
        if is_local(storage):
            # Streamed by a view that asks the course rule first.
            return reverse("courses:gated_file", kwargs={"name": name})
        # Cloudinary's authenticated type: a signed link that expires.
        return storage.url(name)
