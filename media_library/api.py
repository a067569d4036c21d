"""
The REST API's media operations (mounted in portal/api.py at /media): the
public media, members' own, and uploads, with the same services, checks and
access rules as the media library's pages.

Every asset links to its files (`file_url`, `preview_url`, `thumbnail_url`)
as the pages do: approved public files at their public URLs, all others at
the view that asks the media rule before it streams the file or redirects to
a signed link that expires. That view takes the API's access token too, so
an API client fetches a private file with the same header as everything else.
"""

from datetime import datetime
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import StringConstraints

from courses.api import CourseRef
from courses.captions import CAPTION_LANGUAGES
from courses.models import CoursePage
from courses.viewer import viewer_from_api_request
from members.api_base import (
    Id,
    MemberRef,
    PagePagination,
    api_url,
    optional_token_auth,
    responses,
    site_url,
)

from .access import asset_is_visible_to, user_can_edit_asset, user_owns_asset
from .models import CaptionTrack, MediaAsset
from .selectors import (
    AssetState,
    asset_file_url,
    asset_latest_version,
    asset_list_owned_by,
    asset_list_public,
    asset_state_map,
)
from .services import (
    caption_track_delete,
    caption_track_save,
    media_asset_create,
    media_asset_delete,
    media_asset_hide,
    media_asset_unhide,
    media_asset_update,
)

router = Router(tags=["media"])


def text(*, max_length: int, min_length: int = 0) -> Any:
    """
    Text within the limits of the site's forms (media_library/forms.py):
    trimmed, and without NUL characters, which the forms refuse too (and
    PostgreSQL cannot store).
    """
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True,
            min_length=min_length,
            max_length=max_length,
            pattern=r"^[^\x00]*$",
        ),
    ]


Title = text(max_length=200)
RequiredTitle = text(min_length=1, max_length=200)
Description = text(max_length=2000)
Transcript = text(max_length=100_000)
# As long as a tag's name may be.
Tag = text(min_length=1, max_length=100)
SearchText = text(max_length=100)
UploaderText = text(max_length=80)
SLUG = r"^[-a-zA-Z0-9_]*$"

COURSE_HELP = (
    "The id of a course you take or teach: required to share with a course "
    "(visibility `course`)."
)
TAGS_HELP = "Words that help others find it."


# Representations


class AssetRef(Schema):
    """An asset as others link to it (a post's attachments)."""

    id: int
    url: str
    html_url: str
    title: str
    kind: MediaAsset.Kind

    @staticmethod
    def resolve_url(asset: MediaAsset, context) -> str:
        return api_url(context["request"], "media_detail", asset.pk)

    @staticmethod
    def resolve_html_url(asset: MediaAsset, context) -> str:
        return site_url(context["request"], asset.get_absolute_url())


class CaptionTrackOut(Schema):
    language: str = Field(description="Its language code: en, fr, sw...")
    label: str
    url: str = Field(
        description="The WebVTT file, for whoever may see the asset "
        "(send your access token)."
    )

    @staticmethod
    def resolve_url(track: CaptionTrack, context) -> str:
        return site_url(context["request"], track.url)


class AssetStateOut(Schema):
    code: str = Field(
        description="private, course, not_submitted, in_review, rejected, "
        "public or hidden."
    )
    label: str
    comment: str = Field(description="The reviewer's, when not approved.")


class AssetOut(AssetRef):
    description: str
    visibility: MediaAsset.Visibility
    is_public: bool = Field(description="Shared publicly, approved and not hidden.")
    tags: list[str]
    course: CourseRef | None
    owner: MemberRef
    original_filename: str
    mime_type: str
    file_size: int
    width: int | None
    height: int | None
    file_url: str = Field(
        description="The file: public once approved; otherwise it asks the media "
        "rule first (send your access token) and may redirect to a signed link "
        "that expires."
    )
    preview_url: str | None = Field(description="Images: screen-sized.")
    thumbnail_url: str | None = Field(description="Images, and videos given a poster.")
    transcript: str = Field(description="Videos and recordings: what is said.")
    captions: list[CaptionTrackOut] = Field(
        description="Videos and recordings: their caption tracks, approved."
    )
    state: AssetStateOut | None = Field(
        None,
        description="Where it stands, for those who may edit it: in your own "
        "list and on the assets you may edit; null elsewhere.",
    )
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_tags(asset: MediaAsset) -> list[str]:
        return [tag.name for tag in asset.tags.all()]

    @staticmethod
    def resolve_file_url(asset: MediaAsset, context) -> str:
        return _file_link(context["request"], asset, "file")

    @staticmethod
    def resolve_preview_url(asset: MediaAsset, context) -> str | None:
        return _file_link(context["request"], asset, "preview")

    @staticmethod
    def resolve_thumbnail_url(asset: MediaAsset, context) -> str | None:
        return _file_link(context["request"], asset, "thumbnail")

    @staticmethod
    def resolve_captions(asset: MediaAsset) -> list[CaptionTrack]:
        return [track for track in asset.captions.all() if track.approved]

    @staticmethod
    def resolve_state(asset: MediaAsset) -> AssetState | None:
        return getattr(asset, "owner_state", None)


def _file_link(request: HttpRequest, asset: MediaAsset, rendition: str) -> str | None:
    return site_url(request, asset_file_url(asset=asset, rendition=rendition))


# Lists


class AssetPagination(PagePagination):
    """A page of assets, with their owners, courses and tags fetched for the
    whole page at once (search results cannot prefetch)."""

    def prepare_page(self, rows: list[MediaAsset], request: HttpRequest) -> None:
        prefetch_related_objects(rows, "owner", "course", "tags", "captions")


class OwnAssetPagination(AssetPagination):
    """A page of the owner's assets, each with where it stands."""

    def prepare_page(self, rows: list[MediaAsset], request: HttpRequest) -> None:
        super().prepare_page(rows, request)
        states = asset_state_map(assets=rows)
        for asset in rows:
            asset.owner_state = states[asset.pk]


class PublicFilters(Schema):
    """The filters of the public media page."""

    q: SearchText = Field("", description="Words to search for.")
    kind: MediaAsset.Kind | None = None
    subject: str = Field(
        "", max_length=80, pattern=SLUG, description="A subject's slug."
    )
    course: Id | None = Field(None, description="A course's id.")
    uploader: UploaderText = Field("", description="A name, or a member's id.")
    tag: str = Field("", max_length=100, pattern=SLUG)


@router.get(
    "",
    response=responses({200: list[AssetOut]}),
    auth=optional_token_auth,
    url_name="media_list",
)
@paginate(AssetPagination)
def media_list(request: HttpRequest, filters: Query[PublicFilters]):
    """Public media (shared publicly and approved), newest first, or the
    best matches first when searched."""
    return asset_list_public(
        kind=filters.kind or "",
        subject=filters.subject,
        course=filters.course,
        uploader=filters.uploader,
        tag=filters.tag,
        query=filters.q,
    )


@router.get("/mine", response=responses({200: list[AssetOut]}), url_name="media_mine")
@paginate(OwnAssetPagination)
def media_mine(request: HttpRequest):
    """Your media, newest first, each with where it stands."""
    return asset_list_owned_by(user=request.user)


# One asset


def _visible_asset(request: HttpRequest, asset_id: int) -> MediaAsset:
    """The asset, if the one asking may see it; as if it did not exist otherwise."""
    asset = get_object_or_404(
        MediaAsset.objects.select_related("owner", "course"), pk=asset_id
    )
    if not asset_is_visible_to(viewer=viewer_from_api_request(request), asset=asset):
        raise Http404
    return asset


def _asset_shown(request: HttpRequest, asset: MediaAsset) -> MediaAsset:
    """The asset as its page shows it: with its state for who may edit it."""
    if user_can_edit_asset(user=request.user, asset=asset):
        asset.owner_state = asset_state_map(assets=[asset])[asset.pk]
    return asset


def _course_chosen(course_id: int | None) -> CoursePage | None:
    """The course to share with, by its id; the service checks it may be."""
    if course_id is None:
        return None
    course = CoursePage.objects.filter(pk=course_id).first()
    if course is None:
        raise ValidationError({"course": "There is no course with this id."})
    return course


@router.get(
    "/{asset_id}",
    response=responses({200: AssetOut}),
    auth=optional_token_auth,
    url_name="media_detail",
)
def media_detail(request: HttpRequest, asset_id: Id):
    """One asset, for those who may see it, as its page shows it."""
    return _asset_shown(request, _visible_asset(request, asset_id))


class AssetUploadIn(Schema):
    title: Title = Field("", description="Defaults to the file's name.")
    description: Description = ""
    tags: list[Tag] = Field(default_factory=list, description=TAGS_HELP)
    visibility: MediaAsset.Visibility = Field(
        MediaAsset.Visibility.PRIVATE,
        description="Public media is shown once a reviewer approves it.",
    )
    course: Id | None = Field(None, description=COURSE_HELP)


@router.post("", response=responses({201: AssetOut}), url_name="media_list")
def media_upload(
    request: HttpRequest,
    details: Form[AssetUploadIn],
    file: File[UploadedFile],
    poster: File[UploadedFile | None] = None,
):
    """
    Upload a file (multipart), checked by its content as on the site: an
    image (JPEG, PNG, WebP, GIF), a video (MP4, WebM, MOV), audio (MP3, M4A,
    OGG, WAV, FLAC) or a document (PDF, office files, EPUB, RTF, ZIP, plain
    text, CSV), within the size limit of its kind. `poster`: an image shown
    before a video plays. A refused file is answered with 400 and nothing is
    kept. Your email address must be verified.
    """
    asset = media_asset_create(
        owner=request.user,
        upload=file,
        title=details.title,
        description=details.description,
        tags=details.tags,
        visibility=details.visibility,
        course=_course_chosen(details.course),
        poster=poster,
    )
    return Status(201, _asset_shown(request, asset))


class AssetUpdateIn(Schema):
    """Only the fields sent change. Whom it is shared with is its owner's choice."""

    title: RequiredTitle = None
    description: Description = None
    tags: list[Tag] = Field(None, description=TAGS_HELP)
    visibility: MediaAsset.Visibility = Field(
        None,
        description="Owner only. Back to public, it goes to review again; "
        "while public, the owner's changes are reviewed before they show.",
    )
    course: Id | None = Field(None, description=f"Owner only. {COURSE_HELP}")
    transcript: Transcript = Field(None, description="Videos and recordings only.")


@router.patch(
    "/{asset_id}", response=responses({200: AssetOut}), url_name="media_detail"
)
def media_update(request: HttpRequest, asset_id: Id, payload: AssetUpdateIn):
    """Change an asset's details: its owner, the owner's teachers and moderators."""
    asset = asset_latest_version(asset=_visible_asset(request, asset_id))
    changes = payload.dict(exclude_unset=True)
    is_owner = user_owns_asset(user=request.user, asset=asset)
    if not is_owner and {"visibility", "course"} & changes.keys():
        raise PermissionDenied("Only its owner chooses whom it is shared with.")
    media_asset_update(
        asset=asset,
        user=request.user,
        title=changes.get("title", asset.title),
        description=changes.get("description", asset.description),
        tags=changes.get("tags", [tag.name for tag in asset.tags.all()]),
        visibility=changes.get("visibility", asset.visibility) if is_owner else None,
        course=_course_chosen(changes["course"])
        if "course" in changes
        else asset.course,
        transcript=changes.get("transcript"),
    )
    return _asset_shown(request, _visible_asset(request, asset_id))


@router.delete("/{asset_id}", response=responses({204: None}), url_name="media_detail")
def media_delete(request: HttpRequest, asset_id: Id):
    """Delete an asset and its files: its owner and moderators."""
    media_asset_delete(asset=_visible_asset(request, asset_id), user=request.user)
    return Status(204, None)


@router.post(
    "/{asset_id}/hide", response=responses({200: AssetOut}), url_name="media_hide"
)
def media_hide(request: HttpRequest, asset_id: Id):
    """Take a member's asset out of everyone's sight but its owner's, their
    teachers' and moderators': the owner's teachers and moderators."""
    media_asset_hide(asset=_visible_asset(request, asset_id), user=request.user)
    return _asset_shown(request, _visible_asset(request, asset_id))


@router.delete(
    "/{asset_id}/hide", response=responses({204: None}), url_name="media_hide"
)
def media_unhide(request: HttpRequest, asset_id: Id):
    """Show a hidden asset again; one shared publicly goes back to review."""
    media_asset_unhide(asset=_visible_asset(request, asset_id), user=request.user)
    return Status(204, None)


# Captions

Language = Annotated[str, StringConstraints(max_length=16)]


class CaptionTrackIn(Schema):
    language: Language = Field(description="Its language code: en, fr, sw...")


@router.post(
    "/{asset_id}/captions",
    response=responses({201: CaptionTrackOut}),
    url_name="media_captions",
)
def media_caption_add(
    request: HttpRequest,
    asset_id: Id,
    details: Form[CaptionTrackIn],
    file: File[UploadedFile],
):
    """
    Give a video or recording its captions in `language` (a WebVTT file,
    multipart), replacing any it had: its owner, the owner's teachers and
    moderators. A malformed file is answered with 400, saying what is wrong
    and on which line, and the old captions stay. The owner's new captions
    on public media are shown once a reviewer approves them.
    """
    if details.language not in dict(CAPTION_LANGUAGES):
        raise ValidationError({"language": "There is no such language code."})
    track = caption_track_save(
        asset=_visible_asset(request, asset_id),
        user=request.user,
        language=details.language,
        upload=file,
    )
    return Status(201, track)


@router.delete(
    "/{asset_id}/captions/{language}",
    response=responses({204: None}),
    url_name="media_caption",
)
def media_caption_delete(request: HttpRequest, asset_id: Id, language: Language):
    """Remove the captions in `language`: whoever may add them."""
    asset = _visible_asset(request, asset_id)
    track = get_object_or_404(CaptionTrack, asset=asset, language=language)
    caption_track_delete(track=track, user=request.user)
    return Status(204, None)
