"""
The catalog's pages: the course index, and courses of modules of lessons;
and who may do what to them in the editor (the course's teachers share
every page of it).
"""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast, Length, Substr
from django.http import Http404
from django.urls import get_script_prefix, get_urlconf
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.translation import get_language

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.blocks import StreamBlockValidationError
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    Orderable,
    Page,
    PageManager,
    PagePermissionTester,
    PageViewRestriction,
    Site,
    WorkflowState,
)
from wagtail.query import PageQuerySet
from wagtail.search import index

from members.kept import kept_on_user

from ..admin_visibility import CourseContentPageForm
from ..blocks import LessonStreamBlock, error_messages
from ..published import published_memo
from ..review import (
    CourseChangesPanel,
    CourseReviewLock,
    GoesLiveWithCoursePanel,
    course_changes,
    unfinished,
)
from ..text import first_sentence
from ..validators import validate_currency_code
from ..viewer import viewer_from_request
from .learning import Certificate, Enrollment
from .subjects import Subject


def taught_course_paths(user) -> tuple[str, ...]:
    """
    The tree paths of the courses `user` owns or co-teaches, looked up once
    per request (the user object lives as long as the request), so that
    checking every row of an admin listing costs no query.
    """
    return kept_on_user(
        user,
        "_taught_course_paths",
        lambda: tuple(
            CoursePage.objects.taught_by(user).values_list("path", flat=True)
        ),
    )


def taught_course_paths_in_review(user) -> tuple[str, ...]:
    """
    The tree paths of the courses `user` teaches that are in review (their
    workflow in progress), looked up once per request.
    """

    def in_review() -> tuple[str, ...]:
        workflows = WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=Cast(OuterRef("pk"), CharField()),
        )
        return tuple(
            CoursePage.objects.taught_by(user)
            .filter(Exists(workflows))
            .values_list("path", flat=True)
        )

    return kept_on_user(user, "_taught_course_paths_in_review", in_review)


def course_at_path(user, path: str) -> "CoursePage | None":
    """
    The course at `path` with its review state, looked up once per request
    (on the user object, as above): the admin asks each row of a listing
    whether its course's review locks it.
    """
    courses = kept_on_user(user, "_courses_by_path", dict)
    if path not in courses:
        # Specific, for Wagtail to prefetch the workflow states by the
        # course's own type.
        courses[path] = (
            Page.objects.type(CoursePage)
            .filter(path=path)
            .specific()
            .prefetch_workflow_states()
            .first()
        )
    return courses[path]


class CourseTeacherPermissionTester(PagePermissionTester):
    """
    Teachers hold "add" permission on the catalog. Wagtail lets them edit
    only pages they own; within a course, every page belongs to all of the
    course's teachers (owner and co-teachers), and to nobody else.
    """

    def __init__(self, user, page) -> None:
        super().__init__(user, page)
        self.teaches_course = (
            user.is_active
            and "add" in getattr(self, "permissions", set())
            and page.path.startswith(taught_course_paths(user))
        )
        if isinstance(page, CoursePartMixin) and getattr(page, "_course", None) is None:
            page._course = course_at_path(user, page.course_path)

    def is_restricted(self) -> bool:
        """A teacher, not a moderator or admin, on course pages."""
        return not self.user.is_superuser and "change" not in self.permissions

    @cached_property
    def course_path_in_review(self) -> str | None:
        """
        The path of the page's course when it is one of theirs in review:
        its teachers add nothing to it until the review ends (see
        courses/review.py).
        """
        if not self.teaches_course:
            return None
        in_review = taught_course_paths_in_review(self.user)
        return next((p for p in in_review if self.page.path.startswith(p)), None)

    def can_add_subpage(self) -> bool:
        if self.is_restricted() and (
            not self.teaches_course or self.course_path_in_review
        ):
            return False
        return super().can_add_subpage()

    def can_edit(self) -> bool:
        if self.is_restricted():
            return self.user.is_active and self.teaches_course
        return super().can_edit()

    def can_delete(self, ignore_bulk: bool = False) -> bool:
        if self.is_restricted():
            return self.teacher_can_delete
        return super().can_delete(ignore_bulk)

    @cached_property
    def teacher_can_delete(self) -> bool:
        """
        Teachers may delete what is unpublished in their course, as long as
        no student holds it: enrollments and certificates stay. Asked of
        every row of a listing (and more than once), so a lesson, a leaf,
        costs no query.
        """
        if not self.teaches_course or self.page.live:
            return False
        if self.page.numchild and self.page.get_descendants().live().exists():
            return False
        is_course = self.page.content_type_id == (
            ContentType.objects.get_for_model(CoursePage).pk
        )
        return not is_course or not (
            Enrollment.objects.filter(course_id=self.page.pk).exists()
            or Certificate.objects.filter(course_id=self.page.pk).exists()
        )

    def can_move_to(self, destination) -> bool:
        if self.is_restricted():
            destination_tester = destination.specific.permissions_for_user(self.user)
            if not getattr(destination_tester, "teaches_course", False):
                return False
            in_review = destination_tester.course_path_in_review
            if in_review and not self.page.path.startswith(in_review):
                return False
        return super().can_move_to(destination)

    def can_reorder_children(self) -> bool:
        # Teachers order their own course's modules and lessons.
        if self.is_restricted():
            return self.teaches_course
        return super().can_reorder_children()


@dataclass(frozen=True)
class RestrictedSections:
    """Where the site's view restrictions (privacy settings) are."""

    # The (path, depth) of each page with a view restriction.
    pages: tuple[tuple[str, int], ...]
    # Their paths, and those of their aliases, whose restrictions they share.
    paths: frozenset[str]


def restricted_sections() -> RestrictedSections:
    """
    The site's restricted sections: read once a generation of published
    content (a restriction saved or deleted, a page moved starts a new one;
    Wagtail gives a new alias restrictions of its own), for every page view
    and list to ask.
    """
    return published_memo(("restricted-sections",), _restricted_sections)


def _restricted_sections() -> RestrictedSections:
    # A row for each restriction and alias of its page: one query.
    rows = PageViewRestriction.objects.values_list(
        "pk", "page__path", "page__depth", "page__aliases__path"
    )
    pages, paths = {}, set()
    for pk, path, depth, alias_path in rows:
        pages[pk] = (path, depth)
        paths.update(p for p in (path, alias_path) if p)
    return RestrictedSections(pages=tuple(pages.values()), paths=frozenset(paths))


class RestrictedSectionsQuerySet(PageQuerySet):
    def private_q(self) -> Q:
        # Wagtail's, from the kept sections rather than a query each time.
        q = Q()
        for path, depth in restricted_sections().pages:
            q |= Q(path__startswith=path, depth__gte=depth)
        return q if q else Q(pk__in=[])


class PageUrlMixin:
    """
    A page's URL parts remembered by the process: Wagtail works them out
    anew for every link (a URL reversal each: 7 on a lesson, 24 on My
    learning). They follow from the page's tree path (`url_path`), the
    root paths of the sites it is under and how URLs are reversed here,
    where it is under one site; under several, the request's site decides
    and Wagtail is asked each time. Nothing to forget: a page moved or
    renamed, or a site changed, makes a new key.
    """

    def _get_site_root_paths(self, cache_object=None, **kwargs):
        # Wagtail reads the sites' root paths from the shared cache once a
        # request (a round trip to Redis); the process keeps them for the
        # generation of published content, which a site saved, or a page
        # published or moved (a site's root page renamed), renews.
        cache_object = cache_object or self
        if not hasattr(cache_object, "_wagtail_cached_site_root_paths"):
            cache_object._wagtail_cached_site_root_paths = published_memo(
                ("site-root-paths",), Site.get_site_root_paths
            )
        return super()._get_site_root_paths(cache_object, **kwargs)

    def get_url_parts(self, request=None):
        root_paths = self._get_relevant_site_root_paths(request)
        if len({root_path.site_id for root_path in root_paths}) > 1:
            return super().get_url_parts(request)
        key = (
            self.url_path,
            root_paths,
            get_script_prefix(),
            get_urlconf() or settings.ROOT_URLCONF,
            getattr(settings, "WAGTAIL_I18N_ENABLED", False) and get_language(),
        )
        parts = _page_url_parts.get(key, _UNKNOWN)
        if parts is _UNKNOWN:
            parts = super().get_url_parts(request)
            if len(_page_url_parts) >= PAGE_URLS_KEPT:
                _page_url_parts.clear()
            _page_url_parts[key] = parts
        return parts


# Some 15 MB at most; past it, the process starts again from none.
PAGE_URLS_KEPT = 20_000
_page_url_parts: dict[tuple, tuple | None] = {}
_UNKNOWN = object()


class ViewRestrictionsMixin:
    """
    Wagtail's view restrictions of a page (its own and its ancestors', an
    alias's by its source page), asked on every view: none, without a
    query, where no restricted section is above the page; in one query
    rather than two where one is.
    """

    def get_view_restrictions(self):
        paths = [
            self.path[:end]
            for end in range(Page.steplen, len(self.path) + 1, Page.steplen)
        ]
        if restricted_sections().paths.isdisjoint(paths):
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True)
            | Q(page__aliases__path__in=paths)
        ).distinct()


class CourseIndexPage(PageUrlMixin, ViewRestrictionsMixin, Page):
    """The catalog of courses."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1
    courses_per_page = 12

    class Meta:
        verbose_name = "course catalog"

    def route(self, request, path_components):
        return route_to_child(self, request, path_components)

    def child_pages(self) -> PageQuerySet:
        """The pages routing looks for below this one: its courses."""
        return CoursePage.objects.child_of(self).select_related("subject", "owner")

    def get_context(self, request, *args, **kwargs):
        # Imported here: courses.forms and courses.selectors import these models.
        from ..forms import CatalogFilterForm
        from ..selectors import course_index_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(
            course_index_page_context(
                index=self,
                filter_form=CatalogFilterForm(request.GET or None, index=self),
                page_number=request.GET.get("page"),
            )
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


def route_to_child(parent: Page, request, path_components: list[str]):
    """
    Wagtail's routing one level down the catalog, in one query instead of
    two: the child is looked up as the page type `parent.child_pages()`
    holds (the one its `subpage_types` allow), and remembers its parent and
    course, which the page would otherwise look up again. Anything else
    (a missing slug, a page of another type) is left to Wagtail.
    """
    if path_components:
        child = parent.child_pages().filter(slug=path_components[0]).first()
        if child is not None:
            # Treebeard's get_parent() reads this, as Wagtail's route sets it.
            child._cached_parent_obj = child._routed_from = parent
            if isinstance(parent, CourseContentMixin):
                child._course = parent.get_course()
            return child.route(request, path_components[1:])
    return Page.route(parent, request, path_components)


class CourseContentMixin(PageUrlMixin, ViewRestrictionsMixin):
    """Course, module and lesson pages: the course's teachers share them."""

    base_form_class = CourseContentPageForm

    def get_course(self) -> "CoursePage | None":
        if isinstance(self, CoursePage):
            return self
        # Known when the page was routed to, or checked in the admin.
        if (course := getattr(self, "_course", None)) is not None:
            return course
        return CoursePage.objects.ancestor_of(self).first()

    def permissions_for_user(self, user) -> CourseTeacherPermissionTester:
        return CourseTeacherPermissionTester(user, self)

    def route(self, request, path_components):
        # Wagtail serves a live page under an unpublished parent; in a course,
        # an unpublished course or module hides everything below it.
        if path_components and not self.live:
            raise Http404
        if path_components and isinstance(self, CoursePage | ModulePage):
            return route_to_child(self, request, path_components)
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

    # How many steps up the tree the course is: 1 from a module, 2 from a lesson.
    steps_below_course = 1

    @property
    def course_path(self) -> str:
        return self.path[: -self.steps_below_course * Page.steplen]

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


class CoursePrerequisite(Orderable):
    """A course a student completes before another's lessons open to them."""

    course = ParentalKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="prerequisite_links",
    )
    required = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="course to complete first",
    )

    panels = [PageChooserPanel("required", page_type="courses.CoursePage")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["course", "required"], name="courses_prerequisite_unique"
            )
        ]


def prerequisite_errors(
    *, course: "CoursePage", required: list["CoursePage"]
) -> list[str]:
    """
    What is wrong with `course` requiring `required`: itself, or a course
    that requires it already, itself or through another (neither could
    ever be started), as their prerequisites are published.
    """
    if course.pk is None:
        return []
    errors = []
    for other in required:
        if other.pk == course.pk:
            errors.append("A course cannot require itself.")
            continue
        seen, ahead = set(), {other.pk}
        while ahead and course.pk not in ahead:
            seen |= ahead
            ahead = (
                set(
                    CoursePrerequisite.objects.filter(course__in=ahead).values_list(
                        "required_id", flat=True
                    )
                )
                - seen
            )
        if course.pk in ahead:
            errors.append(
                f"{other.title} requires this course already, itself or through "
                "another: neither could be started."
            )
    return errors


class CoursePageQuerySet(RestrictedSectionsQuerySet):
    def taught_by(self, user) -> "CoursePageQuerySet":
        """Courses `user` owns or co-teaches."""
        # A union of two lookups by index: an OR across the two tables makes
        # PostgreSQL read every page (15 ms at 62,685 pages, against 0.6 ms).
        owned = CoursePage.objects.filter(owner=user).order_by().values("pk")
        co_taught = CoursePage.co_teachers.through.objects.filter(user=user)
        return self.filter(pk__in=owned.union(co_taught.values("coursepage_id")))


def sale_errors(
    *, access_level: str, price: Decimal | None, currency: str
) -> dict[str, str]:
    """
    What a course that requires a purchase needs to go live, by field: a
    price and its currency.
    """
    errors = {}
    if access_level == CoursePage.AccessLevel.PURCHASE:
        if not price:
            errors["price"] = "Set a price for a course that requires a purchase."
        if not currency:
            errors["currency"] = "Enter a three-letter currency code."
    return errors


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
        for field, message in sale_errors(
            access_level=cleaned_data.get("access_level"),
            price=cleaned_data.get("price"),
            currency=cleaned_data.get("currency"),
        ).items():
            self.add_error(field, message)
        if self.instance.pk is not None:
            for message in unfinished(pages=course_changes(course=self.instance)):
                self.add_error(None, message)
        return cleaned_data

    def is_valid(self) -> bool:
        # The prerequisites, once their own forms are valid: a draft that
        # would lock two courses forever is refused too.
        valid = super().is_valid()
        links = self.formsets.get("prerequisite_links")
        if not valid or links is None:
            return valid
        required = [
            form.cleaned_data["required"]
            for form in links.forms
            if form.cleaned_data.get("required") and not form.cleaned_data.get("DELETE")
        ]
        for message in prerequisite_errors(course=self.instance, required=required):
            self.add_error(None, message)
        return not self.errors


class Availability(models.TextChoices):
    AVAILABLE = "available", "Available"
    COMING_SOON = "coming_soon", "Coming soon"


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

    Availability = Availability

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
    # Whether it has prerequisite_links, kept as it is saved: the course rule
    # asks of every course, and most have none.
    has_prerequisites = models.BooleanField(default=False, editable=False)

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
        InlinePanel(
            "prerequisite_links",
            heading="Prerequisites",
            label="Course to complete first",
            help_text=(
                "Its lessons open to a student once they completed each of these "
                "published courses. Its outline stays public, and students may "
                "enroll before."
            ),
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
        # A price and currency are needed to publish (sale_errors), not to
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

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "prerequisite_links" in update_fields:
            self.has_prerequisites = bool(self.prerequisite_links.all())
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "has_prerequisites"}
        return super().save(*args, **kwargs)

    def publishing_errors(self) -> list[str]:
        sale = sale_errors(
            access_level=self.access_level, price=self.price, currency=self.currency
        )
        return [*super().publishing_errors(), *sale.values()]

    def going_live_errors(self) -> list[str]:
        """
        What keeps the course from going live with its review: the course as
        last saved, or a module or lesson going live with it, not finished.
        Approving its review is refused while there is any (CourseReviewTask).
        """
        return unfinished(pages=[self, *course_changes(course=self)])

    def child_pages(self) -> PageQuerySet:
        """The pages routing looks for below this one: its modules."""
        return ModulePage.objects.child_of(self)

    @property
    def is_coming_soon(self) -> bool:
        return self.availability == Availability.COMING_SOON

    @property
    def card_summary(self) -> str:
        """The summary, else the overview's first sentence, as plain text."""
        return self.summary or first_sentence(
            self.overview, max_length=self._meta.get_field("summary").max_length
        )

    def get_context(self, request, *args, **kwargs):
        # Imported here: courses.selectors imports these models.
        from ..selectors import course_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(
            course_page_context(course=self, viewer=viewer_from_request(request))
        )
        return context


class ModulePage(CoursePartMixin, CourseContentMixin, Page):
    description = models.TextField(blank=True, max_length=1000)
    requires_previous = models.BooleanField(
        default=False,
        verbose_name="requires the module before",
        help_text=(
            "Its lessons open to a student once they completed the published "
            "module before it."
        ),
    )

    content_panels = [
        GoesLiveWithCoursePanel(heading="Review"),
        *Page.content_panels,
        FieldPanel("description"),
        FieldPanel("requires_previous"),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = "module"

    def child_pages(self) -> PageQuerySet:
        """The pages routing looks for below this one: its lessons."""
        return LessonPage.objects.child_of(self)

    def get_context(self, request, *args, **kwargs):
        # Imported here: courses.selectors imports these models.
        from ..selectors import module_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(module_page_context(module=self))
        return context


class LessonPageQuerySet(RestrictedSectionsQuerySet):
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

    def to_complete(self) -> "LessonPageQuerySet":
        """
        The lessons a student completes to finish their course: published,
        and not coming soon (a lesson still being written keeps nobody from
        finishing; once it opens, it counts).
        """
        return self.published().exclude(availability=Availability.COMING_SOON)


class LessonPage(CoursePartMixin, CourseContentMixin, Page):
    Availability = Availability

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
    availability = models.CharField(
        max_length=16,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
        help_text=(
            "A coming-soon lesson is listed in the outline, but students cannot "
            "open it yet; they may ask to be told when it opens."
        ),
    )
    expected_on = models.DateField(
        null=True,
        blank=True,
        help_text=(
            "When a coming-soon lesson is expected, shown beside it. To open it "
            "on the day, schedule publishing it as available."
        ),
    )
    opens_after_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(3650)],
        verbose_name="opens after (days)",
        help_text=(
            "Opens to each student this many days after they enrolled. Left "
            "blank, it opens at once; a free preview always does."
        ),
    )

    content_panels = [
        GoesLiveWithCoursePanel(heading="Review"),
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("free_preview"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("availability"), FieldPanel("expected_on")]),
                FieldPanel("opens_after_days"),
            ],
            heading="When students may open it",
        ),
        FieldPanel("body"),
    ]

    search_fields = [*Page.search_fields, index.SearchField("summary")]
    objects = PageManager.from_queryset(LessonPageQuerySet)()
    steps_below_course = 2

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "lesson"

    @property
    def is_coming_soon(self) -> bool:
        return self.availability == Availability.COMING_SOON

    @property
    def drips(self) -> bool:
        """Whether it opens to each student some days after they enrolled."""
        return bool(self.opens_after_days) and not self.free_preview

    def get_module(self) -> ModulePage:
        """Its module: the one routing came through, if it did."""
        if (module := getattr(self, "_routed_from", None)) is not None:
            return module
        return ModulePage.objects.get(path=self.path[: -self.steplen])

    def serve(self, request, *args, **kwargs):
        # Imported here: courses.services.learning imports these models.
        from ..services.learning import lesson_visit

        response = super().serve(request, *args, **kwargs)
        context = response.context_data
        previewing = getattr(request, "is_preview", False)
        if (
            request.user.is_authenticated
            and context["access"].allowed
            and not previewing
            and not context["outline"].lesson_resumes_here
        ):
            lesson_visit(user=request.user, lesson=self, course=context["course"])
        return response

    def get_context(self, request, *args, **kwargs):
        # Imported here: courses.selectors imports these models.
        from ..selectors import lesson_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(
            lesson_page_context(lesson=self, viewer=viewer_from_request(request))
        )
        return context
