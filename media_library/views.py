from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_POST

from django_htmx.http import HttpResponseClientRedirect

from courses.delivery import file_response, refuse_file
from courses.viewer import viewer_from_request
from members.api_base import accepts_api_token
from members.models import User
from members.selectors import user_has_verified_email

from .access import (
    asset_is_visible_to,
    user_can_delete_asset,
    user_can_edit_asset,
    user_can_hide_asset,
    user_owns_asset,
)
from .forms import (
    AssetDetailsForm,
    AssetUploadForm,
    CaptionTrackForm,
    DashboardFilterForm,
)
from .models import CaptionTrack, MediaAsset
from .selectors import (
    asset_latest_version,
    asset_list_of_students,
    asset_list_owned_by,
    asset_list_public,
    asset_state_map,
    caption_track_list_shown,
)
from .services import (
    caption_track_delete,
    caption_track_save,
    media_asset_delete,
    media_asset_hide,
    media_asset_unhide,
    media_asset_update,
)

PER_PAGE = 24


def dashboard(request: HttpRequest) -> HttpResponse:
    """Public media, newest first; HTMX asks for the next batch as one scrolls."""
    form = DashboardFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    assets = Paginator(asset_list_public(**filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    template = (
        "media_library/partials/asset_list.html"
        if request.htmx and not request.htmx.history_restore_request
        else "media_library/dashboard.html"
    )
    response = TemplateResponse(
        request, template, {"filter_form": form, "assets": assets}
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def my_media(request: HttpRequest) -> HttpResponse:
    return _asset_table(
        request,
        asset_list_owned_by(user=request.user),
        "media_library/my_media.html",
    )


@login_required
def students_media(request: HttpRequest) -> HttpResponse:
    """What the students in a teacher's care uploaded, to look after it."""
    if request.user.role != User.Role.TEACHER:
        raise PermissionDenied
    return _asset_table(
        request,
        asset_list_of_students(teacher=request.user),
        "media_library/students_media.html",
    )


def _asset_table(request: HttpRequest, assets, template: str) -> HttpResponse:
    page = Paginator(assets, PER_PAGE).get_page(request.GET.get("page"))
    states = asset_state_map(assets=list(page))
    context = {
        "assets": page,
        "rows": [(asset, states[asset.pk]) for asset in page],
    }
    return TemplateResponse(request, template, context)


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    form = AssetUploadForm(
        request.POST or None, request.FILES or None, user=request.user
    )
    can_upload = user_has_verified_email(user=request.user)
    if request.method == "POST" and can_upload and form.is_valid():
        try:
            asset = form.save(owner=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _upload_message(asset))
            if request.htmx:
                return HttpResponseClientRedirect(asset.get_absolute_url())
            return redirect(asset)
    template = (
        "media_library/partials/upload_form.html"
        if request.htmx
        else "media_library/upload.html"
    )
    status = 400 if form.errors else 200
    return TemplateResponse(
        request, template, {"form": form, "can_upload": can_upload}, status=status
    )


def _upload_message(asset: MediaAsset) -> str:
    if asset.visibility == MediaAsset.Visibility.PUBLIC:
        return "Uploaded. It will be public once a reviewer approves it."
    return "Uploaded."


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    asset = get_object_or_404(
        MediaAsset.objects.select_related("owner", "course"), pk=pk
    )
    if not asset_is_visible_to(viewer=viewer_from_request(request), asset=asset):
        return refuse_file(request)
    user = request.user
    context = {
        "asset": asset,
        "can_edit": user_can_edit_asset(user=user, asset=asset),
        "can_delete": user_can_delete_asset(user=user, asset=asset),
        "can_hide": user_can_hide_asset(user=user, asset=asset),
    }
    if context["can_edit"]:
        context["state"] = asset_state_map(assets=[asset])[asset.pk]
    if asset.is_playable:
        context["tracks"] = caption_track_list_shown(
            asset=asset, can_edit=context["can_edit"]
        )
    response = TemplateResponse(request, "media_library/asset_detail.html", context)
    if not asset.is_public:
        # Who may see it can change at any moment: no shared cache keeps it.
        patch_cache_control(response, private=True)
    return response


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    asset = get_object_or_404(MediaAsset, pk=pk)
    if not user_can_edit_asset(user=request.user, asset=asset):
        raise PermissionDenied
    asset = asset_latest_version(asset=asset)
    is_owner = user_owns_asset(user=request.user, asset=asset)
    form = AssetDetailsForm(
        request.POST or None,
        initial=AssetDetailsForm.initial_for(asset),
        user=request.user,
        sharing=is_owner,
        playable=asset.is_playable,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            media_asset_update(
                asset=asset,
                user=request.user,
                title=data["title"],
                description=data["description"],
                tags=data["tags"],
                visibility=data.get("visibility"),
                course=data.get("course"),
                transcript=data.get("transcript"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your changes are saved.")
            return redirect(asset)
    context = {"asset": asset, "form": form, "is_owner": is_owner}
    return TemplateResponse(request, "media_library/asset_edit.html", context)


@login_required
def captions(request: HttpRequest, pk: int) -> HttpResponse:
    """A video's or recording's caption tracks: add, replace and remove them."""
    asset = get_object_or_404(MediaAsset, pk=pk, kind__in=MediaAsset.PLAYABLE_KINDS)
    if not user_can_edit_asset(user=request.user, asset=asset):
        raise PermissionDenied
    form = CaptionTrackForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            track = caption_track_save(
                asset=asset,
                user=request.user,
                language=data["language"],
                upload=data["file"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _caption_message(track))
            return redirect("media_library:captions", asset.pk)
    context = {
        "asset": asset,
        "form": form,
        "tracks": caption_track_list_shown(asset=asset, can_edit=True),
    }
    return TemplateResponse(
        request,
        "media_library/asset_captions.html",
        context,
        status=400 if form.errors else 200,
    )


def _caption_message(track: CaptionTrack) -> str:
    if not track.approved:
        return (
            f"{track.label} captions added. The public will see them once a "
            "reviewer approves them."
        )
    return f"{track.label} captions added."


@require_POST
@login_required
def caption_delete(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    track = get_object_or_404(
        CaptionTrack.objects.select_related("asset"), asset=pk, language=language
    )
    caption_track_delete(track=track, user=request.user)
    messages.success(request, f"{track.label} captions removed.")
    return redirect("media_library:captions", pk)


@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    asset = get_object_or_404(MediaAsset, pk=pk)
    if not user_can_delete_asset(user=request.user, asset=asset):
        raise PermissionDenied
    if request.method == "POST":
        is_owner = user_owns_asset(user=request.user, asset=asset)
        media_asset_delete(asset=asset, user=request.user)
        messages.success(request, f"“{asset.title}” is deleted.")
        return redirect("media_library:mine" if is_owner else "media_library:dashboard")
    return TemplateResponse(
        request, "media_library/asset_confirm_delete.html", {"asset": asset}
    )


@require_POST
@login_required
def hide(request: HttpRequest, pk: int) -> HttpResponse:
    asset = get_object_or_404(MediaAsset, pk=pk)
    media_asset_hide(asset=asset, user=request.user)
    messages.success(
        request, "Hidden: only its owner, their teachers and admins see it."
    )
    return redirect(asset)


@require_POST
@login_required
def unhide(request: HttpRequest, pk: int) -> HttpResponse:
    asset = get_object_or_404(MediaAsset, pk=pk)
    media_asset_unhide(asset=asset, user=request.user)
    messages.success(request, "Shown again.")
    return redirect(asset)


@accepts_api_token
def asset_file(request: HttpRequest, pk: int, rendition: str) -> HttpResponse:
    """A file of an asset, for whoever may see the asset; nobody else."""
    asset = get_object_or_404(MediaAsset, pk=pk)
    if not asset_is_visible_to(viewer=viewer_from_request(request), asset=asset):
        return refuse_file(request)
    file = getattr(asset, rendition)
    if not file:
        raise Http404
    is_original = rendition == "file"
    return file_response(
        request,
        file,
        content_type=asset.mime_type if is_original else "image/webp",
        filename=asset.original_filename if is_original else file.name,
        as_attachment=is_original and asset.kind == MediaAsset.Kind.DOCUMENT,
        public=asset.is_public,
    )


@accepts_api_token
def caption_file(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    """
    A caption track, for whoever may see the asset: those approved, and
    those waiting for review to whoever may edit it.
    """
    track = get_object_or_404(
        CaptionTrack.objects.select_related("asset"), asset=pk, language=language
    )
    asset = track.asset
    if not asset_is_visible_to(viewer=viewer_from_request(request), asset=asset):
        return refuse_file(request)
    if not track.approved and not user_can_edit_asset(user=request.user, asset=asset):
        raise Http404
    return file_response(
        request,
        track.file,
        content_type="text/vtt; charset=utf-8",
        filename=f"{asset.title} ({track.label}).vtt",
        as_attachment=False,
        public=asset.is_public and track.approved,
    )
