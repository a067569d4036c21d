from django_tasks import task


@task()
def send_contact_message(submission_id: int) -> None:
    # Imported here: home.services imports this module's tasks.
    from .services import contact_message_send

    contact_message_send(submission_id=submission_id)
