"""
The community's forms: they parse what a member typed. Whether they may
write there, and the limits a service keeps (tags, rate), are the
services' to say.
"""

from django import forms

from courses.models import CoursePage
from media_library.selectors import asset_list_owned_by
from members.models import User

from .models import (
    COMMENT_MAX_LENGTH,
    POST_MAX_LENGTH,
    REVIEW_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Comment,
    Mute,
    Post,
    Report,
)
from .selectors import post_board_list_for

MARKDOWN_FORMATS = (
    "Markdown: **bold**, *italic*, `code`, [a link](https://example.com), "
    "lists and quotes."
)
MARKDOWN_HELP = MARKDOWN_FORMATS + " Mention a member with @handle."
FEED = ""


class AttachmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, asset) -> str:
        return f"{asset.title} ({asset.get_kind_display().lower()})"


class PostForm(forms.Form):
    """A post's title, body, tags and attachments; a new one also says where."""

    title = forms.CharField(max_length=TITLE_MAX_LENGTH)
    where = forms.TypedChoiceField(
        label="Where", coerce=int, empty_value=None, required=False
    )
    body = forms.CharField(
        max_length=POST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=MARKDOWN_HELP,
    )
    tags = forms.CharField(
        required=False,
        max_length=200,
        help_text="Up to 5 words that help others find it, separated by commas.",
    )
    attachments = AttachmentChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Attach from my media",
    )

    def __init__(self, *args, user: User, post: Post | None = None, **kwargs) -> None:
        if post is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": post.title,
                    "body": post.body,
                    "tags": ", ".join(tag.name for tag in post.tags.all()),
                    "attachments": list(post.attachments.all()),
                },
            )
        super().__init__(*args, **kwargs)
        if post is None:
            self.boards = {board.pk: board for board in post_board_list_for(user=user)}
            self.fields["where"].choices = [
                (FEED, "Community feed"),
                *((pk, board.title) for pk, board in self.boards.items()),
            ]
        else:
            # A post stays where it was written.
            del self.fields["where"]
        self.fields["attachments"].queryset = asset_list_owned_by(user=user)
        if not self.fields["attachments"].queryset.exists():
            del self.fields["attachments"]

    def clean_tags(self) -> list[str]:
        return [
            tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()
        ]

    @property
    def course(self) -> CoursePage | None:
        """The board chosen, or None for the feed."""
        return self.boards.get(self.cleaned_data.get("where"))


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=MARKDOWN_HELP,
    )
    parent = forms.ModelChoiceField(
        queryset=Comment.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": "You can only reply to a comment of this post."
        },
    )

    def __init__(self, *args, post: Post | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if post is None:
            # Editing: the comment stays where it is.
            del self.fields["parent"]
        else:
            self.fields["parent"].queryset = post.comments.all()


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        label="What is wrong with it?",
    )
    details = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything the moderators should know (optional).",
    )


class ReviewForm(forms.Form):
    """A student's stars for a course, and what they say of it."""

    rating = forms.TypedChoiceField(
        label="Your rating",
        choices=[
            (stars, f"{stars} star{'s' if stars > 1 else ''}")
            for stars in range(5, 0, -1)
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose 1 to 5 stars."},
    )
    body = forms.CharField(
        label="Your review",
        required=False,
        max_length=REVIEW_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What others should know of it (optional). " + MARKDOWN_FORMATS,
    )


class PreviewForm(forms.Form):
    body = forms.CharField(max_length=POST_MAX_LENGTH, required=False)


class BoardFilterForm(forms.Form):
    """A listing's filters: a tag, and the order."""

    SORTS = [("new", "Newest"), ("top_week", "Most liked this week")]

    tag = forms.CharField(required=False, max_length=100)
    sort = forms.ChoiceField(choices=SORTS, required=False)


class FeedFilterForm(BoardFilterForm):
    """The feed's filters: also one of the boards I am in."""

    course = forms.TypedChoiceField(
        label="Course", coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.boards = (
            {board.pk: board for board in post_board_list_for(user=user)}
            if user.is_authenticated
            else {}
        )
        self.fields["course"].choices = [
            ("", "All my courses"),
            *((pk, board.title) for pk, board in self.boards.items()),
        ]

    def clean_course(self) -> CoursePage | None:
        return self.boards.get(self.cleaned_data["course"])


class QuestionForm(forms.Form):
    """A question under a lesson: a title and a body, no more."""

    title = forms.CharField(label="Your question", max_length=TITLE_MAX_LENGTH)
    body = forms.CharField(
        label="Details",
        max_length=POST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MARKDOWN_HELP,
    )


class MuteForm(forms.Form):
    """How long a moderator mutes a member, why, and (for community
    moderators in a course's thread) whether in the course or everywhere."""

    COURSE, EVERYWHERE = "course", "everywhere"
    DURATIONS = [
        (60, "1 hour"),
        (60 * 24, "1 day"),
        (60 * 24 * 7, "1 week"),
        (60 * 24 * 30, "30 days"),
    ]

    minutes = forms.TypedChoiceField(
        label="For how long", choices=DURATIONS, coerce=int, widget=forms.RadioSelect
    )
    where = forms.ChoiceField(label="Where", widget=forms.RadioSelect)
    reason = forms.CharField(
        required=False,
        max_length=Mute._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why (optional), for the moderators' record.",
    )

    def __init__(
        self, *args, course: CoursePage | None, everywhere: bool, **kwargs
    ) -> None:
        """`course`: the thread's course, or None in the feed; `everywhere`:
        whether the moderator may mute everywhere (community moderators)."""
        super().__init__(*args, **kwargs)
        self.course = course
        if course is not None and everywhere:
            self.fields["where"].choices = [
                (self.COURSE, f"In “{course.title}”"),
                (self.EVERYWHERE, "Everywhere in the community"),
            ]
            self.fields["where"].initial = self.COURSE
        else:
            del self.fields["where"]

    def clean_reason(self) -> str:
        return self.cleaned_data["reason"].strip()

    @property
    def duration(self) -> str:
        """The chosen duration, in words."""
        return dict(self.DURATIONS)[self.cleaned_data["minutes"]]

    @property
    def mute_course(self) -> CoursePage | None:
        """Where the mute applies: the thread's course, or None for everywhere."""
        if self.cleaned_data.get("where") == self.EVERYWHERE:
            return None
        return self.course
