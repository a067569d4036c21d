from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

import phonenumbers
from allauth.account.internal.flows.login import record_authentication
from allauth.core import context, ratelimit
from allauth.mfa.base.forms import AuthenticateForm
from phonenumber_field.formfields import PhoneNumberField

from .avatars import avatar_from_upload
from .handles import HANDLE_MAX_LENGTH, handle_validator
from .models import User
from .selectors import handle_is_taken
from .services import email_code_verify, sms_code_verify, user_update_profile


class AvatarFormMixin:
    """New avatar uploads come out of cleaning checked and re-encoded."""

    def clean_avatar(self):
        avatar = self.cleaned_data.get("avatar")
        if isinstance(avatar, UploadedFile):
            return avatar_from_upload(avatar)
        return avatar

    def new_avatar(self) -> ContentFile | None:
        avatar = self.cleaned_data.get("avatar")
        return avatar if isinstance(avatar, ContentFile) else None


class DisplayNameField(forms.CharField):
    """The name others see: required, trimmed, with at least a letter or digit."""

    default_error_messages = {
        "required": "Enter your name: it is how others see you on Lectern.",
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", User._meta.get_field("display_name").max_length)
        super().__init__(label="Display name", **kwargs)

    def validate(self, value: str) -> None:
        super().validate(value)
        # Dots, dashes or invisible characters would show as a blank name.
        if value and not any(character.isalnum() for character in value):
            raise forms.ValidationError(
                "Enter a name with at least one letter or digit.", code="invalid"
            )


class HandleField(forms.CharField):
    """A handle, with or without the @ it is mentioned with."""

    default_error_messages = {
        "required": "Enter a handle: it is how others mention you, as @handle.",
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("help_text", User._meta.get_field("handle").help_text)
        super().__init__(label="Handle", validators=[handle_validator], **kwargs)

    def to_python(self, value) -> str:
        return super().to_python(value).removeprefix("@")

    def widget_attrs(self, widget: forms.Widget) -> dict[str, str]:
        # The @ may be typed on top of a handle's longest length.
        return {
            **super().widget_attrs(widget),
            "maxlength": str(HANDLE_MAX_LENGTH + 1),
            "autocapitalize": "none",
            "spellcheck": "false",
        }


def handle_clean_free(handle: str, *, user: User | None) -> str:
    """`handle`, unless an account besides `user` has it (case aside)."""
    if handle and handle_is_taken(handle=handle, user=user):
        raise forms.ValidationError(
            "@%(handle)s is taken: choose another handle.",
            code="taken",
            params={"handle": handle},
        )
    return handle


class SignupProfileForm(AvatarFormMixin, forms.Form):
    """What allauth's sign-up form asks besides email and password."""

    display_name = DisplayNameField(
        help_text="How others see you on Lectern. You can change it later.",
    )
    avatar = forms.ImageField(required=False, help_text="Optional; JPEG, PNG or WebP.")

    field_order = ["email", "display_name", "password1", "password2", "avatar"]

    def signup(self, request: HttpRequest, user: User) -> None:
        user_update_profile(
            user=user,
            display_name=self.cleaned_data["display_name"],
            avatar=self.new_avatar(),
        )


class ProfileForm(AvatarFormMixin, forms.Form):
    display_name = DisplayNameField(
        help_text=(
            "Others see this name wherever you appear: on your profile, "
            "in courses and in chats."
        ),
    )
    handle = HandleField()
    avatar = forms.ImageField(
        required=False,
        widget=forms.ClearableFileInput,
        help_text="A square crop of it is shown; JPEG, PNG or WebP.",
    )
    bio = forms.CharField(
        max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    phone_number = PhoneNumberField(
        required=False,
        help_text="In international format, e.g. +254712345678. Never shown to others.",
    )
    profile_is_public = forms.BooleanField(
        label="Show my bio on my public profile",
        required=False,
    )
    takes_donations = forms.BooleanField(
        label="Take donations",
        required=False,
        help_text=(
            "A Donate button on your profile and your media pages: members "
            "pay by card or M-Pesa, and you see what you received."
        ),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        self.user = user
        kwargs.setdefault(
            "initial",
            {
                # What others see today, for accounts that never chose a name.
                "display_name": user.display_name or user.get_full_name(),
                "handle": user.handle,
                "avatar": user.avatar,
                "bio": user.bio,
                "phone_number": user.phone_number,
                "profile_is_public": user.profile_is_public,
                "takes_donations": user.takes_donations,
            },
        )
        super().__init__(*args, **kwargs)
        if user.role != User.Role.STUDENT:
            # Teachers' profiles are always public, and take donations.
            del self.fields["profile_is_public"]
            del self.fields["takes_donations"]

    def clean_handle(self) -> str:
        return handle_clean_free(self.cleaned_data["handle"], user=self.user)

    def save(self) -> User:
        data = self.cleaned_data
        return user_update_profile(
            user=self.user,
            display_name=data["display_name"],
            handle=data["handle"],
            bio=data["bio"],
            phone_number=data["phone_number"] or "",
            profile_is_public=data.get(
                "profile_is_public", self.user.profile_is_public
            ),
            takes_donations=data.get("takes_donations", self.user.takes_donations),
            avatar=self.new_avatar(),
            # ClearableFileInput cleans to False when "clear" is ticked.
            remove_avatar=data["avatar"] is False,
        )


class AccountDeletionForm(forms.Form):
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To make sure it is you.",
    )


class SentCodeAuthenticateForm(AuthenticateForm):
    """
    allauth's two-factor form, which also takes a code sent by email or by
    text message. A code is checked as the app's are, within allauth's limit
    on failed attempts: one that allauth refuses for too many is not tried.
    """

    authenticator = None
    sent_by = ""

    def clean_code(self) -> str:
        try:
            return super().clean_code()
        except forms.ValidationError as error:
            if error.code != "incorrect_code":
                raise
            code = self.cleaned_data["code"]
            for sent_by, verify in (
                ("email_code", email_code_verify),
                ("sms_code", sms_code_verify),
            ):
                if verify(request=context.request, user=self.user, code=code):
                    self.sent_by = sent_by
                    # As allauth's check_rate_limit does after a good code.
                    ratelimit.clear(
                        context.request,
                        action="login_failed",
                        key=f"mfa-auth-user-{self.user.pk}",
                    )
                    return code
            raise

    def save(self) -> None:
        if self.sent_by:
            record_authentication(context.request, self.user, "mfa", type=self.sent_by)
        else:
            super().save()


# Numbers that take text messages, as far as their numbering plan says.
MOBILE_NUMBER_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


class TwoFactorPhoneForm(forms.Form):
    number = PhoneNumberField(
        label="Mobile phone number",
        help_text="In international format, e.g. +254712345678.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        error_messages={
            "invalid": "Enter a mobile number in international format, starting "
            "with + and the country code, e.g. +254712345678.",
        },
    )

    def clean_number(self) -> str:
        number = self.cleaned_data["number"]
        if phonenumbers.number_type(number) not in MOBILE_NUMBER_TYPES:
            raise forms.ValidationError(
                "This is not a mobile number: text messages cannot reach it."
            )
        return number.as_e164


class PhoneConfirmationForm(forms.Form):
    code = forms.RegexField(
        regex=r"^\s*\d{6}\s*$",
        label="Code",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
        error_messages={"invalid": "The code is the six digits in the text message."},
    )
