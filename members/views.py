import json
import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from allauth.account.internal.decorators import login_stage_required
from allauth.core import ratelimit
from allauth.mfa.stages import AuthenticateStage

from .forms import AccountDeletionForm, ProfileForm
from .models import User
from .selectors import account_data_export, mask_email, profile_section_list
from .services import (
    DELETION_GRACE_PERIOD,
    account_deletion_cancel,
    account_deletion_request,
    email_code_send,
)


def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(User, pk=pk, is_active=True)
    context = {"member": member, "sections": profile_section_list(member=member)}
    return TemplateResponse(request, "members/profile_detail.html", context)


@never_cache
@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile has been saved.")
        return redirect("members:profile_edit")
    return TemplateResponse(
        request,
        "members/profile_edit.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@never_cache
@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    """Ask for the account's deletion (with the password), or see its countdown."""
    form = AccountDeletionForm(request.POST or None)
    if request.method == "POST" and not ratelimit.consume(
        request, action="reauthenticate", user=request.user
    ):
        # allauth's limit on password re-entry: no guessing from a stolen session.
        form.add_error(None, "Too many attempts. Wait a minute and try again.")
    elif request.method == "POST" and form.is_valid():
        try:
            account_deletion_request(
                user=request.user,
                password=form.cleaned_data["password"],
                cancel_url=request.build_absolute_uri(
                    reverse("members:account_delete")
                ),
            )
        except ValidationError as error:
            form.add_error("password", error)
        else:
            messages.warning(request, "Your account is scheduled for deletion.")
            return redirect("members:account_delete")
    context = {"form": form, "grace_days": DELETION_GRACE_PERIOD.days}
    if request.user.deletion_due_at:
        seconds_left = (request.user.deletion_due_at - timezone.now()).total_seconds()
        context["days_left"] = max(math.ceil(seconds_left / 86400), 0)
    return TemplateResponse(request, "members/account_delete.html", context)


@require_POST
@login_required
def account_delete_cancel(request: HttpRequest) -> HttpResponse:
    account_deletion_cancel(user=request.user)
    messages.success(request, "Your account will not be deleted.")
    return redirect("members:account_delete")


@never_cache
@login_required
def account_export(request: HttpRequest) -> HttpResponse:
    data = account_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2),
        content_type="application/json",
    )
    filename = f"lectern-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@login_stage_required(stage=AuthenticateStage.key, redirect_urlname="account_login")
def mfa_email_code(request: HttpRequest) -> HttpResponse:
    """During two-factor sign-in, email the member a one-time code."""
    user = request._login_stage.login.user
    try:
        wait = email_code_send(request=request, user=user)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect("mfa_authenticate")
    if wait:
        messages.warning(
            request, f"Please wait {wait} seconds before asking for another code."
        )
    else:
        messages.success(request, f"We sent a code to {mask_email(user.email)}.")
    return redirect("mfa_authenticate")
