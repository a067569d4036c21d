from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.models import (
    AbstractGroupApprovalTask,
    DraftStateMixin,
    PreviewableMixin,
    RevisionMixin,
    TaskState,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from courses.access import user_teaches_course
from courses.captions import CAPTION_LANGUAGES, language_name

from .storage import library_storage


class AssetFieldFile(FieldFile):
    """
    An asset's files are in the public or the private storage, as the asset
    (or caption track) says.
    """

    @property
    def storage(self):
        return library_storage(public=self.instance.stored_publicly)

    @storage.setter
    def storage(self, value) -> None:
        # FieldFile sets the field's storage here; the asset decides instead.
        pass


class AssetFileField(models.FileField):
    attr_class = AssetFieldFile


class MediaAssetTag(TaggedItemBase):
    content_object = ParentalKey(
        "media_library.MediaAsset",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class MediaAssetQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def public(self) -> "MediaAssetQuerySet":
        """Assets everyone may see: shared publicly, approved, not hidden."""
        return self.filter(
            visibility=MediaAsset.Visibility.PUBLIC, live=True, hidden_at__isnull=True
        )


class MediaAsset(
    WorkflowMixin,
    DraftStateMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    """
    A file a member uploaded: image, video, audio or document.

    `live` means approved for the public: an asset shared publicly goes
    through the Media review workflow, and approval publishes it. Private
    and course-only assets are never live and need no review.
    """

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        VIDEO = "video", _("Video")
        AUDIO = "audio", _("Audio")
        DOCUMENT = "document", _("Document")

    # What lessons play, and what has a transcript and captions.
    PLAYABLE_KINDS = (Kind.VIDEO, Kind.AUDIO)

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Private: only me and my teachers")
        COURSE = "course", _("Course: members of one course")
        PUBLIC = "public", _("Public: everyone, once a reviewer approves")

    title = models.CharField(max_length=200)
    description = models.TextField(max_length=2000, blank=True)
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="media_assets",
        help_text=_("The course it belongs to; required to share with a course."),
    )
    tags = ClusterTaggableManager(through=MediaAssetTag, blank=True)
    transcript = models.TextField(
        max_length=100_000,
        blank=True,
        help_text=_("What is said, for those who read rather than listen."),
    )

    # What the upload turned out to be; set once, when it arrives.
    kind = models.CharField(max_length=16, choices=Kind.choices, editable=False)
    file = AssetFileField(max_length=255, editable=False)
    preview = AssetFileField(
        max_length=255, blank=True, editable=False, help_text="Images, screen-sized."
    )
    thumbnail = AssetFileField(
        max_length=255,
        blank=True,
        editable=False,
        help_text="Images, and videos given a poster.",
    )
    original_filename = models.CharField(max_length=255, editable=False)
    mime_type = models.CharField(max_length=100, editable=False)
    file_size = models.PositiveBigIntegerField(editable=False)
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Whether the files sit in the public storage; they move there after
    # approval and back when the asset stops being public.
    stored_publicly = models.BooleanField(default=False, editable=False)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="media_assets",
        editable=False,
    )
    hidden_at = models.DateTimeField(null=True, blank=True, editable=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    _revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        for_concrete_model=False,
    )
    _workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        for_concrete_model=False,
    )

    objects = MediaAssetQuerySet.as_manager()

    FILE_FIELDS = ("file", "preview", "thumbnail")

    panels = [
        HelpPanel(template="media_library/admin/asset_file_panel.html", heading="File"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("tags"),
        FieldPanel("transcript"),
        FieldPanel("visibility"),
        FieldPanel("course"),
    ]

    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.SearchField("transcript"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("id"),
        index.FilterField("kind"),
        index.FilterField("visibility"),
        index.FilterField("live"),
        index.FilterField("hidden_at"),
        index.FilterField("owner"),
        index.FilterField("course"),
        index.FilterField("created_at"),
    ]

    class Meta:
        verbose_name = _("media asset")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["visibility", "live", "-created_at"], name="media_asset_public"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("media_library:detail", args=[self.pk])

    @property
    def is_playable(self) -> bool:
        return self.kind in self.PLAYABLE_KINDS

    @property
    def is_public(self) -> bool:
        return (
            self.visibility == self.Visibility.PUBLIC
            and self.live
            and self.hidden_at is None
        )

    @property
    def files(self) -> list[AssetFieldFile]:
        """The asset's stored files: the original and any renditions."""
        files = (getattr(self, name) for name in self.FILE_FIELDS)
        return [file for file in files if file]

    def with_content_json(self, content):
        """
        Revisions hold what people edit; the files, where they are stored,
        who owns the asset and whether it is hidden belong to the asset as a
        whole, and stay as they are when a revision is published.
        """
        obj = super().with_content_json(content)
        for field in (
            "kind",
            *self.FILE_FIELDS,
            "original_filename",
            "mime_type",
            "file_size",
            "width",
            "height",
            "stored_publicly",
            "owner_id",
            "hidden_at",
            "hidden_by_id",
            "created_at",
        ):
            setattr(obj, field, getattr(self, field))
        return obj

    def get_preview_template(self, request, mode_name):
        return "media_library/asset_preview.html"

    def get_preview_context(self, request, mode_name):
        # Reviewers see the captions waiting for their approval too.
        return {
            **super().get_preview_context(request, mode_name),
            "tracks": list(self.captions.all()),
        }


class CaptionTrackQuerySet(models.QuerySet):
    def approved(self) -> "CaptionTrackQuerySet":
        return self.filter(approved=True)


class CaptionTrack(models.Model):
    """
    A WebVTT caption file for a video or recording, one a language. Caption
    files are small: they stay in the private storage, and go out through
    their checked view whatever the asset's visibility.
    """

    asset = models.ForeignKey(
        MediaAsset, on_delete=models.CASCADE, related_name="captions"
    )
    language = models.CharField(max_length=16, choices=CAPTION_LANGUAGES)
    file = AssetFileField(max_length=255)
    # Captions its owner adds to a public asset are shown to the public once
    # a reviewer approves the asset again; all others at once.
    approved = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaptionTrackQuerySet.as_manager()

    stored_publicly = False  # where AssetFileField looks

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "language"], name="media_caption_track_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.asset} ({self.label})"

    @property
    def label(self) -> str:
        return language_name(self.language)

    @property
    def url(self) -> str:
        """Where players fetch it: its checked view."""
        return reverse("media_library:caption", args=[self.asset_id, self.language])


class MediaReviewTask(AbstractGroupApprovalTask):
    """
    Approval of a media asset shared publicly: by the members of the chosen
    groups (Moderators), and by the teachers of the asset's course.
    """

    def user_can_review(self, obj, user) -> bool:
        if user.is_superuser or self._user_in_groups(user):
            return True
        # A course's teachers review its members' media, never their own.
        course = getattr(obj, "course", None)
        return (
            course is not None
            and obj.owner_id != user.pk
            and user_teaches_course(user=user, course=course)
        )

    def user_can_access_editor(self, obj, user) -> bool:
        return self.user_can_review(obj, user)

    def locked_for_user(self, obj, user) -> bool:
        return not self.user_can_review(obj, user)

    def user_can_lock(self, obj, user) -> bool:
        return self.user_can_review(obj, user)

    def get_actions(self, obj, user):
        if not self.user_can_review(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        in_progress = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser or self._user_in_groups(user):
            return in_progress
        # Imported here: selectors import this module.
        from .selectors import asset_task_state_list_taught_by

        return asset_task_state_list_taught_by(task_states=in_progress, teacher=user)

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups, and the teachers of the asset's "
            "course, approve media shared publicly"
        )

    class Meta:
        verbose_name = _("media review task")
        verbose_name_plural = _("media review tasks")
