from django_tasks import task

from .models import Payment
from .services import mpesa_payment_settle, mpesa_payments_settle_due


@task()
def settle_mpesa_payment(payment_id: int) -> None:
    """Enqueued to run when an STK push's callback should have come."""
    payment = Payment.objects.filter(pk=payment_id).first()
    if payment is not None:
        mpesa_payment_settle(payment=payment)


@task()
def settle_mpesa_payments() -> int:
    return mpesa_payments_settle_due()
