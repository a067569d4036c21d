"""Contact messages: received from the contact page, kept, and emailed to support."""

from django import forms
from django.http import HttpRequest

from wagtail.contrib.forms.models import FormSubmission

from allauth.core import ratelimit

from members.mail import mail_message
from members.models import User

from .models import ContactPage
from .selectors import contact_messages_of
from .tasks import send_contact_message


def contact_rate_allows(*, request: HttpRequest) -> bool:
    """Count a message from the client of `request`; False past the rate
    (ACCOUNT_RATE_LIMITS["contact_message"])."""
    return ratelimit.consume(request, action="contact_message")


def contact_message_receive(*, page: ContactPage, form: forms.Form) -> FormSubmission:
    """Keep the message of a valid contact `form` (its spam traps left out),
    and have it emailed to the page's recipients."""
    kept = {name for name, _label in page.get_data_fields()}
    submission = FormSubmission.objects.create(
        page=page,
        form_data={
            name: value for name, value in form.cleaned_data.items() if name in kept
        },
    )
    if page.recipients():
        send_contact_message.enqueue(submission_id=submission.pk)
    return submission


def contact_message_send(*, submission_id: int) -> None:
    """Email a kept contact message to its page's recipients, who can reply
    to its sender."""
    submission = FormSubmission.objects.select_related("page").get(pk=submission_id)
    page = submission.page.specific
    data = submission.form_data
    lines = [
        (label, ", ".join(map(str, value)) if isinstance(value, list) else value)
        for name, label in page.get_data_fields()
        if (value := data.get(name)) is not None
    ]
    mail_message(
        subject=f"Contact: {data['subject']}",
        template="home/email/contact_message.txt",
        context={"page": page, "lines": lines, "submission": submission},
        to=page.recipients(),
        headers={"Reply-To": data["email"]},
    ).send()


def contact_messages_delete(*, user: User) -> None:
    """Forget the contact messages of an account being deleted."""
    contact_messages_of(user=user).delete()
