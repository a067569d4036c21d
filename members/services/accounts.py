"""Changing a member's account: their role, and what they show of themselves."""

from django.core.files import File
from django.db import transaction

from wagtail.log_actions import log

from ..models import User
from ..roles import user_role_apply


@transaction.atomic
def user_set_role(*, user: User, role: str, changed_by: User | None = None) -> User:
    """
    Change `user`'s role, and with it their groups and superuser status (see
    roles.user_role_apply). This is the only place an existing user's role
    changes; each change goes into Wagtail's audit log, with who made it.
    """
    previous_role = (
        User.objects.filter(pk=user.pk).values_list("role", flat=True).first()
    )
    user_role_apply(user=user, role=role)
    if previous_role is not None and previous_role != user.role:
        log(
            instance=user,
            action="members.change_role",
            user=changed_by,
            data={"from": previous_role, "to": user.role.value},
        )
    return user


@transaction.atomic
def user_update_profile(
    *,
    user: User,
    display_name: str,
    handle: str | None = None,
    bio: str = "",
    phone_number: str = "",
    profile_is_public: bool = False,
    takes_donations: bool = False,
    avatar: File | None = None,
    remove_avatar: bool = False,
) -> User:
    """
    Change what a user shows of themselves; their handle unless it is None.
    `avatar` is a checked image (see avatar_from_upload); the file it
    replaces leaves storage once the change is committed.
    """
    previous_avatar = user.avatar.name
    user.display_name = display_name
    if handle is not None:
        user.handle = handle
    user.bio = bio
    user.phone_number = phone_number
    user.profile_is_public = profile_is_public
    user.takes_donations = takes_donations
    if avatar is not None:
        user.avatar.save(avatar.name, avatar, save=False)
    elif remove_avatar:
        user.avatar = ""
    try:
        user.full_clean()
        user.save()
    except Exception:
        if avatar is not None:
            user.avatar.delete(save=False)
        raise
    if previous_avatar and previous_avatar != user.avatar.name:
        storage = user.avatar.storage
        transaction.on_commit(lambda: storage.delete(previous_avatar))
    return user
