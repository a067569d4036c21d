import factory
import wagtail_factories

from .models import ContactFormField, ContactPage, HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Lectern"
    hero_title = "Learn from teachers who care"
    hero_text = "Courses by independent teachers."

    class Meta:
        model = HomePage


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
