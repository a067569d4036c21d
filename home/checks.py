from django import forms
from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string


@register()
def check_contact_captcha_field(app_configs, **kwargs) -> list[Error]:
    """CONTACT_CAPTCHA_FIELD, when set, names a form field class."""
    path = settings.CONTACT_CAPTCHA_FIELD
    if not path:
        return []
    try:
        field = import_string(path)
    except ImportError as error:
        field = error
    if isinstance(field, type) and issubclass(field, forms.Field):
        return []
    return [
        Error(
            f"CONTACT_CAPTCHA_FIELD is {path!r}, which is not a form field class "
            f"that can be imported ({field}).",
            hint="Install the CAPTCHA's package, or unset CONTACT_CAPTCHA_FIELD.",
            id="home.E001",
        )
    ]
