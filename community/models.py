"""
Community: posts in the site-wide feed, in a course's discussion board and
under a lesson (its questions), comments with one level of replies, likes,
students' reviews of courses, members' reports, and moderators' mutes.

Who may see and write where is decided in `access.py`; nothing here.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

TITLE_MAX_LENGTH = 200
POST_MAX_LENGTH = 10_000
COMMENT_MAX_LENGTH = 5_000
REVIEW_MAX_LENGTH = 5_000


class Status(models.TextChoices):
    PUBLISHED = "published", _("Published")
    # A new member's first posts, while the setting holds them for review.
    HELD = "held", _("Held for review")
    HIDDEN = "hidden", _("Hidden by a moderator")


class Contribution(models.Model):
    """
    What posts and comments share: a Markdown body rendered once, and a
    state. Their author is empty once a deleted account's contribution
    stays for the sake of others' replies.
    """

    # The body as Markdown rendered to sanitised HTML, when it was saved.
    body_html = models.TextField(editable=False, default="")
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PUBLISHED
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class TaggedPost(TaggedItemBase):
    content_object = models.ForeignKey(
        "Post", on_delete=models.CASCADE, related_name="tagged_items"
    )


class PostQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class Post(index.Indexed, Contribution):
    """
    A post in the site-wide feed (no course), in a course's board (a course
    and no lesson), or a question under a lesson (its lesson, and the
    lesson's course).
    """

    class Kind(models.TextChoices):
        FEED = "feed", _("Community feed")
        BOARD = "board", _("Course board")
        QUESTION = "question", _("Lesson question")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="community_posts",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="community_posts",
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questions",
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    body = models.TextField(max_length=POST_MAX_LENGTH)
    attachments = models.ManyToManyField(
        "media_library.MediaAsset", blank=True, related_name="+"
    )
    tags = TaggableManager(through=TaggedPost, blank=True)
    # A locked thread takes no more comments.
    locked_at = models.DateTimeField(null=True, blank=True)
    # A lesson question's accepted answer: one of its comments.
    accepted_answer = models.ForeignKey(
        "Comment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PostQuerySet.as_manager()

    # Found by the site search through `access.post_list_visible_to`, whose
    # filters are all on these fields, so any search backend can apply them.
    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("id"),
        index.FilterField("author"),
        index.FilterField("course"),
        index.FilterField("lesson"),
        index.FilterField("status"),
        index.FilterField("created_at"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="community_post_feed"),
            models.Index(
                fields=["course", "-created_at", "-id"], name="community_post_board"
            ),
            models.Index(
                fields=["lesson", "-created_at", "-id"],
                name="community_post_question",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(lesson__isnull=True) | Q(course__isnull=False),
                name="community_question_has_course",
            )
        ]
        permissions = [("moderate_community", "Can moderate the community")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:post", args=[self.pk])

    @property
    def kind(self) -> "Post.Kind":
        if self.lesson_id:
            return self.Kind.QUESTION
        if self.course_id:
            return self.Kind.BOARD
        return self.Kind.FEED

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class Comment(Contribution):
    """A comment on a post, or a reply to one (one level: replies have none)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="community_comments",
    )
    body = models.TextField(max_length=COMMENT_MAX_LENGTH)
    # A deleted comment that has replies stays as a placeholder, emptied.
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["post", "created_at", "id"], name="community_thread")
        ]

    def __str__(self) -> str:
        return self.body[:50]

    def get_absolute_url(self) -> str:
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Review(Contribution):
    """
    A student's stars for a course they have largely done (1 to 5), with
    what they say of it if anything: one each, which they may edit. The
    course's teachers may reply once; community moderators hide abusive
    ones. `courses.CourseRating` sums up the shown ones.
    """

    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="reviews"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="course_reviews",
    )
    rating = models.PositiveSmallIntegerField()
    body = models.TextField(max_length=REVIEW_MAX_LENGTH, blank=True)
    reply = models.TextField(max_length=REVIEW_MAX_LENGTH, blank=True)
    reply_html = models.TextField(editable=False, default="")
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "author"], name="community_review_once"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="community_review_rating_1_to_5",
            ),
        ]
        indexes = [
            models.Index(
                fields=["course", "status", "-created_at"],
                name="community_review_course",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rating}★ for {self.course}"

    def get_absolute_url(self) -> str:
        reviews = reverse("community:course_reviews", args=[self.course_id])
        return f"{reviews}#review-{self.pk}"


class Revision(models.Model):
    """An earlier version of an edited post or comment, for moderators."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="revisions"
    )
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revisions",
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    body = models.TextField()
    # When this version was written (the post's or comment's time, or its
    # previous edit's).
    written_at = models.DateTimeField()
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=True) ^ Q(comment__isnull=True),
                name="community_revision_of_one",
            )
        ]

    def __str__(self) -> str:
        return f"Version of {self.written_at:%Y-%m-%d %H:%M}"


class Like(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="community_likes",
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="likes"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="likes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=True) ^ Q(comment__isnull=True),
                name="community_like_of_one",
            ),
            models.UniqueConstraint(
                fields=["user", "post"],
                condition=Q(post__isnull=False),
                name="community_like_post_once",
            ),
            models.UniqueConstraint(
                fields=["user", "comment"],
                condition=Q(comment__isnull=False),
                name="community_like_comment_once",
            ),
        ]
        indexes = [
            models.Index(fields=["post", "created_at"], name="community_like_recent")
        ]

    def __str__(self) -> str:
        return f"{self.user} likes {self.post or self.comment}"


class Report(models.Model):
    """A member's flag on a post, comment or course review, for moderators."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Harassment or hate")
        INAPPROPRIATE = "inappropriate", _("Inappropriate content")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Something else")

    class Verdict(models.TextChoices):
        HIDDEN = "hidden", _("Hidden")
        DISMISSED = "dismissed", _("Dismissed")
        MUTED = "muted", _("Author muted")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
    )
    review = models.ForeignKey(
        Review,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    details = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verdict = models.CharField(max_length=16, choices=Verdict.choices, blank=True)

    class Meta:
        verbose_name = "community report"
        ordering = ["resolved_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False, comment=None, review=None)
                | Q(post=None, comment__isnull=False, review=None)
                | Q(post=None, comment=None, review__isnull=False),
                name="community_report_of_one_target",
            ),
            models.UniqueConstraint(
                fields=["reporter", "post"],
                condition=Q(post__isnull=False),
                name="community_report_post_once",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=Q(comment__isnull=False),
                name="community_report_comment_once",
            ),
            models.UniqueConstraint(
                fields=["reporter", "review"],
                condition=Q(review__isnull=False),
                name="community_report_review_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Report on {self.target}"

    @property
    def target(self) -> Post | Comment | Review:
        return self.post or self.comment or self.review


class Mute(models.Model):
    """A member kept from posting, commenting and liking for a while:
    in one course's board and lesson threads, or (no course) everywhere."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="community_mutes",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    until = models.DateTimeField()
    reason = models.CharField(max_length=500, blank=True)
    muted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "community mute"
        ordering = ["-until"]
        indexes = [models.Index(fields=["user", "until"], name="community_mute_active")]

    def __str__(self) -> str:
        return f"{self.user} muted until {self.until:%Y-%m-%d %H:%M}"
