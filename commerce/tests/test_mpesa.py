import base64
import json
from datetime import timedelta
from decimal import Decimal

from django.core import mail
from django.utils import timezone

import pytest
import responses

from commerce.models import Donation, Order, Payment, ProviderEvent
from commerce.services import mpesa_payments_settle_due
from commerce.tests.fakes import CHECKOUT_REQUEST_ID, DARAJA, stk_callback
from courses.access import user_has_course_access

pytestmark = pytest.mark.django_db


def buy_by_mpesa(client, buyer, course, phone="0712 345 678"):
    client.force_login(buyer)
    return client.post(f"/payments/courses/{course.pk}/buy/mpesa/", {"phone": phone})


def post_callback(client, payment, body):
    return client.post(
        f"/payments/mpesa/callback/{payment.callback_token}/",
        json.dumps(body) if isinstance(body, dict) else body,
        content_type="application/json",
    )


def test_paying_by_mpesa_sends_an_stk_push_to_the_buyers_phone(
    client, buyer, kes_course, daraja
):
    response = buy_by_mpesa(client, buyer, kes_course)

    (push,) = daraja.pushes
    order = Order.objects.get()
    payment = Payment.objects.get()
    assert response["Location"] == order.get_absolute_url()
    assert push["BusinessShortCode"] == "174379"
    assert push["TransactionType"] == "CustomerPayBillOnline"
    assert push["Amount"] == 1500
    assert push["PartyA"] == push["PhoneNumber"] == "254712345678"
    assert push["PartyB"] == "174379"
    passkey = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919"
    assert base64.b64decode(push["Password"]).decode() == (
        f"174379{passkey}{push['Timestamp']}"
    )
    assert push["CallBackURL"].endswith(
        f"/payments/mpesa/callback/{payment.callback_token}/"
    )
    assert payment.checkout_request_id == CHECKOUT_REQUEST_ID
    assert (order.status, payment.status) == ("pending", "pending")


@pytest.mark.parametrize(
    "phone", ["0201234567", "+44 7700 900123", "12345", "not a number", ""]
)
def test_only_kenyan_mobile_numbers_are_asked(client, buyer, kes_course, daraja, phone):
    response = buy_by_mpesa(client, buyer, kes_course, phone=phone)

    assert response.status_code == 302
    assert not daraja.pushes
    assert not Order.objects.exists()


def test_courses_sold_in_another_currency_are_not_offered_by_mpesa(
    client, buyer, paid_course, daraja
):
    response = buy_by_mpesa(client, buyer, paid_course)

    assert not daraja.pushes
    assert b"sold in USD" in client.get(response["Location"]).content


def pending_payment(client, buyer, kes_course) -> Payment:
    buy_by_mpesa(client, buyer, kes_course)
    return Payment.objects.get()


def test_the_callback_confirms_the_purchase(
    client, buyer, kes_course, daraja, django_capture_on_commit_callbacks
):
    payment = pending_payment(client, buyer, kes_course)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_callback(client, payment, stk_callback())

    assert response.json() == {"ResultCode": 0, "ResultDesc": "Accepted"}
    payment.refresh_from_db()
    assert (payment.status, payment.reference) == ("paid", "NLJ7RT61SV")
    assert Order.objects.get().status == "paid"
    assert Payment.objects.count() == 1
    assert user_has_course_access(user=buyer, course=kes_course)
    assert len(mail.outbox) == 1


def test_a_declined_push_shows_safaricoms_reason(client, buyer, kes_course, daraja):
    payment = pending_payment(client, buyer, kes_course)

    post_callback(
        client,
        payment,
        stk_callback(result_code=1032, description="Request cancelled by user"),
    )

    page = client.get(payment.order.get_absolute_url())
    assert Order.objects.get().status == "failed"
    assert b"Request cancelled by user" in page.content
    assert not user_has_course_access(user=buyer, course=kes_course)


def test_a_callback_with_the_wrong_amount_grants_nothing(
    client, buyer, kes_course, daraja
):
    payment = pending_payment(client, buyer, kes_course)

    post_callback(client, payment, stk_callback(amount=1))

    payment.refresh_from_db()
    assert payment.status == "failed"
    assert not user_has_course_access(user=buyer, course=kes_course)


def test_a_replayed_callback_counts_once(
    client, buyer, kes_course, daraja, django_capture_on_commit_callbacks
):
    payment = pending_payment(client, buyer, kes_course)

    with django_capture_on_commit_callbacks(execute=True):
        post_callback(client, payment, stk_callback())
        again = post_callback(
            client, payment, stk_callback(result_code=1, description="Late failure")
        )

    assert again.json()["ResultCode"] == 0
    assert Payment.objects.get().status == "paid"
    assert len(mail.outbox) == 1


def test_callbacks_on_unknown_urls_change_nothing_and_are_not_kept(
    client, buyer, kes_course, daraja
):
    pending_payment(client, buyer, kes_course)

    unknown = client.post(
        "/payments/mpesa/callback/not-a-token/",
        json.dumps(stk_callback()),
        content_type="application/json",
    )

    assert unknown.status_code == 404
    assert Payment.objects.get().status == "pending"
    assert not ProviderEvent.objects.exists()


def paid_callback_with(**values) -> dict:
    callback = stk_callback()
    items = callback["Body"]["stkCallback"]["CallbackMetadata"]["Item"]
    for item in items:
        item["Value"] = values.get(item["Name"], item["Value"])
    return callback


def with_stk(**fields) -> dict:
    callback = stk_callback()
    callback["Body"]["stkCallback"].update(fields)
    return callback


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (paid_callback_with(Amount="abc"), "Amount is not a number: 'abc'"),
        (paid_callback_with(Amount=None), "Amount is not a number"),
        (paid_callback_with(Amount=True), "Amount is not a number"),
        (paid_callback_with(MpesaReceiptNumber=42), "no MpesaReceiptNumber"),
        (with_stk(CallbackMetadata=None), "no CallbackMetadata"),
        (with_stk(CallbackMetadata={"Item": ["Amount"]}), "no CallbackMetadata"),
        (with_stk(CallbackMetadata=[1500]), "no CallbackMetadata"),
        (with_stk(ResultCode="x"), "ResultCode is not a number"),
        (with_stk(ResultCode=None), "ResultCode is not a number"),
        (with_stk(CheckoutRequestID=7), "Not an STK push callback"),
        (with_stk(CheckoutRequestID="ws_CO_someone_else"), "for another request"),
        ({"Body": {"something": "else"}}, "Not an STK push callback"),
        ({"Body": "stkCallback"}, "Not an STK push callback"),
        ([stk_callback()], "Not an STK push callback"),
        ("{not json", "Not an STK push callback"),
    ],
)
def test_callbacks_that_cannot_be_used_are_kept_acknowledged_and_change_nothing(
    client, buyer, kes_course, daraja, caplog, body, problem
):
    payment = pending_payment(client, buyer, kes_course)

    response = post_callback(client, payment, body)

    # Acknowledged as Daraja expects, so that Safaricom does not send it again.
    assert response.status_code == 200
    assert response.json()["ResultCode"] == 0
    payment.refresh_from_db()
    assert (payment.status, payment.reference) == ("pending", "")
    assert Order.objects.get().status == "pending"
    assert not user_has_course_access(user=buyer, course=kes_course)
    set_aside = ProviderEvent.objects.get()
    assert problem in set_aside.problem
    assert "Set aside mpesa event" in caplog.text


def test_a_callback_set_aside_does_not_stand_in_for_the_real_one(
    client, buyer, kes_course, daraja
):
    payment = pending_payment(client, buyer, kes_course)

    post_callback(client, payment, paid_callback_with(Amount="abc"))
    post_callback(client, payment, stk_callback())

    assert Payment.objects.get().status == "paid"
    assert Order.objects.get().status == "paid"


def test_a_callback_that_never_comes_is_settled_by_asking(
    client, buyer, kes_course, daraja, settings
):
    payment = pending_payment(client, buyer, kes_course)
    Payment.objects.filter(pk=payment.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )

    assert mpesa_payments_settle_due() == 1

    assert daraja.queries[0]["CheckoutRequestID"] == CHECKOUT_REQUEST_ID
    assert Payment.objects.get().status == "paid"
    assert user_has_course_access(user=buyer, course=kes_course)


def test_settling_waits_while_safaricom_is_still_processing(
    client, buyer, kes_course, daraja
):
    payment = pending_payment(client, buyer, kes_course)
    Payment.objects.filter(pk=payment.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    daraja.query_answer = (
        500,
        {
            "requestId": "29115-34620561-1",
            "errorCode": "500.001.1001",
            "errorMessage": "The transaction is being processed",
        },
    )

    mpesa_payments_settle_due()
    assert Payment.objects.get().status == "pending"

    daraja.query_answer = (200, daraja.result("1032", "Request cancelled by user"))
    mpesa_payments_settle_due()
    payment.refresh_from_db()
    assert (payment.status, payment.result_description) == (
        "failed",
        "Request cancelled by user",
    )


def test_recent_pushes_are_left_to_their_callback(client, buyer, kes_course, daraja):
    pending_payment(client, buyer, kes_course)

    assert mpesa_payments_settle_due() == 0
    assert not daraja.queries


def test_donating_by_mpesa(
    client, buyer, teacher, daraja, django_capture_on_commit_callbacks
):
    client.force_login(buyer)
    url = f"/payments/donate/{teacher.pk}/"
    form = {
        "method": "mpesa",
        "amount": "500",
        "email": buyer.email,
        "country": "KE",
        "phone": "0712345678",
    }

    fractional = client.post(url, {**form, "amount": "10.50"})
    too_small = client.post(url, {**form, "amount": "5"})
    response = client.post(url, form)

    assert (fractional.status_code, too_small.status_code) == (400, 400)
    donation = Donation.objects.get()
    assert response["Location"] == donation.get_absolute_url()
    assert daraja.pushes[0]["Amount"] == 500
    with django_capture_on_commit_callbacks(execute=True):
        post_callback(client, donation.payments.get(), stk_callback(amount=500))
    assert Donation.objects.get().status == "paid"
    assert mail.outbox[0].to == [buyer.email]


def test_daraja_down_is_a_clear_message_and_a_failed_payment(client, buyer, kes_course):
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, f"{DARAJA}/oauth/v1/generate", status=503, json={})
        response = buy_by_mpesa(client, buyer, kes_course)

    assert b"M-Pesa" in client.get(response["Location"]).content
    assert Payment.objects.get().status == "failed"


def test_a_success_callback_after_a_status_query_gave_up_still_pays(
    client, buyer, kes_course, daraja
):
    payment = pending_payment(client, buyer, kes_course)
    Payment.objects.filter(pk=payment.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    daraja.query_answer = (
        200,
        daraja.result("1037", "DS timeout user cannot be reached"),
    )
    mpesa_payments_settle_due()
    assert Payment.objects.get().status == "failed"

    post_callback(client, payment, stk_callback())

    assert Payment.objects.get().status == "paid"
    assert Order.objects.get().status == "paid"
    assert user_has_course_access(user=buyer, course=kes_course)


def test_a_late_failure_does_not_undo_a_payment(client, buyer, kes_course, daraja):
    payment = pending_payment(client, buyer, kes_course)
    Payment.objects.filter(pk=payment.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    mpesa_payments_settle_due()  # the query says it was paid
    post_callback(client, payment, stk_callback(result_code=1, description="Late"))

    assert Payment.objects.get().status == "paid"


def test_kes_prices_with_cents_are_not_offered_by_mpesa(
    client, buyer, kes_course, daraja
):
    kes_course.price = Decimal("1500.50")
    kes_course.save_revision().publish()

    response = buy_by_mpesa(client, buyer, kes_course)

    assert not daraja.pushes
    assert b"cannot be paid by M-Pesa" in client.get(response["Location"]).content
