"""
Checking uploads by what they contain, not by what they are called.

`inspect_upload` decides an upload's kind (image, video, audio or document)
from its first bytes, and refuses anything else with a message the uploader
can act on: types not accepted, sizes over the limit for the kind, images
with too many pixels, markup that could run script (SVG, HTML), empty files
and names carrying folders or control characters.
"""

import re
import unicodedata
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

import filetype
from PIL import Image, ImageOps, UnidentifiedImageError

# Detected type → (kind, extension, the type the file is served as).
ACCEPTED_TYPES = {
    "image/jpeg": ("image", "jpg", "image/jpeg"),
    "image/png": ("image", "png", "image/png"),
    "image/apng": ("image", "png", "image/png"),
    "image/webp": ("image", "webp", "image/webp"),
    "image/gif": ("image", "gif", "image/gif"),
    "video/mp4": ("video", "mp4", "video/mp4"),
    "video/x-m4v": ("video", "mp4", "video/mp4"),
    "video/webm": ("video", "webm", "video/webm"),
    "video/quicktime": ("video", "mov", "video/quicktime"),
    "audio/mpeg": ("audio", "mp3", "audio/mpeg"),
    "audio/mp4": ("audio", "m4a", "audio/mp4"),
    "audio/ogg": ("audio", "ogg", "audio/ogg"),
    "audio/x-wav": ("audio", "wav", "audio/wav"),
    "audio/x-flac": ("audio", "flac", "audio/flac"),
    "application/pdf": ("document", "pdf", "application/pdf"),
    "application/epub+zip": ("document", "epub", "application/epub+zip"),
    "application/rtf": ("document", "rtf", "application/rtf"),
    "application/zip": ("document", "zip", "application/zip"),
    **{
        f"application/vnd.openxmlformats-officedocument.{subtype}": (
            "document",
            extension,
            f"application/vnd.openxmlformats-officedocument.{subtype}",
        )
        for subtype, extension in (
            ("wordprocessingml.document", "docx"),
            ("spreadsheetml.sheet", "xlsx"),
            ("presentationml.presentation", "pptx"),
        )
    },
    **{
        f"application/vnd.oasis.opendocument.{subtype}": (
            "document",
            extension,
            f"application/vnd.oasis.opendocument.{subtype}",
        )
        for subtype, extension in (
            ("text", "odt"),
            ("spreadsheet", "ods"),
            ("presentation", "odp"),
        )
    },
}
# Plain text has no signature: its name picks among these, nothing else.
TEXT_TYPES = {"txt": "text/plain", "csv": "text/csv", "md": "text/markdown"}
IMAGE_FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}

ACCEPTED_HELP = (
    "Upload an image (JPEG, PNG, WebP, GIF), a video (MP4, WebM, MOV), audio "
    "(MP3, M4A, OGG, WAV, FLAC) or a document (PDF, Word, Excel, PowerPoint, "
    "OpenDocument, EPUB, RTF, ZIP, plain text or CSV)."
)
NOT_ACCEPTED = f"This type of file is not accepted. {ACCEPTED_HELP}"
MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|\?xml|style"
    rb"|meta|link|form)\b",
    re.IGNORECASE,
)
SNIFF_BYTES = 64 * 1024

PREVIEW_SIZE = 1600
THUMBNAIL_SIZE = (640, 360)


@dataclass(frozen=True)
class InspectedFile:
    kind: str
    extension: str
    mime_type: str


def inspect_upload(upload: UploadedFile) -> InspectedFile:
    check_file_name(upload.name or "")
    if not upload.size:
        raise ValidationError("The file is empty.", code="empty")
    head = _read_head(upload)
    match = filetype.guess(head)
    if match is not None:
        if match.mime not in ACCEPTED_TYPES:
            raise ValidationError(
                f"Files of type {match.mime} are not accepted. {ACCEPTED_HELP}",
                code="type",
            )
        kind, extension, mime_type = ACCEPTED_TYPES[match.mime]
    else:
        kind, extension, mime_type = _inspect_text(head, upload.name)
    _check_size(upload, kind)
    if kind == "image":
        with checked_image(upload, expected_format=IMAGE_FORMATS[extension]):
            pass
    return InspectedFile(kind, extension, mime_type)


def check_file_name(name: str) -> None:
    """Names are shown to people and offered on download: keep them plain."""
    if (
        not name.strip(" .")
        or "/" in name
        or "\\" in name
        or any(unicodedata.category(char) in ("Cc", "Cf") for char in name)
    ):
        raise ValidationError(
            "The file name may not contain folders or control characters; "
            "rename the file and try again.",
            code="name",
        )
    if len(name) > 200:
        raise ValidationError(
            "The file name is too long; shorten it to 200 characters.", code="name"
        )


def _read_head(upload: UploadedFile) -> bytes:
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    return head


def _inspect_text(head: bytes, name: str) -> tuple[str, str, str]:
    """Plain text passes if it is UTF-8 without control characters or markup."""
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        if error.start < len(head) - 4:
            raise ValidationError(NOT_ACCEPTED, code="type") from None
        text = head[: error.start].decode("utf-8-sig")
    if any(char < " " and char not in "\t\n\r\f" for char in text):
        raise ValidationError(NOT_ACCEPTED, code="type")
    if MARKUP.search(head):
        raise ValidationError(
            "SVG, HTML and other markup files are not accepted: they can run "
            "scripts in a browser. Export a PNG or a PDF instead.",
            code="markup",
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else "txt"
    extension = extension if extension in TEXT_TYPES else "txt"
    return "document", extension, TEXT_TYPES[extension]


def _check_size(upload: UploadedFile, kind: str) -> None:
    limit = settings.MEDIA_LIBRARY_MAX_UPLOAD_SIZES[kind]
    if upload.size > limit:
        raise ValidationError(
            f"The file is {filesizeformat(upload.size)}; a {kind} may be at most "
            f"{filesizeformat(limit)}.",
            code="size",
        )


def checked_image(upload: UploadedFile, *, expected_format: str | None = None):
    """
    Open an uploaded image with Pillow, check its pixel count before decoding
    it, then decode it fully: truncated files and decompression bombs are
    refused before anything is stored. Use it in a `with` statement.
    """
    upload.seek(0)
    try:
        image = Image.open(upload)
        if expected_format and image.format != expected_format:
            raise ValidationError("The image is damaged.", code="image")
        width, height = image.size
        if width * height > settings.MEDIA_LIBRARY_MAX_IMAGE_PIXELS:
            raise ValidationError(
                f"The image is {width} × {height} pixels; images may have at most "
                f"{settings.MEDIA_LIBRARY_MAX_IMAGE_PIXELS:,} pixels.",
                code="pixels",
            )
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as error:
        raise ValidationError(
            "The file is not an image we can read.", code="image"
        ) from error
    finally:
        upload.seek(0)
    return image


@dataclass(frozen=True)
class ImageFiles:
    """What is stored of an uploaded image: the original, metadata removed,
    a screen-sized preview and a thumbnail for cards."""

    original: ContentFile | None
    preview: ContentFile
    thumbnail: ContentFile
    width: int
    height: int


def image_files(upload: UploadedFile, *, extension: str) -> ImageFiles:
    with checked_image(upload) as image:
        # Turned upright as the camera meant, and re-encoded without its
        # metadata (camera, GPS position). Animated GIFs stay as they are.
        upright = ImageOps.exif_transpose(image)
        original = None
        if extension != "gif":
            original = _encode(upright, IMAGE_FORMATS[extension], extension)
        preview = upright.copy()
        preview.thumbnail((PREVIEW_SIZE, PREVIEW_SIZE), Image.Resampling.LANCZOS)
        return ImageFiles(
            original=original,
            preview=_encode(preview, "WEBP", "webp"),
            thumbnail=thumbnail(upright),
            width=upright.width,
            height=upright.height,
        )


def poster_file(upload: UploadedFile) -> ContentFile:
    """A poster chosen for a video, checked as any image, as a thumbnail."""
    check_file_name(upload.name or "")
    _check_size(upload, "image")
    with checked_image(upload) as image:
        return thumbnail(ImageOps.exif_transpose(image))


def thumbnail(image: Image.Image) -> ContentFile:
    return _encode(
        ImageOps.fit(image, THUMBNAIL_SIZE, Image.Resampling.LANCZOS), "WEBP", "webp"
    )


def _encode(image: Image.Image, image_format: str, extension: str) -> ContentFile:
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode == "P":
        image = image.convert("RGBA")
    output = BytesIO()
    image.save(output, image_format, quality=88)
    return ContentFile(output.getvalue(), name=f"image.{extension}")
