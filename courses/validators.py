"""Validators shared by courses and the apps that sell them."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Paid in whole units in practice: M-Pesa takes whole shillings, so prices
# in KES are shown whole and discounts off them are whole too.
WHOLE_UNIT_CURRENCIES = {"KES"}


def validate_currency_code(value: str) -> None:
    """An ISO 4217 code is three letters, e.g. USD or KES (in either case)."""
    if len(value) != 3 or not value.isalpha():
        raise ValidationError(_("Enter a three-letter currency code."))
