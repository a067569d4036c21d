"""
Which lessons use which files, and where those files are kept.

Lessons record the objects their bodies use (`LessonFile`) as they are
saved, live content and latest draft alike, so the course rule is right
the moment a lesson is saved: a file newly placed in a paid lesson never
counts as "in no lesson" while a worker has yet to run.

An image that a lesson not everyone may read uses is kept private (see
`courses.storage`): its file moves to the private storage under a gated
name, and its renditions are made again there when next asked for. It
moves back when no such lesson uses it any more. Documents are always
private and never move.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, Q
from django.db.models.fields.files import FieldFile

from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, Revision

from .access import file_is_gated
from .models import LessonFile, LessonPage
from .storage import gated_name, is_private_name


def _references(page: Page) -> set[tuple[int, str]]:
    # Wagtail's own extraction, so that the record holds just what its
    # reference index would: blocks, rich text links and foreign keys.
    return {
        (content_type_id, str(object_id))
        for content_type_id, object_id, *_ in (
            ReferenceIndex._extract_references_from_object(page)
        )
    }


def lesson_files_record(*, lesson: LessonPage) -> None:
    """Record what the lesson uses, then keep those files (and the ones it
    no longer uses) where their readers can reach them."""
    # The stored row holds the live content: Wagtail saves a draft of a
    # live page on an instance holding the draft, but writes only a few of
    # its columns. Drafts, and revisions scheduled to go live, count too.
    stored = LessonPage.objects.get(pk=lesson.pk)
    used = _references(stored)
    for revision in Revision.objects.for_instance(stored).filter(
        Q(pk=stored.latest_revision_id) | Q(approved_go_live_at__isnull=False)
    ):
        used |= _references(revision.as_object())
    recorded = set(
        LessonFile.objects.filter(lesson=lesson).values_list(
            "content_type_id", "object_id"
        )
    )
    with transaction.atomic():
        for content_type_id, object_id in recorded - used:
            LessonFile.objects.filter(
                lesson=lesson, content_type_id=content_type_id, object_id=object_id
            ).delete()
        LessonFile.objects.bulk_create(
            LessonFile(lesson=lesson, content_type_id=ct_id, object_id=object_id)
            for ct_id, object_id in used - recorded
        )
        _images_relocate(recorded | used)


def lesson_files_relocate(*, page: Page) -> None:
    """A course, module or lesson changed who may read it (published,
    unpublished, moved, its access level): its lessons' files follow."""
    lessons = LessonPage.objects.descendant_of(page, inclusive=True)
    _images_relocate(
        set(
            LessonFile.objects.filter(lesson__in=lessons).values_list(
                "content_type_id", "object_id"
            )
        )
    )


def lesson_files_forget(*, lesson: LessonPage) -> None:
    """The lesson is being deleted: the images it uses may go public again
    once it is gone."""
    image_ids = list(
        LessonFile.objects.filter(
            lesson=lesson, content_type=_image_content_type()
        ).values_list("object_id", flat=True)
    )
    transaction.on_commit(
        lambda: _images_relocate({(_image_content_type().pk, pk) for pk in image_ids})
    )


def image_relocate(*, image) -> None:
    """Keep the image's file private or public, as the lessons using it say."""
    gated = file_is_gated(image)
    name = image.file.name
    if is_private_name(name) == gated:
        return
    storage = image.file.storage
    with storage.open(name) as content:
        image.file.name = storage.save(
            gated_name(name, gated=gated),
            content,
            # A name taken already gets a suffix: cut to fit the column.
            max_length=image.file.field.max_length,
        )
    image.save(update_fields=["file"])
    # Renditions are made again, in the right place, when next asked for.
    image.renditions.all().delete()
    # The old file goes only once the new name is committed.
    transaction.on_commit(lambda: storage.delete(name))


def gated_image_find(*, name: str) -> tuple[Model, FieldFile] | None:
    """The image that the private file `name` belongs to, and the file itself
    (the original, or one of its renditions). Documents have one way out:
    Wagtail's view, which also asks their collection's privacy."""
    if not is_private_name(name):
        return None
    Image = get_image_model()
    image = Image.objects.filter(file=name).first()
    if image is not None:
        return image, image.file
    rendition = (
        Image.get_rendition_model()
        .objects.select_related("image")
        .filter(file=name)
        .first()
    )
    if rendition is not None:
        return rendition.image, rendition.file
    return None


def _image_content_type() -> ContentType:
    return ContentType.objects.get_for_model(get_image_model())


def _images_relocate(references: set[tuple[int, str]]) -> None:
    image_type = _image_content_type()
    image_ids = [pk for type_id, pk in references if type_id == image_type.pk]
    for image in get_image_model().objects.filter(pk__in=image_ids):
        image_relocate(image=image)
