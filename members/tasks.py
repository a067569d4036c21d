from django.utils import timezone

from django_tasks import task

from .deletion import account_delete
from .models import User


@task()
def delete_account_when_due(user_id: int) -> bool:
    """
    Enqueued to run when a deletion falls due. A cancelled or renewed request
    leaves the account not (yet) due, and this does nothing.
    """
    user = User.objects.filter(pk=user_id, deletion_due_at__lte=timezone.now()).first()
    if user is None:
        return False
    account_delete(user=user)
    return True
