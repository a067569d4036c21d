"""
Text messages, for sign-in codes: sent through the provider SMS_PROVIDER
names, "twilio" (its REST API) or "console" (printed, for development, as
emails are).
"""

import logging
import sys

from django.conf import settings

import requests

logger = logging.getLogger(__name__)

TWILIO_MESSAGES_URL = "https://api.twilio.com/2010-04-01/Accounts/{sid}/Messages.json"
TIMEOUT = 15
# Twilio's error codes for a number that cannot take the message: not a
# valid number, not a mobile one, a country the account may not send to,
# a number that replied STOP.
TWILIO_NUMBER_ERRORS = {21211, 21408, 21610, 21612, 21614}


class SmsUnavailable(Exception):
    """A text message could not go; the message says why, for the member."""


def sms_available() -> bool:
    """Whether text messages can be sent: the provider is set up."""
    if settings.SMS_PROVIDER == "console":
        return True
    return bool(
        settings.TWILIO_ACCOUNT_SID
        and settings.TWILIO_AUTH_TOKEN
        and settings.TWILIO_FROM
    )


def sms_send(*, to: str, body: str) -> None:
    """Text `body` to the number `to` (E.164), or raise SmsUnavailable."""
    if not sms_available():
        raise SmsUnavailable("Text messages are not set up on this site.")
    if settings.SMS_PROVIDER == "console":
        sys.stdout.write(f"Text message to {to}:\n{body}\n")
        return
    _twilio_send(to=to, body=body)


def _twilio_send(*, to: str, body: str) -> None:
    sender = settings.TWILIO_FROM
    # A Messaging Service (MG…) picks the sending number itself.
    sender_field = "MessagingServiceSid" if sender.startswith("MG") else "From"
    try:
        response = requests.post(
            TWILIO_MESSAGES_URL.format(sid=settings.TWILIO_ACCOUNT_SID),
            data={"To": to, "Body": body, sender_field: sender},
            auth=(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN),
            timeout=TIMEOUT,
        )
    except requests.RequestException as error:
        logger.warning("Twilio could not be reached: %s", error)
        raise SmsUnavailable(
            "Text messages cannot be sent right now. Try again in a few minutes."
        ) from error
    if response.ok:
        return
    try:
        error = response.json()
    except ValueError:
        error = {}
    logger.warning(
        "Twilio refused a message (HTTP %s, error %s): %s",
        response.status_code,
        error.get("code"),
        error.get("message"),
    )
    if error.get("code") in TWILIO_NUMBER_ERRORS:
        raise SmsUnavailable("This number cannot receive our text messages.")
    raise SmsUnavailable(
        "Text messages cannot be sent right now. Try again in a few minutes."
    )
