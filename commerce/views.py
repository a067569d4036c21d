import json
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from members.selectors import user_list_taking_donations, user_takes_donations

from .exceptions import PaymentUnavailable
from .forms import CouponForm, DonationForm, PhoneForm
from .models import Donation, Order, Payment, Provider
from .providers import stripe
from .selectors import (
    course_list_purchasable,
    donation_list_received,
    donation_totals_received,
    payment_method_list,
    plan_list_for_sale,
)
from .services import (
    course_checkout_start,
    donation_checkout_start,
    mpesa_callback_process,
    mpesa_course_purchase_start,
    mpesa_donation_start,
    plan_checkout_start,
    stripe_event_process,
)

# The newest donations the received page lists.
DONATIONS_RECEIVED_SHOWN = 100


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_POST
@login_required
def course_checkout(request: HttpRequest, course_id: int) -> HttpResponse:
    """Card payment for a course, at its price in the database less a coupon's."""
    course = get_object_or_404(course_list_purchasable(), pk=course_id)
    form = CouponForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["coupon"])
        checkout_url = course_checkout_start(
            user=request.user,
            course=course,
            base_url=_base_url(request),
            coupon=form.cleaned_data["coupon"],
        )
    except (ValidationError, PaymentUnavailable) as error:
        messages.error(request, _message(error))
        return redirect(course.url)
    return _see_other(checkout_url)


@require_POST
@login_required
def course_mpesa(request: HttpRequest, course_id: int) -> HttpResponse:
    """M-Pesa payment for a course sold in KES: the buyer's phone asks them."""
    course = get_object_or_404(course_list_purchasable(), pk=course_id)
    form = PhoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return redirect(course.url)
    try:
        payment = mpesa_course_purchase_start(
            user=request.user,
            course=course,
            phone=form.cleaned_data["phone"],
            base_url=_base_url(request),
            coupon=form.cleaned_data["coupon"],
        )
    except (ValidationError, PaymentUnavailable) as error:
        messages.error(request, _message(error))
        return redirect(course.url)
    return redirect(payment.order)


def plans(request: HttpRequest) -> HttpResponse:
    context = {"plans": plan_list_for_sale(), "methods": payment_method_list()}
    return TemplateResponse(request, "commerce/plans.html", context)


@require_POST
@login_required
def plan_checkout(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(plan_list_for_sale(), pk=plan_id)
    form = CouponForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["coupon"])
        checkout_url = plan_checkout_start(
            user=request.user,
            plan=plan,
            base_url=_base_url(request),
            coupon=form.cleaned_data["coupon"],
        )
    except (ValidationError, PaymentUnavailable) as error:
        messages.error(request, _message(error))
        return redirect("commerce:plans")
    return _see_other(checkout_url)


def donate(request: HttpRequest, recipient_id: int) -> HttpResponse:
    methods = payment_method_list()
    if not methods:
        raise Http404("Payments are not set up on this site yet.")
    # Anyone else looks like nobody.
    recipient = get_object_or_404(user_list_taking_donations(), pk=recipient_id)
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    form = DonationForm(request.POST or None, initial=initial, methods=methods)
    if request.method == "POST" and form.is_valid():
        response = _donation_start(request, form, recipient)
        if response is not None:
            return response
    context = {"form": form, "recipient": recipient, "methods": methods}
    status = 400 if form.errors else 200
    return TemplateResponse(request, "commerce/donate.html", context, status=status)


def _donation_start(request: HttpRequest, form: DonationForm, recipient):
    data = form.cleaned_data
    donor = request.user if request.user.is_authenticated else None
    common = {
        "donor": donor,
        "recipient": recipient,
        "amount": data["amount"],
        "message": data["message"],
        "email": data["email"],
        "base_url": _base_url(request),
    }
    try:
        if data["method"] == Provider.MPESA:
            payment = mpesa_donation_start(phone=data["phone"], **common)
            return redirect(payment.donation)
        checkout_url = donation_checkout_start(country=data["country"], **common)
    except ValidationError as error:
        form.add_error(None, error)
        return None
    except PaymentUnavailable as error:
        form.add_error(None, str(error))
        return None
    return _see_other(checkout_url)


@login_required
def order(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """
    Where the buyer lands after paying: "confirming…" until the provider's
    event arrives; HTMX asks again every few seconds.
    """
    record = get_object_or_404(Order, public_id=public_id, user=request.user)
    if request.GET.get("cancelled") and record.status == Order.Status.PENDING:
        messages.info(request, "Payment cancelled: nothing was charged.")
    return _status_page(request, record, "commerce/order.html")


@login_required
def donations_received(request: HttpRequest) -> HttpResponse:
    """What the member was given, by whom, with their messages."""
    donations = donation_list_received(user=request.user)
    context = {
        "donations": donations[:DONATIONS_RECEIVED_SHOWN],
        "shown": DONATIONS_RECEIVED_SHOWN,
        "count": donations.count(),
        "totals": donation_totals_received(user=request.user),
        "takes_donations": user_takes_donations(user=request.user),
    }
    response = TemplateResponse(request, "commerce/donations_received.html", context)
    patch_cache_control(response, private=True, no_store=True)
    return response


def donation(request: HttpRequest, public_id: UUID) -> HttpResponse:
    record = get_object_or_404(Donation, public_id=public_id)
    # Donations may be made without an account: whoever holds the link (the
    # donor, back from paying) sees whether it went through.
    if record.donor_id and record.donor_id != request.user.pk:
        raise Http404
    return _status_page(request, record, "commerce/donation.html")


def _status_page(request: HttpRequest, record, template: str) -> HttpResponse:
    payment = record.payments.order_by("-created_at").first()
    context = {"record": record, "payment": payment}
    if request.htmx:
        template = "commerce/partials/payment_status.html"
    response = TemplateResponse(request, template, context)
    patch_cache_control(response, private=True, no_store=True)
    return response


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """
    Stripe's events, trusted only with a valid signature. A signed event is
    acknowledged even when it cannot be used (it is set aside with the
    reason): Stripe would otherwise send it again for days, unchanged.
    """
    if not stripe.webhook_signature_valid(
        payload=request.body, header=request.headers.get("Stripe-Signature")
    ):
        return HttpResponseBadRequest("Invalid signature.")
    try:
        stripe_event_process(event=_json_or_text(request.body))
    except PaymentUnavailable:
        # Stripe itself could not be asked about it: send it again later.
        return HttpResponse("Stripe is unreachable; try again.", status=503)
    return HttpResponse(status=200)


@csrf_exempt
@require_POST
def mpesa_callback(request: HttpRequest, token: str) -> HttpResponse:
    """
    Safaricom's answer to an STK push, on the payment's own secret URL. Any
    answer there is acknowledged, one that cannot be used too (it is set
    aside with the reason): sending it again would not make it usable.
    """
    try:
        mpesa_callback_process(token=token, payload=_json_or_text(request.body))
    except Payment.DoesNotExist:
        raise Http404 from None
    return JsonResponse({"ResultCode": 0, "ResultDesc": "Accepted"})


def _json_or_text(body: bytes) -> object:
    """A provider's JSON; its text if it is not JSON, to be kept as it came."""
    text = body.decode(errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


def _see_other(url: str) -> HttpResponse:
    """To the provider's checkout page: after a POST, browsers follow with a GET."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
