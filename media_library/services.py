import logging
import uuid
from collections.abc import Collection, Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from wagtail.actions.unpublish import UnpublishAction
from wagtail.models import Workflow, WorkflowContentType

from courses.captions import validate_caption_file
from courses.models import CoursePage
from courses.selectors import course_list_of_member
from members.models import User
from members.selectors import user_has_verified_email
from members.services import workflow_get_or_create

from .access import (
    user_can_delete_asset,
    user_can_edit_asset,
    user_can_hide_asset,
    user_moderates_media,
    user_owns_asset,
)
from .models import CaptionTrack, MediaAsset, MediaReviewTask
from .storage import library_storage, move_file
from .tasks import relocate_media_asset_files
from .uploads import image_files, inspect_upload, poster_file

logger = logging.getLogger(__name__)

FOLDERS = {
    MediaAsset.Kind.IMAGE: "images",
    MediaAsset.Kind.VIDEO: "videos",
    MediaAsset.Kind.AUDIO: "audio",
    MediaAsset.Kind.DOCUMENT: "documents",
}
MEDIA_REVIEW_WORKFLOW = "Media review"
_KIND_NAMES = {
    MediaAsset.Kind.IMAGE: "an image",
    MediaAsset.Kind.VIDEO: "a video",
    MediaAsset.Kind.AUDIO: "an audio file",
    MediaAsset.Kind.DOCUMENT: "a document",
}


def media_review_workflow() -> Workflow:
    """
    The workflow media assets go through to become public: the one assigned
    to them in the admin, or "Media review" (Moderators and the asset's
    course teachers approve), set up the first time it is needed.
    """
    workflow = MediaAsset.get_default_workflow()
    if workflow is not None:
        return workflow
    workflow = workflow_get_or_create(
        name=MEDIA_REVIEW_WORKFLOW, task_model=MediaReviewTask, task_name="Media review"
    )
    workflow.active = True
    workflow.save(update_fields=["active"])
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(MediaAsset),
        defaults={"workflow": workflow},
    )
    return workflow


def media_asset_create(
    *,
    owner: User,
    upload: UploadedFile,
    title: str = "",
    description: str = "",
    tags: Iterable[str] = (),
    visibility: str = MediaAsset.Visibility.PRIVATE,
    course: CoursePage | None = None,
    poster: UploadedFile | None = None,
    kinds: Collection[str] = (),
) -> MediaAsset:
    """
    Store an upload as a new asset of `owner`'s, after checking it by its
    content (and that it is one of `kinds`, if given). Nothing is left in
    storage if any step fails. Shared publicly, it goes to review at once.
    """
    if not user_has_verified_email(user=owner):
        raise PermissionDenied("Verify your email address before uploading.")
    inspected = _for_field("file", inspect_upload, upload)
    kind = inspected.kind
    if kinds and kind not in kinds:
        wanted = " or ".join(_KIND_NAMES[each] for each in kinds)
        raise ValidationError(
            {"file": f"This is {_KIND_NAMES[kind]}: upload {wanted} here."}
        )
    images = (
        _for_field("file", image_files, upload, extension=inspected.extension)
        if kind == MediaAsset.Kind.IMAGE
        else None
    )
    poster_content = (
        _for_field("poster", poster_file, poster)
        if poster and kind == MediaAsset.Kind.VIDEO
        else None
    )
    asset = MediaAsset(
        owner=owner,
        title=title.strip() or upload.name.rsplit(".", 1)[0][:200],
        description=description,
        visibility=visibility,
        course=course,
        kind=kind,
        mime_type=inspected.mime_type,
        original_filename=upload.name,
        file_size=upload.size,
        live=False,
    )
    _check_sharing(asset=asset, user=owner)
    asset.full_clean(exclude=MediaAsset.FILE_FIELDS)

    folder = FOLDERS[kind]
    try:
        with transaction.atomic():
            if images is not None:
                original = images.original or upload
                asset.file_size = original.size
                asset.width, asset.height = images.width, images.height
                _store(asset.file, folder, inspected.extension, original)
                _store(asset.preview, "images", "webp", images.preview)
                _store(asset.thumbnail, "posters", "webp", images.thumbnail)
            else:
                _store(asset.file, folder, inspected.extension, upload)
                if poster_content is not None:
                    _store(asset.thumbnail, "posters", "webp", poster_content)
            asset.tags.set(list(tags))
            asset.save()
            asset.save_revision(user=owner, log_action="wagtail.create")
            if visibility == MediaAsset.Visibility.PUBLIC:
                _submit_for_review(asset=asset, user=owner)
    except BaseException:
        # An upload that fails half-way (storage down, a database error, the
        # request cancelled) leaves no file behind.
        _delete_files([(file.storage, file.name) for file in asset.files])
        raise
    return asset


def media_asset_update(
    *,
    asset: MediaAsset,
    user: User,
    title: str,
    description: str,
    tags: Iterable[str],
    visibility: str | None = None,
    course: CoursePage | None = None,
    transcript: str | None = None,
) -> MediaAsset:
    """
    Change an asset's details. Only its owner changes whom it is shared with
    (`visibility` and `course`); teachers and moderators correct the rest.
    Videos and recordings have a transcript, which is left as it is when
    `transcript` is None.

    While an asset is public, the public keeps seeing the approved version:
    the owner's changes go to review first, and a teacher's or moderator's
    are published at once. Leaving "public" takes it out of sight now.
    """
    if not user_can_edit_asset(user=user, asset=asset):
        raise PermissionDenied("You cannot edit this media.")
    is_owner = user_owns_asset(user=user, asset=asset)
    asset.title = title
    asset.description = description
    asset.tags.set(list(tags))
    if transcript is not None and asset.is_playable:
        asset.transcript = transcript
    if is_owner and visibility is not None:
        asset.visibility = visibility
        asset.course = course
        _check_sharing(asset=asset, user=user)
    wants_public = asset.visibility == MediaAsset.Visibility.PUBLIC

    with transaction.atomic():
        if asset.live and not wants_public:
            _unpublish(asset=asset, user=user)
        if not asset.live:
            asset.full_clean()
            asset.save()
        revision = asset.save_revision(user=user, log_action=True)
        if not is_owner and asset.live:
            revision.publish(user=user, skip_permission_checks=True)
        elif is_owner and wants_public and asset.hidden_at is None:
            _submit_for_review(asset=asset, user=user)
        elif not wants_public:
            _cancel_review(asset=asset, user=user)
    return asset


def media_asset_hide(*, asset: MediaAsset, user: User) -> None:
    """Take an asset out of everyone's sight but its owner's, teachers' and admins'."""
    if not user_can_hide_asset(user=user, asset=asset):
        raise PermissionDenied("You cannot hide this media.")
    with transaction.atomic():
        asset.hidden_at = timezone.now()
        asset.hidden_by = user
        asset.save(update_fields=["hidden_at", "hidden_by"])
        _cancel_review(asset=asset, user=user)
        if asset.live:
            _unpublish(asset=asset, user=user)


def media_asset_unhide(*, asset: MediaAsset, user: User) -> None:
    """Show a hidden asset again; one shared publicly goes back to review."""
    if not user_can_hide_asset(user=user, asset=asset):
        raise PermissionDenied("You cannot change this media.")
    with transaction.atomic():
        asset.hidden_at = None
        asset.hidden_by = None
        asset.save(update_fields=["hidden_at", "hidden_by"])
        if asset.visibility == MediaAsset.Visibility.PUBLIC:
            _submit_for_review(asset=asset, user=asset.owner)


def media_asset_delete(*, asset: MediaAsset, user: User) -> None:
    if not user_can_delete_asset(user=user, asset=asset):
        raise PermissionDenied("You cannot delete this media.")
    asset.delete()


def media_asset_review(
    *, asset: MediaAsset, user: User, approve: bool, comment: str = ""
) -> None:
    """Approve or reject an asset's review, as reviewers do in the admin."""
    task_state = asset.current_workflow_task_state
    if task_state is None:
        raise ValidationError("This media is not waiting for review.")
    task = task_state.task.specific
    action = "approve" if approve else "reject"
    if action not in {name for name, _, _ in task.get_actions(asset, user)}:
        raise PermissionDenied("You cannot review this media.")
    task.on_action(task_state, user, action, comment=comment)


def caption_track_save(
    *, asset: MediaAsset, user: User, language: str, upload: UploadedFile
) -> CaptionTrack:
    """
    Give a video or recording its captions in `language`, replacing any it
    had, after checking the WebVTT file. Those its owner adds to a public
    asset wait for a reviewer, who sees them with the asset: the public
    keeps what was approved meanwhile.
    """
    if not user_can_edit_asset(user=user, asset=asset):
        raise PermissionDenied("You cannot change this media's captions.")
    if not asset.is_playable:
        raise ValidationError("Only videos and recordings have captions.")
    _for_field("file", validate_caption_file, upload)
    track = CaptionTrack.objects.filter(asset=asset, language=language).first()
    replaced = track.file.name if track is not None else None
    if track is None:
        track = CaptionTrack(asset=asset, language=language)
    needs_review = (
        asset.is_public
        and user_owns_asset(user=user, asset=asset)
        and not user_moderates_media(user)
    )
    track.approved = not needs_review
    track.uploaded_by = user
    track.full_clean(exclude=["file"], validate_unique=False)
    try:
        with transaction.atomic():
            _store(track.file, "captions", "vtt", upload)
            track.save()
            if needs_review:
                _submit_for_review(asset=asset, user=user)
            if replaced:
                _delete_after_commit([(track.file.storage, replaced)])
    except BaseException:
        _delete_files([(track.file.storage, track.file.name)])
        raise
    return track


def caption_track_delete(*, track: CaptionTrack, user: User) -> None:
    if not user_can_edit_asset(user=user, asset=track.asset):
        raise PermissionDenied("You cannot change this media's captions.")
    track.delete()


def caption_track_files_delete(*, track: CaptionTrack) -> None:
    _delete_after_commit([(track.file.storage, track.file.name)])


def media_asset_files_delete(*, asset: MediaAsset) -> None:
    """Remove a deleted asset's files from storage, once the deletion is committed."""
    _delete_after_commit([(file.storage, file.name) for file in asset.files])


def media_asset_published(*, asset: MediaAsset) -> None:
    """
    Published: approved public files move to public storage in the background
    (large videos take a while). Published but not shared publicly (an admin
    may do that), they leave public storage at once.
    """
    if not asset.is_public:
        media_asset_relocate_files(asset=asset)
        return
    # Captions added since the last approval were reviewed with it.
    asset.captions.filter(approved=False).update(approved=True)
    asset_id = asset.pk
    transaction.on_commit(lambda: relocate_media_asset_files.enqueue(asset_id=asset_id))


def media_asset_relocate_files_later(*, asset_id: int) -> None:
    """The background half of media_asset_published, unless the asset has gone."""
    asset = MediaAsset.objects.filter(pk=asset_id).first()
    if asset is not None:
        media_asset_relocate_files(asset=asset)


def media_asset_relocate_files(*, asset: MediaAsset) -> None:
    """
    Put the asset's files in the storage that matches whether it is public
    now: approved public files at public URLs, all others behind the
    permission check. The old copies go once the change is committed.
    `asset` is brought up to date, so that saving it later keeps the move.
    """
    with transaction.atomic():
        current = MediaAsset.objects.select_for_update().filter(pk=asset.pk).first()
        if current is None or current.stored_publicly == current.is_public:
            return
        source = library_storage(public=current.stored_publicly)
        target = library_storage(public=current.is_public)
        old_names = [file.name for file in current.files]
        new_names = {
            field: move_file(getattr(current, field).name, source=source, target=target)
            for field in MediaAsset.FILE_FIELDS
            if getattr(current, field)
        }
        MediaAsset.objects.filter(pk=asset.pk).update(
            stored_publicly=current.is_public, **new_names
        )
        asset.stored_publicly = current.is_public
        for field, name in new_names.items():
            setattr(asset, field, name)
        _delete_after_commit([(source, name) for name in old_names])


def _for_field(field: str, check, *args, **kwargs):
    """Run a check of an uploaded file, naming the form field its errors are for."""
    try:
        return check(*args, **kwargs)
    except ValidationError as error:
        raise ValidationError({field: error.error_list}) from error


def _check_sharing(*, asset: MediaAsset, user: User) -> None:
    if asset.course is not None and not (
        course_list_of_member(user=user).filter(pk=asset.course.pk).exists()
    ):
        raise ValidationError({"course": "Choose a course you take or teach."})
    if asset.visibility == MediaAsset.Visibility.COURSE and asset.course is None:
        raise ValidationError({"course": "Choose the course to share it with."})


def _store(field_file, folder: str, extension: str, content: File) -> None:
    name = f"library/{folder}/{uuid.uuid4().hex}.{extension}"
    content.seek(0)
    field_file.save(name, content, save=False)


def _delete_after_commit(files: list) -> None:
    transaction.on_commit(lambda: _delete_files(files))


def _delete_files(files: list) -> None:
    for storage, name in files:
        try:
            storage.delete(name)
        except Exception:
            logger.exception("Could not delete media file %s", name)


def _submit_for_review(*, asset: MediaAsset, user: User) -> None:
    """(Re)start the review of the asset's latest revision."""
    _cancel_review(asset=asset, user=user)
    media_review_workflow().start(asset, user)


def _unpublish(*, asset: MediaAsset, user: User) -> None:
    # Who may do this was decided by the access rules, not model permissions.
    UnpublishAction(asset, user=user).execute(skip_permission_checks=True)


def _cancel_review(*, asset: MediaAsset, user: User) -> None:
    state = asset.current_workflow_state
    if state is not None:
        state.cancel(user=user)
