from wagtail import hooks

from members.models import User

from .selectors import contact_messages_of
from .services import contact_messages_delete


@hooks.register("before_delete_account")
def forget_contact_messages(user: User) -> None:
    contact_messages_delete(user=user)


@hooks.register("register_account_data")
def export_contact_messages(user: User) -> dict:
    return {
        "contact_messages": [
            {
                "page": message.page.title,
                "sent_at": message.submit_time.isoformat(),
                "fields": message.form_data,
            }
            for message in contact_messages_of(user=user)
            .select_related("page")
            .order_by("submit_time")
        ]
    }
