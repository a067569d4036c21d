from wagtail import hooks

from members.models import User

from .selectors import contact_messages_from
from .services import contact_messages_delete


@hooks.register("before_delete_account")
def forget_contact_messages(user: User) -> None:
    contact_messages_delete(user=user)


@hooks.register("register_account_data")
def export_contact_messages(user: User) -> dict:
    # Only from addresses the member has verified: an address anyone can add
    # to their account unverified would otherwise export another's messages.
    verified = user.emailaddress_set.filter(verified=True).values_list(
        "email", flat=True
    )
    return {
        "contact_messages": [
            {
                "page": message.page.title,
                "sent_at": message.submit_time.isoformat(),
                "fields": message.form_data,
            }
            for message in contact_messages_from(verified)
            .select_related("page")
            .order_by("submit_time")
        ]
    }
