from dataclasses import dataclass

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.urls import reverse

from wagtail.models import TaskState, WorkflowState

from courses.models import CoursePage
from courses.searching import search_or_autocomplete
from courses.selectors import student_list_of_teacher
from members.models import User

from .models import CaptionTrack, MediaAsset


def asset_list_public(
    *,
    kind: str = "",
    subject: str = "",
    course: int | None = None,
    uploader: str = "",
    tag: str = "",
    query: str = "",
):
    """
    The dashboard: approved public media, newest first, filtered by kind,
    subject or course, uploader (name or id) and tag, and searched.
    """
    assets = MediaAsset.objects.public().select_related("owner")
    if kind:
        assets = assets.filter(kind=kind)
    if subject:
        assets = assets.filter(
            course__in=list(
                CoursePage.objects.filter(subject__slug=subject).values_list(
                    "pk", flat=True
                )
            )
        )
    if course:
        assets = assets.filter(course=course)
    if uploader:
        assets = assets.filter(owner__in=_uploaders_matching(uploader))
    if tag:
        # By id: search backends filter only on indexed fields.
        assets = assets.filter(
            pk__in=list(
                MediaAsset.objects.filter(tags__slug=tag).values_list("pk", flat=True)
            )
        )
    if query:
        return search_or_autocomplete(assets, query)
    return assets.order_by("-created_at", "-pk")


def _uploaders_matching(uploader: str) -> list[int]:
    uploader = uploader.strip()
    if uploader.isdigit():
        # Looked up: a number too large for an id matches nobody.
        return list(User.objects.filter(pk=int(uploader)).values_list("pk", flat=True))
    users = User.objects.filter(is_active=True)
    for word in uploader.split():
        users = users.filter(
            Q(display_name__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
        )
    return list(users.values_list("pk", flat=True)[:200])


def asset_latest_version(*, asset: MediaAsset) -> MediaAsset:
    """
    The version of an asset that people edit: for a public one, its latest
    revision, which may be waiting for review, rather than the approved
    version the public sees.
    """
    return asset.get_latest_revision_as_object() if asset.live else asset


def asset_file_url(*, asset: MediaAsset, rendition: str = "file") -> str:
    """
    Where a file of the asset (`rendition`: "file", "preview" or "thumbnail")
    is fetched: straight from public storage once approved; otherwise through
    the view that asks the media rule first, and then streams it or, on
    Cloudinary, redirects to a signed link that expires. "" if the asset has
    no such file.
    """
    file = getattr(asset, rendition)
    if not file:
        return ""
    if asset.stored_publicly and asset.is_public:
        return file.url
    return reverse("media_library:file", args=[asset.pk, rendition])


def caption_track_list_shown(
    *, asset: MediaAsset, can_edit: bool
) -> list[CaptionTrack]:
    """
    The caption tracks played with an asset: those approved, and for those
    who may edit it, those waiting for review too.
    """
    tracks = asset.captions.all()
    return list(tracks if can_edit else tracks.approved())


def asset_list_owned_by(*, user: User) -> QuerySet[MediaAsset]:
    return MediaAsset.objects.filter(owner=user).select_related("course", "owner")


def asset_list_of_students(*, teacher: User) -> QuerySet[MediaAsset]:
    """Everything the students in `teacher`'s care uploaded, hidden or not."""
    return MediaAsset.objects.filter(
        owner__in=student_list_of_teacher(teacher=teacher)
    ).select_related("course", "owner")


def asset_data_export(*, user: User) -> dict:
    """The member's media, for the export of their account's data."""
    return {
        "media": [
            {
                "title": asset.title,
                "description": asset.description,
                "kind": asset.kind,
                "file_name": asset.original_filename,
                "visibility": asset.visibility,
                "public": asset.is_public,
                "transcript": asset.transcript,
                "captions": [track.language for track in asset.captions.all()],
                "url": asset.get_absolute_url(),
                "uploaded_at": asset.created_at.isoformat(),
            }
            for asset in MediaAsset.objects.filter(owner=user).prefetch_related(
                "captions"
            )
        ]
    }


@dataclass(frozen=True)
class AssetState:
    """Where an asset stands, as its owner sees it."""

    code: str
    label: str
    comment: str = ""


def asset_state_map(*, assets: list[MediaAsset]) -> dict[int, AssetState]:
    """The state of each asset, from one query for their latest reviews."""
    reviews: dict[int, WorkflowState] = {}
    if assets:
        for review in (
            WorkflowState.objects.filter(
                base_content_type=MediaAsset.get_base_content_type(),
                object_id__in=[str(asset.pk) for asset in assets],
            )
            .exclude(status=WorkflowState.STATUS_CANCELLED)
            .select_related("current_task_state")
            .order_by("created_at")
        ):
            reviews[int(review.object_id)] = review
    return {
        asset.pk: asset_state(asset=asset, review=reviews.get(asset.pk))
        for asset in assets
    }


def asset_state(*, asset: MediaAsset, review: WorkflowState | None) -> AssetState:
    status = review.status if review else None
    if asset.hidden_at is not None:
        return AssetState("hidden", "Hidden by a teacher")
    if status == WorkflowState.STATUS_IN_PROGRESS:
        if asset.live:
            return AssetState("public", "Public; your changes are in review")
        return AssetState("in_review", "In review")
    if asset.is_public:
        return AssetState("public", "Public")
    if asset.visibility == MediaAsset.Visibility.PUBLIC:
        if status == WorkflowState.STATUS_NEEDS_CHANGES:
            task_state = review.current_task_state
            return AssetState(
                "rejected", "Not approved", task_state.comment if task_state else ""
            )
        return AssetState("not_submitted", "Not public: save it to send it for review")
    if asset.visibility == MediaAsset.Visibility.COURSE and asset.course:
        return AssetState("course", f"Shared with {asset.course.title}")
    return AssetState("private", "Private")


def asset_list_usable_in_lessons(*, user: User) -> QuerySet[MediaAsset]:
    """Video and audio a teacher may put in a lesson: their own, or public."""
    return (
        MediaAsset.objects.filter(
            kind__in=MediaAsset.PLAYABLE_KINDS,
            hidden_at__isnull=True,
        )
        .filter(Q(owner=user) | Q(pk__in=MediaAsset.objects.public().values("pk")))
        .order_by("-created_at")
    )


def asset_task_state_list_taught_by(
    *, task_states: QuerySet[TaskState], teacher: User
) -> QuerySet[TaskState]:
    """
    Of `task_states`, those of media in the courses `teacher` teaches: their
    students' shared media, never their own.
    """
    # Workflow states name their object by a string id.
    taught_asset_ids = (
        MediaAsset.objects.filter(course__in=CoursePage.objects.taught_by(teacher))
        .exclude(owner=teacher)
        .annotate(object_id=Cast("pk", CharField()))
        .values("object_id")
    )
    return task_states.filter(
        workflow_state__base_content_type=MediaAsset.get_base_content_type(),
        workflow_state__object_id__in=taught_asset_ids,
    )
