from django_tasks import task


@task()
def settle_mpesa_payment(payment_id: int) -> None:
    """Enqueued to run when an STK push's callback should have come."""
    # Imported here: commerce.services.mpesa imports this module's tasks.
    from .services.mpesa import mpesa_payment_settle

    mpesa_payment_settle(payment_id=payment_id)


@task()
def settle_mpesa_payments() -> int:
    # Imported here: commerce.services.mpesa imports this module's tasks.
    from .services.mpesa import mpesa_payments_settle_due

    return mpesa_payments_settle_due()


@task()
def delete_stripe_customer(customer_pk: int) -> bool:
    """
    Enqueued once an account's deletion is committed. If Stripe cannot be
    reached, the delete_stripe_customers sweep tries again later.
    """
    # Imported here: commerce.services.accounts imports this module's tasks.
    from .services.accounts import stripe_customer_delete

    return stripe_customer_delete(customer_pk=customer_pk)


@task()
def delete_stripe_customers() -> int:
    # Imported here: commerce.services.accounts imports this module's tasks.
    from .services.accounts import stripe_customers_delete_pending

    return stripe_customers_delete_pending()
