from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string

from wagtail.contrib.forms.forms import BaseForm, FormBuilder, WagtailAdminFormPageForm

# What every contact form asks, by name, with its label.
CONTACT_FIELDS = {"email": "Your email", "subject": "Subject"}
# A spam trap: bots fill it in, people never see it (see contact_page.html).
HONEYPOT_FIELD = "website"
# The CAPTCHA's field, when CONTACT_CAPTCHA_FIELD names one.
CAPTCHA_FIELD = "captcha"
RESERVED_NAMES = frozenset({*CONTACT_FIELDS, HONEYPOT_FIELD, CAPTCHA_FIELD})


def validate_subjects(value: str) -> None:
    if not value.strip():
        raise ValidationError("List at least one subject.")


class ContactForm(BaseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A member writes from their own address, unless they change it.
        if self.user is not None and self.user.is_authenticated:
            self.fields["email"].initial = self.user.email


class ContactFormBuilder(FormBuilder):
    """The sender's email and a subject, the editors' fields, and the spam traps."""

    def __init__(self, fields, *, subjects: list[str]):
        super().__init__(fields)
        self.subjects = subjects

    @property
    def formfields(self) -> dict[str, forms.Field]:
        fields = {
            "email": forms.EmailField(label=CONTACT_FIELDS["email"]),
            "subject": forms.ChoiceField(
                label=CONTACT_FIELDS["subject"],
                choices=[("", "Choose one"), *((s, s) for s in self.subjects)],
            ),
        }
        # Editors cannot give a field a reserved name (ContactPageForm); one
        # saved before that rule would otherwise replace a field of ours.
        fields.update(
            (name, field)
            for name, field in super().formfields.items()
            if name not in RESERVED_NAMES
        )
        fields[HONEYPOT_FIELD] = forms.CharField(required=False, max_length=200)
        if settings.CONTACT_CAPTCHA_FIELD:
            fields[CAPTCHA_FIELD] = import_string(settings.CONTACT_CAPTCHA_FIELD)()
        return fields

    def get_form_class(self) -> type[ContactForm]:
        return type("ContactForm", (ContactForm,), self.formfields)


class ContactPageForm(WagtailAdminFormPageForm):
    """The editor's form: further fields may not take the names of ours."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("form_fields")
        for form in formset.forms if formset else []:
            if form.cleaned_data.get("DELETE"):
                continue
            name = form.instance.clean_name or form.instance.get_field_clean_name()
            if name in RESERVED_NAMES:
                form.add_error(
                    "label",
                    f"Every contact form has a field named “{name}”: "
                    "choose another label.",
                )
        return cleaned_data
