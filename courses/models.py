import secrets
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.text import slugify

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.blocks import StreamBlockValidationError
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from .admin_visibility import CourseContentPageForm
from .blocks import LessonStreamBlock, error_messages
from .permissions import CourseTeacherPermissionTester
from .review import (
    CourseChangesPanel,
    CourseReviewLock,
    GoesLiveWithCoursePanel,
    course_changes,
)
from .text import first_sentence
from .validators import validate_currency_code


class Subject(index.Indexed, models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    description = models.TextField(blank=True, max_length=500)
    icon = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("icon"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not self.slug:
            self.slug = slugify(self.name)


class CourseIndexPage(Page):
    """The catalog of courses."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1
    courses_per_page = 12

    class Meta:
        verbose_name = "course catalog"

    def get_context(self, request, *args, **kwargs):
        from .forms import CatalogFilterForm
        from .selectors import course_list_visible_to

        context = super().get_context(request, *args, **kwargs)
        form = CatalogFilterForm(request.GET or None, index=self)
        filters = form.cleaned_data if form.is_valid() else {}
        courses = course_list_visible_to(index=self, **filters)
        context["filter_form"] = form
        context["courses"] = Paginator(courses, self.courses_per_page).get_page(
            request.GET.get("page")
        )
        return context

    def get_template(self, request, *args, **kwargs):
        # HTMX asks for the next cards, or for the list after a filter change;
        # restoring history after a cache miss wants the whole page.
        htmx = getattr(request, "htmx", None)
        if htmx and not htmx.history_restore_request:
            return "courses/partials/course_list.html"
        return super().get_template(request, *args, **kwargs)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response


class CourseContentMixin:
    """Course, module and lesson pages: the course's teachers share them."""

    base_form_class = CourseContentPageForm

    def get_course(self) -> "CoursePage | None":
        if isinstance(self, CoursePage):
            return self
        return CoursePage.objects.ancestor_of(self).first()

    def permissions_for_user(self, user) -> CourseTeacherPermissionTester:
        return CourseTeacherPermissionTester(user, self)

    def route(self, request, path_components):
        # Wagtail serves a live page under an unpublished parent; in a course,
        # an unpublished course or module hides everything below it.
        if path_components and not self.live:
            raise Http404
        return super().route(request, path_components)

    def publishing_errors(self) -> list[str]:
        """
        What keeps the page, as it is, from being published: the checks that
        saving a draft defers (required fields and blocks, a video's source,
        a quiz's right answers), run as publishing it in the editor runs them.
        """
        errors = []
        try:
            self.full_clean()
        except ValidationError as error:
            errors += error.messages
        for field in self._meta.concrete_fields:
            if not isinstance(field, StreamField):
                continue
            stream = getattr(self, field.attname)
            try:
                field.stream_block.clean(stream)
            except StreamBlockValidationError as error:
                errors += [
                    f"{stream[index].block.label}: {message}"
                    for index, block_error in error.block_errors.items()
                    for message in error_messages(block_error)
                ]
                errors += [m for e in error.non_block_errors for m in e.messages]
        return errors


class CoursePartMixin:
    """
    Modules and lessons have no workflow of their own: they go to review,
    and live, with their course, and are locked while it is in review
    (see courses/review.py).
    """

    @property
    def has_workflow(self) -> bool:
        return False

    def get_workflow(self) -> None:
        return None

    def get_lock(self):
        if lock := super().get_lock():
            return lock
        course = self.get_course()
        task = course.current_workflow_task if course is not None else None
        return CourseReviewLock(self, task, course=course) if task else None


class CourseTag(TaggedItemBase):
    content_object = ParentalKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CoursePageQuerySet(PageQuerySet):
    def taught_by(self, user) -> "CoursePageQuerySet":
        """Courses `user` owns or co-teaches."""
        return self.filter(models.Q(owner=user) | models.Q(co_teachers=user)).distinct()


class CoursePageForm(CourseContentPageForm):
    """
    The editor's form for courses. What a course needs to go live is checked
    when it is published or sent to review, never as a draft is saved (or
    autosaved): a price, if it is sold, and each module and lesson going
    live with it finished.
    """

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if self.is_deferred_validation:
            return cleaned_data
        if cleaned_data.get("access_level") == CoursePage.AccessLevel.PURCHASE:
            if not cleaned_data.get("price"):
                self.add_error(
                    "price", "Set a price for a course that requires a purchase."
                )
            if not cleaned_data.get("currency"):
                self.add_error("currency", "Enter a three-letter currency code.")
        if self.instance.pk is not None:
            for page in course_changes(course=self.instance):
                draft = page.get_latest_revision_as_object()
                if errors := draft.publishing_errors():
                    self.add_error(
                        None, f"'{draft.title}' is not finished: {' '.join(errors)}"
                    )
        return cleaned_data


class CoursePage(CourseContentMixin, Page):
    class Level(models.TextChoices):
        BEGINNER = "beginner", "Beginner"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    class AccessLevel(models.TextChoices):
        OPEN = "open", "Open to anyone"
        EMAIL = "email", "Email-verified visitors"
        MEMBERS = "members", "Signed-in members"
        PURCHASE = "purchase", "Purchase required"

    class Availability(models.TextChoices):
        AVAILABLE = "available", "Available"
        COMING_SOON = "coming_soon", "Coming soon"

    subject = models.ForeignKey(
        Subject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courses",
    )
    summary = models.TextField(
        blank=True,
        max_length=300,
        help_text=(
            "One or two sentences shown on the course's card in the catalog. "
            "Left blank, the card shows the overview's first sentence."
        ),
    )
    overview = RichTextField(
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text="What students will learn, and for whom the course is.",
    )
    thumbnail = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    co_teachers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="co_taught_courses",
        limit_choices_to={"role": "teacher"},
        help_text="Teachers who may edit this course besides its owner.",
    )
    level = models.CharField(
        max_length=16, choices=Level.choices, default=Level.BEGINNER
    )
    estimated_hours = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="About how long the course takes, in hours."
    )
    tags = ClusterTaggableManager(through=CourseTag, blank=True)
    access_level = models.CharField(
        max_length=16,
        choices=AccessLevel.choices,
        default=AccessLevel.OPEN,
        help_text="Who may read the lessons. The outline is always public.",
    )
    price = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="For courses that require a purchase.",
    )
    currency = models.CharField(
        max_length=3, blank=True, help_text="ISO code, e.g. USD, EUR or KES."
    )
    availability = models.CharField(
        max_length=16,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
        help_text="Coming-soon courses show their page but take no enrollments.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("overview"),
        FieldPanel("thumbnail"),
    ]
    details_panels = [
        FieldPanel("subject"),
        FieldRowPanel([FieldPanel("level"), FieldPanel("estimated_hours")]),
        FieldPanel("tags"),
        FieldPanel("co_teachers", widget=forms.CheckboxSelectMultiple),
    ]
    access_panels = [
        FieldPanel("availability"),
        FieldPanel("access_level"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("price"), FieldPanel("currency")])],
            heading="Price",
            help_text="Only for courses that require a purchase.",
        ),
    ]
    objects = PageManager.from_queryset(CoursePageQuerySet)()

    base_form_class = CoursePageForm
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [CourseChangesPanel(heading="Review"), *content_panels],
                heading="Content",
            ),
            ObjectList(details_panels, heading="Details"),
            ObjectList(access_panels, heading="Access"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("overview"),
        index.FilterField("access_level"),
        index.FilterField("availability"),
        index.FilterField("level"),
        index.FilterField("subject"),
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = "course"

    def clean(self) -> None:
        # A price and currency are needed to publish (CoursePageForm), not to
        # save a draft; those given must be right whenever they are saved.
        super().clean()
        if self.access_level != self.AccessLevel.PURCHASE:
            self.price = None
            self.currency = ""
        elif self.currency:
            try:
                validate_currency_code(self.currency)
            except ValidationError as error:
                raise ValidationError({"currency": error}) from None
            self.currency = self.currency.upper()

    @property
    def is_coming_soon(self) -> bool:
        return self.availability == self.Availability.COMING_SOON

    @property
    def card_summary(self) -> str:
        """The summary, else the overview's first sentence, as plain text."""
        return self.summary or first_sentence(
            self.overview, max_length=self._meta.get_field("summary").max_length
        )

    def get_context(self, request, *args, **kwargs):
        from .access import (
            course_access,
            course_allows_enrollment,
            course_grant,
            course_takes_enrollments,
            user_oversees_course,
            viewer_from_request,
        )
        from .selectors import completed_lesson_ids, course_outline, course_progress

        context = super().get_context(request, *args, **kwargs)
        if self.pk is None:  # previewing a course that is not saved yet
            context.update(outline=[], has_access=False, can_enroll=False)
            return context
        context["outline"] = course_outline(course=self)
        context["grant"] = course_grant(user=request.user, course=self)
        context["has_access"] = context["grant"] is not None
        context["takes_enrollments"] = course_takes_enrollments(course=self)
        context["can_enroll"] = not context["has_access"] and course_allows_enrollment(
            user=request.user,
            course=self,
            takes_enrollments=context["takes_enrollments"],
        )
        context["lesson_unlocked"] = course_access(
            viewer=viewer_from_request(request), course=self
        ).allowed
        context["teaches"] = user_oversees_course(user=request.user, course=self)
        if context["has_access"]:
            context["progress"] = course_progress(user=request.user, course=self)
            context["completed_ids"] = completed_lesson_ids(
                user=request.user, course=self
            )
        return context


class ModulePage(CoursePartMixin, CourseContentMixin, Page):
    description = models.TextField(blank=True, max_length=1000)

    content_panels = [
        GoesLiveWithCoursePanel(heading="Review"),
        *Page.content_panels,
        FieldPanel("description"),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = "module"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["course"] = self.get_parent().specific
        context["lessons"] = (
            LessonPage.objects.live().child_of(self).defer_streamfields()
        )
        return context


class LessonPageQuerySet(PageQuerySet):
    def published(self) -> "LessonPageQuerySet":
        """
        Live lessons in live modules: those a course's readers can reach (an
        unpublished module hides its lessons, see CourseContentMixin.route).
        """
        module_path = Substr(
            OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen
        )
        return self.live().filter(
            Exists(ModulePage.objects.live().filter(path=module_path))
        )


class LessonPage(CoursePartMixin, CourseContentMixin, Page):
    summary = models.TextField(
        blank=True,
        max_length=500,
        help_text="Shown to everyone, even when the lesson itself is locked.",
    )
    free_preview = models.BooleanField(
        default=False,
        help_text="Anyone may read this lesson, whatever the course's access level.",
    )
    body = StreamField(LessonStreamBlock(), blank=True)

    content_panels = [
        GoesLiveWithCoursePanel(heading="Review"),
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("free_preview"),
        FieldPanel("body"),
    ]

    search_fields = [*Page.search_fields, index.SearchField("summary")]
    objects = PageManager.from_queryset(LessonPageQuerySet)()

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "lesson"

    def serve(self, request, *args, **kwargs):
        from .services import lesson_visit

        response = super().serve(request, *args, **kwargs)
        context = response.context_data
        previewing = getattr(request, "is_preview", False)
        if (
            request.user.is_authenticated
            and context["access"].allowed
            and not previewing
        ):
            lesson_visit(user=request.user, lesson=self, course=context["course"])
        return response

    def get_context(self, request, *args, **kwargs):
        from .access import lesson_access, viewer_from_request

        context = super().get_context(request, *args, **kwargs)
        course = self.get_course()
        context.update(
            self.get_progress_context(request, course=course),
            module=self.get_parent(),
            access=lesson_access(
                viewer=viewer_from_request(request), lesson=self, course=course
            ),
        )
        return context

    def get_progress_context(self, request, *, course: "CoursePage") -> dict:
        """
        What the outline and the completion box show: the page renders them,
        and so do the HTMX answers that change the student's progress.
        """
        from .access import user_oversees_course, viewer_from_request
        from .selectors import lesson_outline, lesson_quiz_standings, quizzes_to_pass

        outline = lesson_outline(
            viewer=viewer_from_request(request), course=course, lesson=self
        )
        standings = lesson_quiz_standings(user=request.user, lesson=self)
        return {
            "page": self,
            "course": course,
            "teaches": user_oversees_course(user=request.user, course=course),
            "outline": outline,
            "completed": outline.lesson_done,
            "quiz_standings": standings,
            "quizzes_to_pass": quizzes_to_pass(standings=standings),
        }


class Enrollment(models.Model):
    class Source(models.TextChoices):
        FREE = "free", "Free enrollment"
        PURCHASE = "purchase", "Purchase"
        PLAN = "plan", "Plan membership"
        ADMIN = "admin", "Given by an admin"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    course = models.ForeignKey(
        CoursePage, on_delete=models.CASCADE, related_name="enrollments"
    )
    source = models.CharField(max_length=16, choices=Source.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="courses_enrollment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.course}"


class LessonProgress(models.Model):
    """A lesson a student completed; the last one visited is where they resume."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lesson_progress",
    )
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="+")
    visited_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "lesson progress"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson"], name="courses_progress_unique"
            )
        ]
        indexes = [models.Index(fields=["user", "course", "-visited_at"])]

    def __str__(self) -> str:
        return f"{self.user} on {self.lesson_id}"


class QuizAttempt(models.Model):
    """A student's answers to one quiz block of a lesson, scored on the server."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    block_id = models.UUIDField()
    answers = models.JSONField(help_text="Chosen choice indexes, per question.")
    score = models.PositiveSmallIntegerField()
    max_score = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user}: {self.score}/{self.max_score}"

    @property
    def percentage(self) -> int:
        return round(100 * self.score / self.max_score) if self.max_score else 0


class VerifiedEmail(models.Model):
    """An address a visitor proved they own, to read email-verified courses."""

    email = models.EmailField(unique=True)
    first_verified_at = models.DateTimeField(auto_now_add=True)
    last_verified_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.email


class EmailAccessToken(models.Model):
    """A single-use link sent to an address; only its hash is stored."""

    email = models.EmailField()
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Access link for {self.email}"


def certificate_code() -> str:
    return secrets.token_urlsafe(9)


class Certificate(models.Model):
    """Proof that a student completed a course, verifiable by anyone at its URL."""

    code = models.CharField(max_length=16, unique=True, default=certificate_code)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="+")
    # As they were on the day: later renames do not change an issued certificate.
    student_name = models.CharField(max_length=200)
    course_title = models.CharField(max_length=255)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="courses_certificate_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_title}: {self.student_name}"

    def get_absolute_url(self) -> str:
        return reverse("courses:certificate", args=[self.code])


class CourseNotification(models.Model):
    """
    Someone who asked to hear when a coming-soon course opens. Only a
    confirmed address is told; it confirms by a single-use emailed link,
    of which only the hash is stored.
    """

    email = models.EmailField()
    course = models.ForeignKey(
        CoursePage, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    token_hash = models.CharField(max_length=64, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["email", "course"], name="courses_notification_unique"
            ),
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~models.Q(token_hash=""),
                name="courses_notification_token_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} for {self.course_id}"


class EnrollmentReminder(models.Model):
    """The one reminder a member without enrollments was sent."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Reminder to {self.user_id}"


class LessonFile(models.Model):
    """
    An object (a document, an image, a media asset...) that a lesson's body
    uses, in its live content or its latest draft. Recorded as the lesson
    is saved, so that the course rule knows at once which lessons a file is
    in (Wagtail's reference index is filled later, by a task, and holds the
    live content only).
    """

    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="file_uses"
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "content_type", "object_id"],
                name="courses_lesson_file_unique",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"Lesson {self.lesson_id} uses {self.content_type_id}:{self.object_id}"
