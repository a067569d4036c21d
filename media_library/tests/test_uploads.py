"""Uploads are judged by their content: what they are, how big, how many pixels."""

import zlib
from io import BytesIO

from django.core.exceptions import ValidationError

import pytest
from PIL import Image

from media_library.factories import (
    MP3_BYTES,
    MP4_BYTES,
    PDF_BYTES,
    image_bytes,
    uploaded,
)
from media_library.uploads import check_file_name, image_files, inspect_upload


@pytest.mark.parametrize(
    ("name", "content", "kind", "mime_type"),
    [
        ("photo.png", image_bytes(), "image", "image/png"),
        ("photo.jpg", image_bytes(image_format="JPEG"), "image", "image/jpeg"),
        ("photo.webp", image_bytes(image_format="WEBP"), "image", "image/webp"),
        ("clip.mp4", MP4_BYTES, "video", "video/mp4"),
        ("song.mp3", MP3_BYTES, "audio", "audio/mpeg"),
        ("notes.pdf", PDF_BYTES, "document", "application/pdf"),
        (
            "notes.txt",
            "Ça va? Notes in plain text.\n".encode(),
            "document",
            "text/plain",
        ),
        ("marks.csv", b"name,mark\nAda,19\n", "document", "text/csv"),
    ],
)
def test_kind_comes_from_the_content(name, content, kind, mime_type):
    inspected = inspect_upload(uploaded(name, content))

    assert (inspected.kind, inspected.mime_type) == (kind, mime_type)


def test_a_misleading_name_does_not_change_the_kind():
    inspected = inspect_upload(uploaded("holiday.mp4", image_bytes()))

    assert inspected.kind == "image"
    assert inspected.extension == "png"


def refusal(name: str, content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        inspect_upload(uploaded(name, content))
    return caught.value


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00" + bytes(512)),
        ("archive.tar.gz", b"\x1f\x8b\x08\x00" + bytes(512)),
        ("binary.bin", bytes(range(256)) * 4),
    ],
)
def test_types_not_accepted_are_refused(name, content):
    assert refusal(name, content).code == "type"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (
            "drawing.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        ),
        ("page.html", b"<!DOCTYPE html><html><body>Hi</body></html>"),
        ("photo.png", b"\n  <html><script>document.cookie</script></html>"),
        ("data.xml", b'<?xml version="1.0"?><svg onload="alert(1)"/>'),
    ],
)
def test_markup_that_could_run_script_is_refused(name, content):
    error = refusal(name, content)

    assert error.code == "markup"
    assert "SVG" in error.messages[0]


def test_empty_files_are_refused():
    assert refusal("empty.png", b"").messages == ["The file is empty."]


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "folder\\photo.png", "photo\x00.png", "bell\x07.txt"],
)
def test_names_with_folders_or_control_characters_are_refused(name):
    with pytest.raises(ValidationError) as caught:
        check_file_name(name)

    assert caught.value.code == "name"


def test_names_that_hide_their_extension_are_refused():
    # A right-to-left override shows "photo_gnp.exe" as "photo_exe.png".
    with pytest.raises(ValidationError):
        check_file_name("photo_\u202egnp.exe")


def test_files_over_the_limit_for_their_kind_are_refused(settings):
    settings.MEDIA_LIBRARY_MAX_UPLOAD_SIZES = {
        **settings.MEDIA_LIBRARY_MAX_UPLOAD_SIZES,
        "video": 1000,
    }

    error = refusal("clip.mp4", MP4_BYTES)

    assert error.code == "size"
    assert "a video may be at most 1000" in error.messages[0]
    # The same size is fine for a kind with a larger limit.
    assert inspect_upload(uploaded("song.mp3", MP3_BYTES)).kind == "audio"


def test_images_with_too_many_pixels_are_refused(settings):
    settings.MEDIA_LIBRARY_MAX_IMAGE_PIXELS = 100 * 100

    error = refusal("big.png", image_bytes(size=(101, 100)))

    assert error.code == "pixels"
    assert "101 × 100" in error.messages[0]


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a canvas of width × height."""
    buffer = BytesIO()
    Image.new("1", (1, 1)).save(buffer, "PNG")
    png = bytearray(buffer.getvalue())
    header = b"IHDR" + width.to_bytes(4, "big") + height.to_bytes(4, "big") + png[24:29]
    png[12:29] = header
    png[29:33] = zlib.crc32(header).to_bytes(4, "big")
    return bytes(png)


def test_decompression_bombs_are_refused_before_decoding():
    # 64 million pixels from a file of a few bytes: over the limit of 50 million.
    error = refusal("bomb.png", png_claiming(8000, 8000))

    assert error.code == "pixels"
    assert "8000 × 8000" in error.messages[0]


def test_pillow_refuses_the_largest_bombs_itself():
    assert refusal("bomb.png", png_claiming(100_000, 100_000)).code == "image"


def test_truncated_images_are_refused():
    content = image_bytes(size=(200, 200), image_format="JPEG")

    assert refusal("cut.jpg", content[: len(content) // 2]).code == "image"


def test_uploaded_images_lose_their_metadata():
    buffer = BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {2: (1.0, 17.0, 0.0)}  # GPS latitude
    exif[0x010F] = "PhoneMaker"
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG", exif=exif)

    files = image_files(uploaded("me.jpg", buffer.getvalue()), extension="jpg")

    with Image.open(files.original) as original:
        assert not original.getexif()
        assert original.size == (40, 30)
    assert (files.width, files.height) == (40, 30)


def test_images_get_a_screen_preview_and_a_card_thumbnail():
    files = image_files(
        uploaded("wide.png", image_bytes((3200, 1000))), extension="png"
    )

    with Image.open(files.preview) as preview:
        assert preview.size == (1600, 500)
        assert preview.format == "WEBP"
    with Image.open(files.thumbnail) as thumbnail:
        assert thumbnail.size == (640, 360)
