from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def avatar_from_upload(upload: UploadedFile) -> ContentFile:
    """
    Check an uploaded avatar by its content and return it re-encoded as a
    square image. Re-encoding drops metadata (camera, GPS position) and
    anything hidden in the file besides the picture.
    """
    if upload.size == 0:
        raise ValidationError("The file is empty.")
    if upload.size > settings.AVATAR_MAX_UPLOAD_SIZE:
        raise ValidationError(
            f"The image is {filesizeformat(upload.size)}; avatars may be at most "
            f"{filesizeformat(settings.AVATAR_MAX_UPLOAD_SIZE)}."
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError("Upload a JPEG, PNG, WebP or GIF image.")
            if image.width * image.height > settings.AVATAR_MAX_PIXELS:
                raise ValidationError("The image has too many pixels for an avatar.")
            image.load()
            image = ImageOps.exif_transpose(image)
            has_alpha = (
                image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            )
            image = image.convert("RGBA" if has_alpha else "RGB")
            size = settings.AVATAR_SIZE
            image = ImageOps.fit(image, (size, size), Image.Resampling.LANCZOS)
            output = BytesIO()
            if has_alpha:
                image.save(output, "PNG", optimize=True)
                extension = "png"
            else:
                image.save(output, "JPEG", quality=88, optimize=True)
                extension = "jpg"
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as error:
        raise ValidationError("The file is not an image we can read.") from error
    return ContentFile(output.getvalue(), name=f"avatar.{extension}")
