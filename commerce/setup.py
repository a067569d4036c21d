"""
What the site's payment settings allow, told to admins: whether each
provider takes payments, in which mode, which settings are missing, and
what to tell the provider. Settings are named, never shown.
"""

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from .models import Provider
from .selectors import payment_method_list
from .services.stripe_events import STRIPE_HANDLERS

# Daraja's sandbox shortcode, the setting's default: real money never
# reaches it.
MPESA_SANDBOX_SHORTCODE = "174379"


@dataclass(frozen=True)
class ProviderSetup:
    name: str
    takes_payments: bool
    mode: str
    missing: list[str]
    warnings: list[str]
    # What to give the provider: a label, then the text to copy.
    provider_needs: list[tuple[str, str]]

    @property
    def status(self) -> str:
        if not self.takes_payments:
            return "Not set up"
        return "Incomplete" if self.missing or self.warnings else "Taking payments"


def payment_setup(*, base_url: str) -> list[ProviderSetup]:
    """Each provider's setup, with the site's addresses under `base_url`."""
    # Whether each takes payments is what the shop offers, from one place.
    methods = payment_method_list()
    return [
        _stripe_setup(base_url, Provider.STRIPE in methods),
        _mpesa_setup(base_url, Provider.MPESA in methods),
    ]


def _missing(*names: str) -> list[str]:
    return [name for name in names if not getattr(settings, name)]


def _stripe_setup(base_url: str, enabled: bool) -> ProviderSetup:
    key = settings.STRIPE_SECRET_KEY
    missing = _missing("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET")
    warnings = []
    if enabled and not settings.STRIPE_WEBHOOK_SECRET:
        warnings.append(
            "Card payments are offered, but none is confirmed: Stripe's "
            "events are refused until STRIPE_WEBHOOK_SECRET is set."
        )
    warnings += _unreachable(base_url, "Stripe")
    return ProviderSetup(
        name="Stripe (cards and plans)",
        takes_payments=enabled,
        mode=("Test mode" if "_test_" in key else "Live") if enabled else "",
        missing=missing,
        warnings=warnings if enabled else [],
        provider_needs=[
            (
                "Webhook endpoint",
                base_url + reverse("commerce:stripe_webhook"),
            ),
            ("Events to send", ", ".join(STRIPE_HANDLERS)),
        ],
    )


def _mpesa_setup(base_url: str, enabled: bool) -> ProviderSetup:
    production = settings.MPESA_ENVIRONMENT == "production"
    callback_base = settings.MPESA_CALLBACK_BASE_URL or base_url
    warnings = _unreachable(callback_base, "Safaricom")
    if production and settings.MPESA_SHORTCODE == MPESA_SANDBOX_SHORTCODE:
        warnings.append(
            "MPESA_SHORTCODE is still the sandbox's: set your paybill or till."
        )
    return ProviderSetup(
        name="M-Pesa (STK push, in KES)",
        takes_payments=enabled,
        mode=("Production" if production else "Sandbox") if enabled else "",
        missing=_missing(
            "MPESA_CONSUMER_KEY", "MPESA_CONSUMER_SECRET", "MPESA_PASSKEY"
        ),
        warnings=warnings if enabled else [],
        provider_needs=[
            (
                # Each payment has its own secret address below this one.
                "Callbacks come to addresses under",
                callback_base
                + reverse("commerce:mpesa_callback", args=["0"]).removesuffix("0/"),
            ),
        ],
    )


def _unreachable(address: str, provider: str) -> list[str]:
    """A warning when `address` is one only this machine or network reaches."""
    host = urlsplit(address).hostname or ""
    try:
        local = not ipaddress.ip_address(host).is_global
    except ValueError:
        local = host == "localhost" or host.endswith((".localhost", ".local"))
    if local:
        return [f"{address} is not on the internet: {provider} cannot reach it."]
    return []
