from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import FileSystemStorage

from wagtail.models import TaskState, WorkflowState

import pytest

from courses.factories import CoursePageFactory
from media_library.factories import (
    MP4_BYTES,
    MediaAssetFactory,
    image_bytes,
    review,
    uploaded,
)
from media_library.models import MediaAsset
from media_library.selectors import asset_list_public, asset_state_map
from media_library.services import (
    media_asset_create,
    media_asset_delete,
    media_asset_hide,
    media_asset_review,
    media_asset_unhide,
    media_asset_update,
)
from members.factories import TeacherFactory, UserFactory
from members.services import account_delete

pytestmark = pytest.mark.django_db


def stored_files() -> set[Path]:
    roots = [Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)]
    return {path for root in roots if root.exists() for path in root.rglob("*.*")}


def in_public_storage(asset: MediaAsset) -> bool:
    return all(
        (Path(settings.MEDIA_ROOT) / file.name).is_file() for file in asset.files
    )


def in_private_storage(asset: MediaAsset) -> bool:
    return all(
        (Path(settings.PRIVATE_MEDIA_ROOT) / file.name).is_file()
        for file in asset.files
    )


def update(asset, user, **changes):
    fields = {
        "title": asset.title,
        "description": asset.description,
        "tags": [tag.name for tag in asset.tags.all()],
        "visibility": asset.visibility,
        "course": asset.course,
        **changes,
    }
    return media_asset_update(asset=asset, user=user, **fields)


def test_an_upload_is_kept_privately_with_what_it_turned_out_to_be(student):
    asset = MediaAssetFactory(
        owner=student, upload=uploaded("My photo.png", image_bytes((320, 200)))
    )

    assert (asset.kind, asset.mime_type) == ("image", "image/png")
    assert asset.original_filename == "My photo.png"
    assert (asset.width, asset.height) == (320, 200)
    assert not asset.live
    assert not asset.stored_publicly
    assert in_private_storage(asset)
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.*"))
    # Stored names reveal nothing of the upload's name or owner.
    assert "photo" not in asset.file.name.lower()


def test_the_title_defaults_to_the_file_name(student):
    asset = MediaAssetFactory(
        owner=student, title="", upload=uploaded("Lab notes.pdf", b"%PDF-1.4\n")
    )

    assert asset.title == "Lab notes"


def test_members_verify_their_email_before_uploading(db):
    with pytest.raises(PermissionDenied):
        MediaAssetFactory(owner=UserFactory())

    assert not MediaAsset.objects.exists()


def test_a_refused_upload_leaves_nothing_behind(student):
    with pytest.raises(ValidationError) as caught:
        MediaAssetFactory(owner=student, upload=uploaded("x.svg", b"<svg onload=1>"))

    assert "file" in caught.value.message_dict
    assert not MediaAsset.objects.exists()
    assert not stored_files()


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (uploaded("still.png", image_bytes()), "This is an image"),
        (uploaded("notes.mp4", b"Not a film at all"), "This is a document"),
    ],
)
def test_an_upload_of_another_kind_than_asked_for_leaves_nothing_behind(
    student, upload, error
):
    with pytest.raises(ValidationError) as caught:
        media_asset_create(owner=student, upload=upload, kinds=("video", "audio"))

    assert caught.value.message_dict["file"] == [
        f"{error}: upload a video or an audio file here."
    ]
    assert not MediaAsset.objects.exists()
    assert not stored_files()


def test_an_upload_that_fails_half_way_leaves_no_file(student):
    # The original and preview are stored, then the storage fails.
    real_save = FileSystemStorage.save
    saved = []

    def failing_save(storage, name, content, max_length=None):
        if len(saved) == 2:
            raise OSError("Disk full")
        saved.append(name)
        return real_save(storage, name, content, max_length=max_length)

    with (
        mock.patch.object(FileSystemStorage, "save", failing_save),
        pytest.raises(OSError, match="Disk full"),
    ):
        MediaAssetFactory(owner=student)

    assert len(saved) == 2
    assert not MediaAsset.objects.exists()
    assert not stored_files()


def test_a_bad_poster_is_refused_before_the_video_is_stored(student):
    with pytest.raises(ValidationError) as caught:
        media_asset_create(
            owner=student,
            upload=uploaded("clip.mp4", MP4_BYTES),
            poster=uploaded("poster.png", b"not an image at all"),
        )

    assert list(caught.value.message_dict) == ["poster"]
    assert not stored_files()


def test_a_video_poster_becomes_its_thumbnail(student):
    asset = media_asset_create(
        owner=student,
        upload=uploaded("clip.mp4", MP4_BYTES),
        poster=uploaded("poster.jpg", image_bytes((1280, 720), "JPEG")),
    )

    assert asset.kind == "video"
    assert asset.thumbnail.name.endswith(".webp")
    assert not asset.preview


def test_sharing_with_a_course_needs_a_course_of_ones_own(student, course):
    with pytest.raises(ValidationError) as caught:
        MediaAssetFactory(owner=student, visibility=MediaAsset.Visibility.COURSE)
    assert "course" in caught.value.message_dict

    stranger_course = CoursePageFactory(
        parent=course.get_parent(), owner=TeacherFactory()
    )
    with pytest.raises(ValidationError):
        MediaAssetFactory(
            owner=student,
            visibility=MediaAsset.Visibility.COURSE,
            course=stranger_course,
        )

    shared = MediaAssetFactory(
        owner=student, visibility=MediaAsset.Visibility.COURSE, course=course
    )
    assert shared.course == course


def test_sharing_publicly_starts_the_review(student):
    asset = MediaAssetFactory(owner=student, visibility=MediaAsset.Visibility.PUBLIC)

    assert asset.workflow_in_progress
    assert asset.current_workflow_state.workflow.name == "Media review"
    assert not asset.live
    assert not asset_list_public().exists()


def test_approval_makes_it_public_and_moves_its_files(
    student, django_capture_on_commit_callbacks
):
    asset = MediaAssetFactory(owner=student, visibility=MediaAsset.Visibility.PUBLIC)
    private_names = {file.name for file in asset.files}

    with django_capture_on_commit_callbacks(execute=True):
        review(asset)

    asset.refresh_from_db()
    assert asset.is_public
    assert asset.stored_publicly
    assert in_public_storage(asset)
    assert not any(
        (Path(settings.PRIVATE_MEDIA_ROOT) / name).exists() for name in private_names
    )
    assert list(asset_list_public()) == [asset]


def test_a_rejection_keeps_it_private_with_the_reviewers_comment(student):
    asset = MediaAssetFactory(owner=student, visibility=MediaAsset.Visibility.PUBLIC)

    review(asset, "reject", comment="Please crop out the faces.")

    state = asset_state_map(assets=[asset])[asset.pk]
    assert (state.code, state.comment) == ("rejected", "Please crop out the faces.")
    assert not asset.live
    assert in_private_storage(asset)


def test_resubmitting_after_a_rejection_starts_a_new_review(student):
    asset = MediaAssetFactory(owner=student, visibility=MediaAsset.Visibility.PUBLIC)
    review(asset, "reject", comment="Blurry.")

    update(asset, student, title="Sharper")

    assert asset.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert asset_state_map(assets=[asset])[asset.pk].code == "in_review"


def public_asset(owner, django_capture_on_commit_callbacks, **fields):
    asset = MediaAssetFactory(
        owner=owner, visibility=MediaAsset.Visibility.PUBLIC, **fields
    )
    with django_capture_on_commit_callbacks(execute=True):
        review(asset)
    return MediaAsset.objects.get(pk=asset.pk)


def test_owners_changes_to_public_media_wait_for_review(
    student, django_capture_on_commit_callbacks
):
    asset = public_asset(student, django_capture_on_commit_callbacks, title="Sunset")

    update(asset, student, title="Sunset, with a rude word")

    asset.refresh_from_db()
    assert asset.title == "Sunset"  # what the public sees
    assert asset.get_latest_revision_as_object().title == "Sunset, with a rude word"
    assert asset.workflow_in_progress
    with django_capture_on_commit_callbacks(execute=True):
        review(asset)
    assert MediaAsset.objects.get(pk=asset.pk).title == "Sunset, with a rude word"


def test_a_teachers_correction_shows_at_once(
    student, teacher, django_capture_on_commit_callbacks
):
    asset = public_asset(student, django_capture_on_commit_callbacks, title="Sunset")

    with django_capture_on_commit_callbacks(execute=True):
        update(asset, teacher, title="Sunset over the lake", visibility="private")

    asset.refresh_from_db()
    assert asset.title == "Sunset over the lake"
    # Whom it is shared with stays the owner's choice.
    assert asset.is_public
    assert in_public_storage(asset)


def test_making_public_media_private_takes_it_out_of_sight_at_once(
    student, django_capture_on_commit_callbacks
):
    asset = public_asset(student, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        update(asset, student, visibility=MediaAsset.Visibility.PRIVATE)

    asset.refresh_from_db()
    assert not asset.live
    assert not asset.stored_publicly
    assert in_private_storage(asset)
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.*"))
    assert not asset_list_public().exists()


def test_leaving_public_while_in_review_cancels_the_review(student):
    asset = MediaAssetFactory(owner=student, visibility=MediaAsset.Visibility.PUBLIC)

    update(asset, student, visibility=MediaAsset.Visibility.PRIVATE)

    assert not asset.workflow_in_progress
    assert not TaskState.objects.reviewable_by(UserFactory(role="admin")).exists()


def test_a_teacher_hides_and_shows_a_students_media(
    student, teacher, django_capture_on_commit_callbacks
):
    asset = public_asset(student, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        media_asset_hide(asset=asset, user=teacher)

    asset.refresh_from_db()
    assert asset.hidden_by == teacher
    assert not asset.live
    assert in_private_storage(asset)
    assert not asset_list_public().exists()

    media_asset_unhide(asset=asset, user=teacher)

    assert asset.hidden_at is None
    # Back to review before the public sees it again.
    assert asset.workflow_in_progress


def test_owners_cannot_unhide_their_own_media(student, teacher):
    asset = MediaAssetFactory(owner=student)
    media_asset_hide(asset=asset, user=teacher)

    with pytest.raises(PermissionDenied):
        media_asset_unhide(asset=asset, user=student)
    with pytest.raises(PermissionDenied):
        media_asset_hide(asset=asset, user=student)


def test_another_teacher_cannot_edit_or_hide(student):
    asset = MediaAssetFactory(owner=student)
    stranger = TeacherFactory()

    with pytest.raises(PermissionDenied):
        update(asset, stranger, title="Mine now")
    with pytest.raises(PermissionDenied):
        media_asset_hide(asset=asset, user=stranger)
    assert MediaAsset.objects.get(pk=asset.pk).title == asset.title


def test_deleting_removes_the_files_from_storage(
    student, django_capture_on_commit_callbacks
):
    asset = MediaAssetFactory(owner=student)
    assert len(stored_files()) == 3

    with django_capture_on_commit_callbacks(execute=True):
        media_asset_delete(asset=asset, user=student)

    assert not MediaAsset.objects.exists()
    assert not stored_files()


def test_only_the_owner_and_moderators_delete(student, teacher):
    asset = MediaAssetFactory(owner=student)

    with pytest.raises(PermissionDenied):
        media_asset_delete(asset=asset, user=teacher)
    assert MediaAsset.objects.filter(pk=asset.pk).exists()


def test_a_deleted_account_takes_its_media_and_files_along(
    student, django_capture_on_commit_callbacks
):
    public_asset(student, django_capture_on_commit_callbacks)
    MediaAssetFactory(owner=student)

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=student)

    assert not MediaAsset.objects.exists()
    assert not stored_files()


def test_only_reviewers_review(student):
    asset = MediaAssetFactory(owner=student, visibility=MediaAsset.Visibility.PUBLIC)

    with pytest.raises(PermissionDenied):
        media_asset_review(asset=asset, user=TeacherFactory(), approve=True)
    with pytest.raises(PermissionDenied):
        media_asset_review(asset=asset, user=student, approve=True)
    assert not MediaAsset.objects.get(pk=asset.pk).live


def test_media_not_in_review_cannot_be_approved(student, teacher):
    asset = MediaAssetFactory(owner=student)

    with pytest.raises(ValidationError):
        media_asset_review(asset=asset, user=teacher, approve=True)
    assert not MediaAsset.objects.get(pk=asset.pk).live
