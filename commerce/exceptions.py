"""What commerce raises for its callers to catch: views show the message."""


class PaymentUnavailable(Exception):
    """The provider could not be reached or refused; the message is for people."""


class UnusableEvent(Exception):
    """A provider event that cannot be acted on; the message says why."""
