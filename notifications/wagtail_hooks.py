from wagtail import hooks

from members.models import User

from .selectors import notification_data_export


@hooks.register("register_account_data")
def export_notifications(user: User) -> dict:
    return notification_data_export(user=user)
