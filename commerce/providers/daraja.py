"""
Safaricom's Daraja API for M-Pesa, over requests: the OAuth token, the STK
push that asks a phone to pay, and the query that settles a push whose
callback never came. Sandbox or live is chosen by MPESA_ENVIRONMENT.
"""

import base64
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError

import phonenumbers
import requests

BASE_URLS = {
    "sandbox": "https://sandbox.safaricom.co.ke",
    "production": "https://api.safaricom.co.ke",
}
NAIROBI = ZoneInfo("Africa/Nairobi")
TIMEOUT = 30
OAUTH_CACHE_KEY = "commerce:mpesa-oauth"


class MpesaError(Exception):
    """Daraja refused or could not be reached; the message says why."""


def is_enabled() -> bool:
    return bool(settings.MPESA_CONSUMER_KEY)


def base_url() -> str:
    return BASE_URLS[settings.MPESA_ENVIRONMENT]


def phone_number(raw: str) -> str:
    """A Kenyan mobile number as Daraja wants it: 2547XXXXXXXX or 2541XXXXXXXX."""
    try:
        number = phonenumbers.parse(raw, "KE")
    except phonenumbers.NumberParseException:
        number = None
    if (
        number is None
        or phonenumbers.region_code_for_number(number) != "KE"
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE
    ):
        raise ValidationError(
            "Enter a Kenyan mobile number registered for M-Pesa, e.g. 0712 345 678."
        )
    return f"254{number.national_number}"


def access_token() -> str:
    """The OAuth token, fetched once and kept until shortly before it expires."""
    token = cache.get(OAUTH_CACHE_KEY)
    if token:
        return token
    data = _call(
        "GET",
        "/oauth/v1/generate",
        params={"grant_type": "client_credentials"},
        auth=(settings.MPESA_CONSUMER_KEY, settings.MPESA_CONSUMER_SECRET),
    )
    token = data["access_token"]
    cache.set(OAUTH_CACHE_KEY, token, max(int(data.get("expires_in", 3599)) - 60, 1))
    return token


def stk_push(
    *, phone: str, amount: int, reference: str, description: str, callback_url: str
) -> dict:
    """Ask the phone to approve a payment; the answer has its CheckoutRequestID."""
    data = _call(
        "POST",
        "/mpesa/stkpush/v1/processrequest",
        json={
            **_credentials(),
            "TransactionType": "CustomerPayBillOnline",
            "Amount": amount,
            "PartyA": phone,
            "PartyB": settings.MPESA_SHORTCODE,
            "PhoneNumber": phone,
            "CallBackURL": callback_url,
            "AccountReference": reference[:12],
            "TransactionDesc": description[:13],
        },
    )
    if str(data.get("ResponseCode")) != "0":
        raise MpesaError(
            data.get("ResponseDescription") or "M-Pesa refused the request."
        )
    return data


def stk_query(*, checkout_request_id: str) -> dict:
    """Where a push stands; raises MpesaError while it is still being processed."""
    return _call(
        "POST",
        "/mpesa/stkpushquery/v1/query",
        json={**_credentials(), "CheckoutRequestID": checkout_request_id},
    )


def _credentials() -> dict:
    timestamp = datetime.now(NAIROBI).strftime("%Y%m%d%H%M%S")
    secret = f"{settings.MPESA_SHORTCODE}{settings.MPESA_PASSKEY}{timestamp}"
    return {
        "BusinessShortCode": settings.MPESA_SHORTCODE,
        "Password": base64.b64encode(secret.encode()).decode(),
        "Timestamp": timestamp,
    }


def _call(method: str, path: str, *, auth=None, **kwargs) -> dict:
    headers = {} if auth else {"Authorization": f"Bearer {access_token()}"}
    try:
        response = requests.request(
            method,
            base_url() + path,
            auth=auth,
            headers=headers,
            timeout=TIMEOUT,
            **kwargs,
        )
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        raise MpesaError("M-Pesa cannot be reached; try again shortly.") from error
    if response.status_code >= 400:
        raise MpesaError(
            data.get("errorMessage") or f"M-Pesa answered {response.status_code}."
        )
    return data
