from django import forms
from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from wagtail.contrib.forms.models import FormSubmission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest
from allauth.account.models import EmailAddress

from home.factories import ContactPageFactory
from home.models import ContactFormField
from members.factories import AdminFactory, TeacherFactory, UserFactory
from members.selectors import account_data_export
from members.services.deletion import account_delete

pytestmark = pytest.mark.django_db

MESSAGE = {
    "email": "amina@example.com",
    "subject": "Payments",
    "message": "My receipt never came.",
}


class AnswerField(forms.CharField):
    """A stand-in CAPTCHA: passes when told "42"."""

    def validate(self, value):
        super().validate(value)
        if value != "42":
            raise forms.ValidationError("Wrong answer.")


@pytest.fixture
def contact_page(home_page, settings):
    settings.SUPPORT_EMAIL = "support@lectern.test"
    return ContactPageFactory(parent=home_page)


def test_visitor_sends_a_message_kept_for_admins_and_emailed_to_support(
    client, contact_page
):
    form = client.get(contact_page.url).content.decode()
    assert '<option value="Payments">Payments</option>' in form
    assert 'name="website"' in form  # the spam trap, hidden from people

    response = client.post(contact_page.url, {**MESSAGE, "website": ""})

    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    submission = FormSubmission.objects.get(page=contact_page)
    # The spam trap is not kept.
    assert submission.form_data == MESSAGE
    [email] = mail.outbox
    assert email.to == ["support@lectern.test"]
    assert email.message()["Reply-To"] == "amina@example.com"
    assert email.subject == "[Lectern] Contact: Payments"
    assert "Message:\nMy receipt never came." in email.body
    assert "Your email:\namina@example.com" in email.body


def test_the_pages_own_addresses_replace_the_support_address(client, contact_page):
    contact_page.to_address = "billing@lectern.test, help@lectern.test"
    contact_page.save_revision().publish()

    client.post(contact_page.url, MESSAGE)

    assert mail.outbox[0].to == ["billing@lectern.test", "help@lectern.test"]


def test_without_an_address_messages_are_only_kept(client, contact_page, settings):
    settings.SUPPORT_EMAIL = ""

    assert client.post(contact_page.url, MESSAGE).status_code == 200

    assert FormSubmission.objects.filter(page=contact_page).count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": ""}, "email"),
        ({"email": "not an address"}, "email"),
        ({"subject": ""}, "subject"),
        ({"subject": "Not one of ours"}, "subject"),
        ({"message": ""}, "message"),
    ],
)
def test_a_message_without_a_valid_sender_or_subject_is_refused(
    client, contact_page, change, field
):
    response = client.post(contact_page.url, {**MESSAGE, **change})

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not FormSubmission.objects.exists()
    assert mail.outbox == []


def test_a_bot_filling_the_hidden_field_is_thanked_and_ignored(client, contact_page):
    response = client.post(contact_page.url, {**MESSAGE, "website": "http://spam"})

    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    assert not FormSubmission.objects.exists()
    assert mail.outbox == []


def test_a_client_sending_too_many_messages_is_stopped(client, contact_page, settings):
    settings.ACCOUNT_RATE_LIMITS = {"contact_message": "2/h/ip"}
    for _ in range(2):
        assert client.post(contact_page.url, MESSAGE).status_code == 200

    response = client.post(contact_page.url, MESSAGE)

    assert response.status_code == 429
    assert FormSubmission.objects.count() == 2
    assert len(mail.outbox) == 2
    # Another client is not held up by it.
    other = client.post(contact_page.url, MESSAGE, REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 200


def test_no_captcha_unless_a_setting_names_one(client, contact_page, settings):
    assert "captcha" not in client.get(contact_page.url).context["form"].fields

    settings.CONTACT_CAPTCHA_FIELD = "home.tests.test_contact.AnswerField"

    wrong = client.post(contact_page.url, {**MESSAGE, "captcha": "41"})
    assert wrong.status_code == 400
    assert wrong.context["form"].errors["captcha"] == ["Wrong answer."]
    assert not FormSubmission.objects.exists()
    right = client.post(contact_page.url, {**MESSAGE, "captcha": "42"})
    assert right.status_code == 200
    # The CAPTCHA's answer is not kept.
    assert FormSubmission.objects.get().form_data == MESSAGE


def test_a_captcha_setting_naming_no_form_field_fails_the_checks(settings):
    settings.CONTACT_CAPTCHA_FIELD = "home.tests.test_contact.MESSAGE"

    with pytest.raises(SystemCheckError, match="CONTACT_CAPTCHA_FIELD"):
        call_command("check")


def test_an_editors_field_never_replaces_the_senders_email(client, contact_page):
    # Saved around the editor's form, which refuses the name.
    ContactFormField.objects.create(
        page=contact_page, label="Email", field_type="singleline", required=False
    )

    response = client.post(contact_page.url, {**MESSAGE, "email": "not an address"})

    assert response.status_code == 400


def test_editors_cannot_give_a_field_the_name_of_ours(client, contact_page):
    client.force_login(AdminFactory())
    url = f"/admin/pages/{contact_page.pk}/edit/"
    data = nested_form_data(
        {
            "title": contact_page.title,
            "slug": contact_page.slug,
            "subjects": contact_page.subjects,
            "intro": rich_text(""),
            "thank_you_text": rich_text(""),
            "form_fields": inline_formset(
                [{"label": "Email", "field_type": "email", "required": "on"}]
            ),
        }
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Every contact form has a field named “email”" in response.content.decode()
    assert not ContactFormField.objects.filter(label="Email").exists()


def test_a_members_own_address_is_filled_in(client, contact_page):
    member = TeacherFactory(email="tamu@example.com")
    client.force_login(member)

    form = client.get(contact_page.url).content.decode()

    assert 'name="email" value="tamu@example.com"' in form


def test_admins_read_the_messages_and_teachers_cannot(client, contact_page):
    client.post(contact_page.url, MESSAGE)
    url = f"/admin/forms/submissions/{contact_page.pk}/"

    client.force_login(TeacherFactory())
    assert client.get(url).status_code in (302, 403, 404)

    client.force_login(AdminFactory())
    listing = client.get(url).content.decode()
    assert "amina@example.com" in listing
    assert "My receipt never came." in listing


def test_a_deleted_accounts_messages_are_forgotten(client, contact_page):
    member = UserFactory(email="Amina@Example.com", email_verified=True)
    # Added to the account, never verified: it could be anyone's.
    EmailAddress.objects.create(user=member, email="someone@example.com")
    client.post(contact_page.url, MESSAGE)
    client.post(contact_page.url, {**MESSAGE, "email": "someone@example.com"})

    account_delete(user=member)

    assert [s.form_data["email"] for s in FormSubmission.objects.all()] == [
        "someone@example.com"
    ]


def test_the_data_export_has_the_messages_from_verified_addresses(client, contact_page):
    member = UserFactory(email="Amina@Example.com", email_verified=True)
    EmailAddress.objects.create(user=member, email="old@example.com", verified=True)
    EmailAddress.objects.create(user=member, email="claimed@example.com")
    for email in ("amina@example.com", "old@example.com", "claimed@example.com"):
        client.post(contact_page.url, {**MESSAGE, "email": email})
    client.post(contact_page.url, {**MESSAGE, "email": "someone@example.com"})

    exported = account_data_export(user=member)["contact_messages"]

    # Not from an address added but never verified: anyone could add one.
    assert [message["fields"]["email"] for message in exported] == [
        "amina@example.com",
        "old@example.com",
    ]
    assert exported[0]["page"] == contact_page.title
    assert exported[0]["fields"]["message"] == "My receipt never came."
