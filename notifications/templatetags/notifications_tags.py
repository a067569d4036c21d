from django import template

from ..selectors import notification_unread_count

register = template.Library()


@register.inclusion_tag("notifications/partials/bell.html", takes_context=True)
def notification_bell(context: template.Context) -> dict:
    """The header's bell, with the signed-in member's unread count."""
    return {"unread_count": notification_unread_count(user=context["user"])}
