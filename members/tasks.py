from django_tasks import task


@task()
def delete_account_when_due(user_id: int) -> bool:
    """
    Enqueued to run when a deletion falls due. A cancelled or renewed request
    leaves the account not (yet) due, and this does nothing.
    """
    # Imported here: members.services.deletion imports this module's tasks.
    from .services.deletion import account_delete_if_due

    return account_delete_if_due(user_id=user_id)
