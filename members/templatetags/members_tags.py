import hashlib

from django import template
from django.forms import BoundField
from django.urls import reverse

from allauth.account import app_settings as account_settings

from members import selectors
from members.models import User
from members.selectors import mask_email, mask_phone

register = template.Library()

# Background colours for generated avatars, readable with white initials.
AVATAR_COLOURS = [
    "#1d4ed8",
    "#047857",
    "#b45309",
    "#be123c",
    "#6d28d9",
    "#0e7490",
    "#4d7c0f",
]


@register.inclusion_tag("components/avatar.html")
def avatar(user: User, size: int = 40) -> dict:
    """The user's avatar, or their initials on a colour of their own."""
    digest = hashlib.sha256(str(user.pk).encode()).digest()
    return {
        "member": user,
        "size": size,
        "font_size": size * 2 // 5,
        "colour": AVATAR_COLOURS[digest[0] % len(AVATAR_COLOURS)],
    }


ACCOUNT_MENU = [
    ("members:profile_edit", "Profile"),
    ("account_email", "Email addresses"),
    ("account_change_password", "Password"),
    ("mfa_index", "Two-factor authentication"),
    ("members:account_export", "Download your data"),
    ("members:account_delete", "Delete account"),
]


@register.inclusion_tag("components/account_menu.html", takes_context=True)
def account_menu(context) -> dict:
    """The account settings menu, with the current section marked."""
    path = context["request"].path
    items = []
    for url_name, label in ACCOUNT_MENU:
        url = reverse(url_name)
        items.append({"url": url, "label": label, "current": path.startswith(url)})
    return {"items": items}


register.filter("mask_email", mask_email)
register.filter("mask_phone", mask_phone)


@register.filter
def is_signup_honeypot(field: BoundField) -> bool:
    """Whether `field` is allauth's spam trap (ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD)."""
    return field.name == account_settings.SIGNUP_FORM_HONEYPOT_FIELD


@register.filter
def email_code_allowed(user: User) -> bool:
    return selectors.email_code_allowed(user=user)


@register.filter
def sms_code_allowed(user: User) -> bool:
    return selectors.sms_code_allowed(user=user)


@register.filter
def takes_donations(user: User) -> bool:
    return selectors.user_takes_donations(user=user)
