"""
Where media library files live.

Two storages, chosen in ``STORAGES``: ``media_library`` holds the files of
approved public assets, at public URLs; ``media_library_private`` holds the
rest, which are only ever delivered after a permission check. Locally the
private storage is a folder outside ``MEDIA_ROOT`` that no URL maps to; on
Cloudinary it is the "authenticated" delivery type, reached through signed
URLs that expire.
"""

from django.core.files.storage import Storage, storages


def library_storage(*, public: bool) -> Storage:
    return storages["media_library" if public else "media_library_private"]


def move_file(name: str, *, source: Storage, target: Storage) -> str:
    """Put the file `name` of `source` into `target`; returns its name there."""
    if hasattr(target, "take_over") and hasattr(source, "delivery_type"):
        # Both on Cloudinary: the file changes its delivery type in place.
        return target.take_over(name, source)
    with source.open(name) as content:
        return target.save(name, content)
