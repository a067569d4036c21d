from django import forms

MUTE_CHOICES = [(60, "1 hour"), (24 * 60, "1 day"), (7 * 24 * 60, "1 week")]


class MuteForm(forms.Form):
    """How long a reviewed message's author stays quiet in its room."""

    minutes = forms.TypedChoiceField(
        label="Mute for", choices=MUTE_CHOICES, coerce=int, initial=24 * 60
    )
