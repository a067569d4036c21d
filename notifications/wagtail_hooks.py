from wagtail import hooks

from members.models import User

from .selectors import notification_data_export
from .services import notification_delete_by_actor


@hooks.register("register_account_data")
def export_notifications(user: User) -> dict:
    return notification_data_export(user=user)


@hooks.register("before_delete_account")
def delete_notifications_by(user: User) -> None:
    notification_delete_by_actor(actor=user)
