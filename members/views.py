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

from allauth.account.decorators import reauthentication_required
from allauth.account.internal.decorators import login_stage_required
from allauth.core import ratelimit
from allauth.mfa.stages import AuthenticateStage

from .forms import (
    AccountDeletionForm,
    PhoneConfirmationForm,
    ProfileForm,
    TwoFactorPhoneForm,
)
from .models import TwoFactorPhone, User
from .selectors import (
    account_data_export,
    email_code_allowed,
    mask_email,
    mask_phone,
    profile_section_list,
    two_factor_phone_allowed,
)
from .services import (
    DELETION_GRACE_PERIOD,
    account_deletion_cancel,
    account_deletion_request,
    email_code_send,
    phone_confirm,
    phone_confirmation_pending,
    phone_confirmation_send,
    phone_remove,
    sms_code_send,
)
from .sms import SmsUnavailable, sms_available


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
    return _code_sent(
        request,
        lambda: email_code_send(request=request, user=user),
        sent_to=mask_email(user.email),
        then="mfa_authenticate",
    )


@require_POST
@login_stage_required(stage=AuthenticateStage.key, redirect_urlname="account_login")
def mfa_sms_code(request: HttpRequest) -> HttpResponse:
    """During two-factor sign-in, text the member a one-time code."""
    user = request._login_stage.login.user
    phone = TwoFactorPhone.objects.filter(user=user).first()
    return _code_sent(
        request,
        lambda: sms_code_send(request=request, user=user),
        sent_to=mask_phone(phone.number) if phone else "",
        then="mfa_authenticate",
    )


def _code_sent(request, send, *, sent_to: str, then: str) -> HttpResponse:
    """Send a code with `send` and say what happened, on the page `then`."""
    try:
        wait = send()
    except (PermissionDenied, SmsUnavailable) as error:
        messages.error(request, str(error))
        return redirect(then)
    if wait:
        messages.warning(
            request, f"Please wait {wait} seconds before asking for another code."
        )
    else:
        messages.success(request, f"We sent a code to {sent_to}.")
    return redirect(then)


@never_cache
@login_required
@reauthentication_required(allow_get=True)
def two_factor_phone(request: HttpRequest) -> HttpResponse:
    """
    The phone sign-in codes can be texted to: give a number, type the code
    texted to it, and it is kept; or remove it. Changing it asks for the
    password again if it was not given lately, as allauth does for the
    authenticator app.
    """
    user = request.user
    action = request.POST.get("action")
    number_form = TwoFactorPhoneForm(request.POST if action == "send" else None)
    code_form = PhoneConfirmationForm(request.POST if action == "confirm" else None)
    if action == "send" and number_form.is_valid():
        number = number_form.cleaned_data["number"]
        return _code_sent(
            request,
            lambda: phone_confirmation_send(request=request, user=user, number=number),
            sent_to=mask_phone(number),
            then="members:two_factor_phone",
        )
    if action == "confirm" and code_form.is_valid():
        if phone_confirm(
            request=request, user=user, code=code_form.cleaned_data["code"]
        ):
            messages.success(
                request, "Your phone is confirmed: sign-in codes can go to it."
            )
            return redirect("members:two_factor_phone")
        code_form.add_error("code", "This is not the code we sent, or it has expired.")
    if action == "remove":
        phone_remove(user=user)
        messages.success(request, "Sign-in codes will no longer go to your phone.")
        return redirect("members:two_factor_phone")
    phone = TwoFactorPhone.objects.filter(user=user).first()
    pending = phone_confirmation_pending(request=request, user=user)
    return TemplateResponse(
        request,
        "members/two_factor_phone.html",
        {
            "phone": phone and mask_phone(phone.number),
            "pending": pending and mask_phone(pending),
            "number_form": number_form,
            "code_form": code_form,
            "available": sms_available() and email_code_allowed(user=user),
            "allowed": two_factor_phone_allowed(user=user),
        },
        status=400 if number_form.is_bound or code_form.is_bound else 200,
    )
