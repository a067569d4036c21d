from django import forms

from members.models import User

from .models import CoursePage, Subject
from .published import published_memo
from .selectors import CATALOG_SORTS


class EmailForm(forms.Form):
    email = forms.EmailField(max_length=254)


class CertificateNameForm(forms.Form):
    name = forms.CharField(
        max_length=200,
        label="Your name on the certificate",
        help_text="Check it: once the certificate is issued, it cannot be changed.",
        error_messages={"required": "Enter the name to print on the certificate."},
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The name they gave, if any: never a made-up one.
        self.fields["name"].initial = user.display_name or user.get_full_name()


class CatalogFilterForm(forms.Form):
    query = forms.CharField(required=False, max_length=100, label="Search")
    subject = forms.ChoiceField(required=False)
    access_level = forms.ChoiceField(
        required=False, choices=[("", "Any access"), *CoursePage.AccessLevel.choices]
    )
    level = forms.ChoiceField(
        required=False, choices=[("", "Any level"), *CoursePage.Level.choices]
    )
    teacher = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(
        required=False,
        choices=[("title", "Title"), ("newest", "Newest"), ("rating", "Best rated")],
    )

    def __init__(self, *args, index, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.index = index
        subjects, teachers = published_memo(
            ("catalog-choices", index.pk), lambda: self.catalog_choices(index)
        )
        self.fields["subject"].choices = [("", "Any subject"), *subjects]
        self.fields["teacher"].choices = [("", "Any teacher"), *teachers]

    @staticmethod
    def catalog_choices(index) -> tuple[tuple, tuple]:
        """
        The subjects and teachers of the catalog's published courses. Kept
        for the current generation of published content: a teacher's new
        name shows once something is published, or PAGE_CACHE_SECONDS on.
        """
        courses = CoursePage.objects.live().child_of(index)
        # Semi-joins (IN a subquery), not a join made DISTINCT.
        subjects = Subject.objects.filter(pk__in=courses.values("subject_id"))
        teachers = User.objects.filter(pk__in=courses.values("owner_id")).order_by("pk")
        return (
            tuple(subjects.values_list("slug", "name")),
            tuple((teacher.pk, teacher.name) for teacher in teachers),
        )

    def clean_sort(self) -> str:
        return (
            self.cleaned_data["sort"]
            if self.cleaned_data["sort"] in CATALOG_SORTS
            else "title"
        )
