from django import forms

from courses.models import CoursePage, Subject
from members.models import User

from .selectors import RESULT_TYPES

# Longer than any title; a search box's worth, not a pasted page.
QUERY_MAX_LENGTH = 200


class QueryForm(forms.Form):
    """What someone typed in a search box, its spaces tidied."""

    q = forms.CharField(
        required=False,
        max_length=QUERY_MAX_LENGTH,
        label="Search",
        error_messages={
            "max_length": "Search for at most %(limit_value)d characters "
            "(this is %(show_value)d)."
        },
    )

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())


class SearchForm(QueryForm):
    """
    The site search: words, and filters by type of result, subject, access
    level and teacher. A filter it does not know is left out, not refused:
    links to searches outlive the subjects and teachers they name.
    """

    type = forms.ChoiceField(
        required=False,
        label="Show",
        choices=[
            ("", "Everything"),
            *((name, many.capitalize()) for name, (_one, many) in RESULT_TYPES.items()),
        ],
    )
    subject = forms.ChoiceField(required=False)
    access_level = forms.ChoiceField(
        required=False,
        label="Access",
        choices=[("", "Any access"), *CoursePage.AccessLevel.choices],
    )
    teacher = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(
        required=False,
        choices=[("relevance", "Best match"), ("newest", "Newest")],
    )

    FILTERS = ("type", "subject", "access_level", "teacher", "sort")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [
            ("", "Any subject"),
            *Subject.objects.values_list("slug", "name"),
        ]
        teachers = User.objects.filter(is_active=True, role=User.Role.TEACHER).order_by(
            "display_name", "first_name", "last_name", "pk"
        )
        self.fields["teacher"].choices = [
            ("", "Any teacher"),
            *((teacher.pk, teacher.name) for teacher in teachers),
        ]

    def clean(self) -> dict:
        cleaned_data = super().clean()
        for name in self.FILTERS:
            if name in self.errors:
                # An unknown filter: search without it.
                del self.errors[name]
                cleaned_data[name] = self.fields[name].clean("")
        return cleaned_data
