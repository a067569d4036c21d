from django import template

from commerce.views import payment_methods as enabled_payment_methods

register = template.Library()


@register.simple_tag
def payment_methods() -> list[str]:
    """The payment providers this site has set up: "stripe", "mpesa"."""
    return enabled_payment_methods()
