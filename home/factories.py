from wagtail.models import Page, Site

import factory
import wagtail_factories

from .models import ContactFormField, ContactPage, HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Lectern"
    hero_title = "Learn from teachers who care"
    hero_text = "Courses by independent teachers."

    class Meta:
        model = HomePage


def home_page_create() -> HomePage:
    """A home page as the root of the default site, as `seed_demo` leaves it."""
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="lectern")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    return home


class ContactPageFactory(wagtail_factories.PageFactory):
    title = "Contact us"
    slug = "contact"
    subjects = "A course\nPayments\nSomething else"

    class Meta:
        model = ContactPage
        skip_postgeneration_save = True

    @factory.post_generation
    def message_field(obj, create, extracted, **kwargs):
        """Editors' fields: a message, unless told otherwise (False)."""
        if create and extracted is not False:
            ContactFormField.objects.create(
                page=obj, label="Message", field_type="multiline"
            )
