from decimal import Decimal

from django import forms
from django.conf import settings

from django_countries import countries

from .models import Provider
from .providers import daraja
from .selectors import donation_limits


class CouponForm(forms.Form):
    """A coupon code at checkout, if the buyer has one; the service checks it."""

    coupon = forms.CharField(max_length=40, required=False, label="Coupon code")


class PhoneForm(CouponForm):
    phone = forms.CharField(
        max_length=20,
        label="M-Pesa phone number",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text="You approve the payment on this phone.",
        error_messages={"required": "Give the M-Pesa phone number to pay from."},
    )

    def clean_phone(self) -> str:
        return daraja.phone_number(self.cleaned_data["phone"])


class DonationForm(forms.Form):
    """Any amount within the limits, by card or M-Pesa; limits are checked again
    by the service, so a tampered form changes nothing."""

    method = forms.ChoiceField(
        choices=Provider.choices,
        initial=Provider.STRIPE,
        widget=forms.RadioSelect,
        label="Pay by",
    )
    amount = forms.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0.01")
    )
    message = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional; the teacher sees it.",
    )
    email = forms.EmailField(help_text="Where we send your receipt.")
    country = forms.ChoiceField(label="Billing country")
    phone = forms.CharField(
        max_length=20,
        required=False,
        label="M-Pesa phone number",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text="For M-Pesa: you approve the payment on this phone.",
    )

    def __init__(self, *args, methods: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        excluded = {code.upper() for code in settings.DONATION_EXCLUDED_COUNTRIES}
        self.fields["country"].choices = [
            ("", "Choose your country"),
            *((code, name) for code, name in countries if code not in excluded),
        ]
        self.fields["method"].choices = [
            choice for choice in Provider.choices if choice[0] in methods
        ]
        ranges = []
        for method in methods:
            currency, minimum, maximum = donation_limits(provider=method)
            by = "M-Pesa" if method == Provider.MPESA else "card"
            ranges.append(f"{minimum:f} to {maximum:f} {currency} by {by}")
        self.fields["amount"].help_text = "From " + "; from ".join(ranges) + "."

    def clean(self) -> dict:
        data = super().clean()
        if data.get("method") == Provider.MPESA:
            try:
                data["phone"] = daraja.phone_number(data.get("phone", ""))
            except forms.ValidationError as error:
                self.add_error("phone", error)
        return data
