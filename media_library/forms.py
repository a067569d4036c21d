from django import forms

from taggit.forms import TagField

from courses.captions import CAPTION_LANGUAGES, MAX_CAPTION_SIZE
from courses.models import CoursePage, Subject
from courses.selectors import course_list_of_member
from members.models import User

from .models import MediaAsset
from .services import media_asset_create
from .uploads import ACCEPTED_HELP


class AssetDetailsForm(forms.Form):
    """
    What people edit of an asset; whom it is shared with is its owner's
    choice. Videos and recordings have a transcript too.
    """

    title = forms.CharField(max_length=200)
    description = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    tags = TagField(
        required=False, help_text="Words that help others find it, separated by commas."
    )
    transcript = forms.CharField(
        max_length=100_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What is said, for those who read rather than listen. "
        "Shown under the player, and found by search.",
    )
    visibility = forms.ChoiceField(
        choices=MediaAsset.Visibility.choices,
        initial=MediaAsset.Visibility.PRIVATE,
        widget=forms.RadioSelect,
        label="Who can see it",
    )
    course = forms.ModelChoiceField(
        queryset=CoursePage.objects.none(),
        required=False,
        empty_label="No course",
        help_text="Required to share it with a course.",
    )

    def __init__(
        self, *args, user: User, sharing: bool = True, playable: bool = False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        if not playable:
            del self.fields["transcript"]
        if sharing:
            self.fields["course"].queryset = course_list_of_member(user=user)
        else:
            del self.fields["visibility"]
            del self.fields["course"]

    @classmethod
    def initial_for(cls, asset: MediaAsset) -> dict:
        return {
            "title": asset.title,
            "description": asset.description,
            "tags": asset.tags.all(),
            "transcript": asset.transcript,
            "visibility": asset.visibility,
            "course": asset.course,
        }


class AssetUploadForm(AssetDetailsForm):
    file = forms.FileField(help_text=ACCEPTED_HELP)
    poster = forms.FileField(
        required=False,
        label="Poster image (videos)",
        help_text="Shown before the video plays. JPEG, PNG, WebP or GIF.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    field_order = ["file", "title", "description", "tags", "visibility", "course"]
    # The kinds of file accepted; all that the library takes unless narrowed.
    kinds: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = "Defaults to the file's name."

    def save(self, *, owner: User) -> MediaAsset:
        """Store the upload; raises ValidationError if its content is refused."""
        data = self.cleaned_data
        return media_asset_create(
            owner=owner,
            upload=data["file"],
            title=data["title"],
            description=data["description"],
            tags=data["tags"],
            visibility=data.get("visibility", MediaAsset.Visibility.PRIVATE),
            course=data.get("course"),
            poster=data["poster"],
            kinds=self.kinds,
        )


class PlayableUploadForm(AssetUploadForm):
    """
    The lesson video chooser's upload: a video or audio file, private to
    its owner (lessons of their courses still play it to their readers).
    """

    kinds = MediaAsset.PLAYABLE_KINDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, sharing=False, **kwargs)
        self.fields[
            "file"
        ].help_text = "A video (MP4, WebM, MOV) or audio (MP3, M4A, OGG, WAV, FLAC)."
        self.fields["file"].widget.attrs["accept"] = "video/*,audio/*"


class CaptionTrackForm(forms.Form):
    language = forms.ChoiceField(
        choices=[("", "Choose a language"), *CAPTION_LANGUAGES]
    )
    file = forms.FileField(
        label="Caption file",
        help_text=f"A WebVTT (.vtt) file, up to {MAX_CAPTION_SIZE // 1024} kB. "
        "One in a language it already has replaces it.",
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}),
    )


class DashboardFilterForm(forms.Form):
    query = forms.CharField(
        required=False,
        max_length=100,
        label="Search",
        widget=forms.TextInput(attrs={"placeholder": "Search media", "type": "search"}),
    )
    kind = forms.ChoiceField(
        required=False, choices=[("", "All kinds"), *MediaAsset.Kind.choices]
    )
    subject = forms.ChoiceField(required=False)
    course = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    uploader = forms.CharField(
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"placeholder": "Uploader's name or number"}),
    )
    tag = forms.SlugField(
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "Tag"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        courses = (
            CoursePage.objects.live()
            .public()
            .filter(media_assets__in=MediaAsset.objects.public())
        )
        self.fields["subject"].choices = [
            ("", "Any subject"),
            *Subject.objects.filter(courses__in=courses)
            .distinct()
            .values_list("slug", "name"),
        ]
        self.fields["course"].choices = [
            ("", "Any course"),
            *courses.distinct().order_by("title").values_list("pk", "title"),
        ]
