from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from phonenumber_field.formfields import PhoneNumberField

from .avatars import avatar_from_upload
from .models import User
from .services import user_update_profile


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


class SignupProfileForm(AvatarFormMixin, forms.Form):
    """What allauth's sign-up form asks besides email and password."""

    display_name = forms.CharField(
        max_length=80,
        required=False,
        help_text="How others see you. You can change it later.",
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
    display_name = forms.CharField(
        max_length=80,
        required=False,
        help_text=User._meta.get_field("display_name").help_text,
    )
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

    def __init__(self, *args, user: User, **kwargs) -> None:
        self.user = user
        kwargs.setdefault(
            "initial",
            {
                "display_name": user.display_name,
                "avatar": user.avatar,
                "bio": user.bio,
                "phone_number": user.phone_number,
                "profile_is_public": user.profile_is_public,
            },
        )
        super().__init__(*args, **kwargs)
        if user.role != User.Role.STUDENT:
            # Teachers' profiles are always public.
            del self.fields["profile_is_public"]

    def save(self) -> User:
        data = self.cleaned_data
        return user_update_profile(
            user=self.user,
            display_name=data["display_name"],
            bio=data["bio"],
            phone_number=data["phone_number"] or "",
            profile_is_public=data.get(
                "profile_is_public", self.user.profile_is_public
            ),
            avatar=self.new_avatar(),
            # ClearableFileInput cleans to False when "clear" is ticked.
            remove_avatar=data["avatar"] is False,
        )


class AccountDeletionForm(forms.Form):
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To make sure it is you.",
    )
