"""
Sending a media file to someone who may have it.

Files on this machine are streamed with HTTP range support, so that video
and audio players can seek; files elsewhere (Cloudinary) are a redirect to
the storage's URL, which for private files is signed and expires.

Behind the front proxy (FILES_X_ACCEL_REDIRECT, see site/nginx), the view
only checks and names the file: nginx sends its bytes, ranges included, from
an internal location for each folder, so a long video holds no Python worker.
"""

import os
import re
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models.fields.files import FieldFile
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

from .storage import is_local

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK_SIZE = 64 * 1024
# The proxy's internal locations (site/nginx/lectern.conf.template) for the
# folders files live in.
ACCEL_LOCATIONS = {
    "PRIVATE_MEDIA_ROOT": "/_files/private/",
    "MEDIA_ROOT": "/_files/public/",
}


def file_response(
    request: HttpRequest,
    file: FieldFile,
    *,
    content_type: str,
    filename: str,
    as_attachment: bool,
    public: bool,
) -> HttpResponse:
    storage = file.storage
    if not is_local(storage):
        response = HttpResponseRedirect(storage.url(file.name))
    else:
        response = _local_file_response(request, storage.path(file.name), content_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment, filename
        )
        # Whatever a file holds, it runs nothing in the site's origin.
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if public:
        patch_cache_control(response, public=True, max_age=3600)
    else:
        # Who may have the file was checked for this request only; signed
        # links expire.
        patch_cache_control(response, private=True, max_age=300)
    return response


def refuse_file(request: HttpRequest) -> HttpResponse:
    """Someone may not have the file: a visitor is asked to sign in first."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _local_file_response(
    request: HttpRequest, path: str, content_type: str
) -> HttpResponse:
    if settings.FILES_X_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = _accel_uri(path)
        return response
    size = os.path.getsize(path)
    requested = _requested_range(request.headers.get("Range", ""), size)
    if requested is None:
        response = FileResponse(open(path, "rb"), content_type=content_type)  # noqa: SIM115 (FileResponse closes it)
    elif requested == ():
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        start, end = requested
        response = StreamingHttpResponse(
            _read(path, start, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Length"] = str(end - start + 1)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response


def _accel_uri(path: str) -> str:
    """The proxy's internal URI for a file under one of the media folders."""
    file = Path(path).resolve()
    for setting, location in ACCEL_LOCATIONS.items():
        root = Path(getattr(settings, setting)).resolve()
        if file.is_relative_to(root):
            return location + quote(file.relative_to(root).as_posix())
    raise ValueError(f"{path} is in no folder the proxy serves.")


def _requested_range(header: str, size: int) -> tuple[int, int] | tuple[()] | None:
    """
    The one byte range asked for, as (first, last); () if it cannot be
    satisfied; None to send the whole file (no header, or several ranges,
    which players do not ask for).
    """
    match = RANGE.match(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        # The last N bytes.
        length = int(last)
        return (max(size - length, 0), size - 1) if length and size else ()
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return ()
    return start, end


def _read(path: str, start: int, length: int):
    with open(path, "rb") as file:
        file.seek(start)
        while length > 0:
            chunk = file.read(min(CHUNK_SIZE, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk
