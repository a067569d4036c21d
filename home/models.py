from django.conf import settings
from django.db import models
from django.template.response import TemplateResponse

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.forms.models import (
    AbstractEmailForm,
    AbstractFormField,
    FormSubmission,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from courses.models import PageUrlMixin

from .blocks import HomeStreamBlock, StandardStreamBlock
from .forms import (
    CONTACT_FIELDS,
    HONEYPOT_FIELD,
    ContactFormBuilder,
    ContactPageForm,
    validate_subjects,
)


class HomePage(PageUrlMixin, Page):
    hero_title = models.CharField(
        max_length=120, blank=True, help_text="Defaults to the page title."
    )
    hero_text = models.TextField(
        blank=True, max_length=400, help_text="One or two sentences under the title."
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hero_cta_label = models.CharField("button label", max_length=40, blank=True)
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="button page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    body = StreamField(
        HomeStreamBlock(), blank=True, help_text="Featured content, top to bottom."
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_cta_label"),
                FieldPanel("hero_cta_page"),
            ],
            heading="Hero",
        ),
        FieldPanel("intro"),
        InlinePanel(
            "featured_courses",
            heading="Featured courses",
            label="Featured course",
            help_text="Shown first, in this order. Without any, the newest courses.",
        ),
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_text"),
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.StandardPage", "home.ContactPage", "courses.CourseIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        # Imported here: home.selectors imports this model.
        from .selectors import home_page_courses

        context = super().get_context(request, *args, **kwargs)
        context["home_courses"] = home_page_courses(page=self, request=request)
        return context

    def route(self, request, path_components):
        # Imported here: home.selectors imports this model.
        from .selectors import catalog_get

        # The header reads the catalog on every page: routing to it, and so to
        # every course and lesson, takes no query of its own (Wagtail's route
        # would look the child up, then its specific page).
        catalog = catalog_get(request) if path_components else None
        if (
            catalog is not None
            and catalog.slug == path_components[0]
            and catalog.path[: -self.steplen] == self.path
        ):
            catalog._cached_parent_obj = self
            return catalog.route(request, path_components[1:])
        return super().route(request, path_components)


class HomePageFeaturedCourse(Orderable):
    page = ParentalKey(
        HomePage, on_delete=models.CASCADE, related_name="featured_courses"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("course", "courses.CoursePage")]

    class Meta(Orderable.Meta):
        verbose_name = "featured course"


class StandardPage(PageUrlMixin, Page):
    """A page of text: about, help, privacy policy, terms."""

    intro = models.TextField(blank=True, max_length=400)
    body = StreamField(StandardStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage", "home.ContactPage", "courses.CourseIndexPage"]

    class Meta:
        verbose_name = "standard page"


class ContactFormField(AbstractFormField):
    page = ParentalKey(
        "home.ContactPage", on_delete=models.CASCADE, related_name="form_fields"
    )


class ContactPage(PageUrlMixin, AbstractEmailForm):
    """
    "Contact us": a form whose messages are kept in the admin (Forms) and
    emailed to support. It always asks for the sender's email and a subject
    from `subjects`; editors add the other fields (a message, a name...).
    """

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    subjects = models.TextField(
        help_text="What a message may be about, one a line, in this order.",
        validators=[validate_subjects],
    )
    thank_you_text = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Shown once a message is sent.",
    )

    content_panels = [
        FormSubmissionsPanel(),
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("subjects"),
        InlinePanel(
            "form_fields",
            label="Further field",
            heading="Further fields",
            help_text="Asked after the sender's email and the subject.",
        ),
        FieldPanel("thank_you_text"),
        FieldPanel(
            "to_address",
            help_text=(
                "Where messages are emailed, separated by commas. Leave blank "
                "for the site's support address (SUPPORT_EMAIL)."
            ),
        ),
    ]

    search_fields = [*Page.search_fields, index.SearchField("intro")]
    base_form_class = ContactPageForm

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "contact page"

    def get_form_class(self):
        builder = ContactFormBuilder(
            self.get_form_fields(), subjects=self.subject_choices()
        )
        return builder.get_form_class()

    def get_data_fields(self):
        submit_time, *further = super().get_data_fields()
        return [submit_time, *CONTACT_FIELDS.items(), *further]

    def subject_choices(self) -> list[str]:
        return [line.strip() for line in self.subjects.splitlines() if line.strip()]

    def recipients(self) -> list[str]:
        """Who its messages are emailed to; none when no address is set."""
        addresses = self.to_address or settings.SUPPORT_EMAIL
        return [address.strip() for address in addresses.split(",") if address.strip()]

    def serve(self, request, *args, **kwargs):
        # Imported here: home.services imports this module's models.
        from .services import contact_rate_allows

        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form = self.get_form(request.POST, page=self, user=request.user)
        if not form.is_valid():
            context = self.get_context(request)
            context["form"] = form
            return TemplateResponse(
                request, self.get_template(request), context, status=400
            )
        # A bot that filled in the hidden field is thanked, and ignored.
        if form.cleaned_data[HONEYPOT_FIELD]:
            return self.render_landing_page(request)
        if not contact_rate_allows(request=request):
            return TemplateResponse(
                request,
                "courses/too_many_requests.html",
                {"message": "Too many messages came from your connection. Try later."},
                status=429,
            )
        return self.render_landing_page(request, self.process_form_submission(form))

    def process_form_submission(self, form) -> FormSubmission:
        # Imported here: home.services imports this module's models.
        from .services import contact_message_receive

        return contact_message_receive(page=self, form=form)


@register_setting(icon="doc-full")
class LegalPages(BaseSiteSetting):
    """The pages that sign-up, account deletion and the footer link to."""

    privacy_policy = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    terms = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="terms of use",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    contact = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="contact page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    panels = [FieldPanel("privacy_policy"), FieldPanel("terms"), FieldPanel("contact")]
    # Every page's footer links to them: read with the setting, in one query.
    select_related = ["privacy_policy", "terms", "contact"]

    class Meta:
        verbose_name = "legal pages"
