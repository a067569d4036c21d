from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from wagtail import blocks

# Also importable from here for the migrations that name home.blocks.ParagraphBlock.
from courses.blocks import ParagraphBlock


def validate_link(value: str) -> None:
    """A full http(s) URL, or a path on this site such as /accounts/signup/."""
    if value.startswith("/") and not value.startswith("//"):
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            "Enter a full URL (https://…) or a path on this site starting with /."
        ) from None


class FeaturedPagesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(),
        min_num=1,
        max_num=6,
        help_text="Shown as cards, in this order.",
    )

    class Meta:
        icon = "list-ul"
        template = "blocks/featured_pages_block.html"
        preview_value = {"heading": "Featured courses", "pages": []}
        description = "A row of cards linking to chosen pages, such as courses."


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.CharBlock(
        required=False,
        max_length=500,
        validators=[validate_link],
        help_text="A full URL or a path on this site; used when no page is chosen.",
    )
    button_label = blocks.CharBlock(max_length=40, default="Find out more")

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"
        preview_value = {
            "title": "Start teaching today",
            "text": "Write your first course in the Lectern editor.",
            "url": "https://example.com/",
            "button_label": "Get started",
        }
        description = "A banner with a short message and a button."

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": ValidationError(
                        "Choose a page or enter a URL for the button."
                    )
                }
            )
        return value


class StandardStreamBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    call_to_action = CallToActionBlock()


class HomeStreamBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    featured_pages = FeaturedPagesBlock()
    call_to_action = CallToActionBlock()
