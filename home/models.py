from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import HomeStreamBlock, StandardStreamBlock


class HomePage(Page):
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
    subpage_types = ["home.StandardPage", "courses.CourseIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        # Imported here: home.selectors imports this model.
        from .selectors import home_page_courses

        context = super().get_context(request, *args, **kwargs)
        context["home_courses"] = home_page_courses(page=self)
        return context


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


class StandardPage(Page):
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
    subpage_types = ["home.StandardPage", "courses.CourseIndexPage"]

    class Meta:
        verbose_name = "standard page"


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

    panels = [FieldPanel("privacy_policy"), FieldPanel("terms")]

    class Meta:
        verbose_name = "legal pages"
