from wagtail import hooks

from members.models import User

from .services import contact_messages_delete


@hooks.register("before_delete_account")
def forget_contact_messages(user: User) -> None:
    contact_messages_delete(user=user)
