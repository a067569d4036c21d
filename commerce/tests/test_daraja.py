"""The Daraja client (commerce/providers/daraja.py): token, base URL, phone numbers."""

from django.core.exceptions import ValidationError

import pytest

from commerce.providers.daraja import access_token, base_url, phone_number
from commerce.tests.fakes import DARAJA

pytestmark = pytest.mark.django_db


def test_the_access_token_is_fetched_once_until_it_expires(daraja):
    assert access_token() == access_token()

    assert len([call for call in daraja.mock.calls if "oauth" in call.request.url]) == 1


def test_live_or_sandbox_by_settings(settings):
    assert base_url() == DARAJA
    settings.MPESA_ENVIRONMENT = "production"
    assert base_url() == "https://api.safaricom.co.ke"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0712345678", "254712345678"), ("+254 110 123456", "254110123456")],
)
def test_phone_numbers_in_darajas_format(raw, expected):
    assert phone_number(raw) == expected


def test_landlines_are_refused():
    with pytest.raises(ValidationError):
        phone_number("020 1234567")
