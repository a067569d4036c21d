"""
Twilio, faked at the HTTP boundary for the tests and journeys of sign-in
codes by text message: its Messages API records what was sent and answers
as Twilio does.
"""

import json
import re
from urllib.parse import parse_qs

import responses

ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
MESSAGES_URL = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"


def twilio_settings(settings) -> None:
    """Texts go through Twilio, as in production."""
    settings.SMS_PROVIDER = "twilio"
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = "auth-token"
    settings.TWILIO_FROM = "+15005550006"


class Twilio:
    """Twilio's Messages API: records what was sent, answers as Twilio does."""

    def __init__(self, mock: responses.RequestsMock):
        self.sent: list[dict[str, str]] = []
        self.error: dict | None = None
        mock.add_callback(responses.POST, MESSAGES_URL, callback=self.create)

    def create(self, request):
        fields = {key: values[0] for key, values in parse_qs(request.body).items()}
        if self.error is not None:
            return self.error["status"], {}, json.dumps(self.error)
        self.sent.append(fields)
        sid = f"SM{len(self.sent):032x}"
        uri = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}"
        return (
            201,
            {"Content-Type": "application/json"},
            json.dumps(
                {
                    "account_sid": ACCOUNT_SID,
                    "api_version": "2010-04-01",
                    "body": fields["Body"],
                    "date_created": "Wed, 02 Dec 2026 01:00:00 +0000",
                    "date_sent": None,
                    "date_updated": "Wed, 02 Dec 2026 01:00:00 +0000",
                    "direction": "outbound-api",
                    "error_code": None,
                    "error_message": None,
                    "from": fields.get("From"),
                    "messaging_service_sid": fields.get("MessagingServiceSid"),
                    "num_media": "0",
                    "num_segments": "1",
                    "price": None,
                    "price_unit": "USD",
                    "sid": sid,
                    "status": "queued",
                    "subresource_uris": {"media": f"{uri}/Media.json"},
                    "to": fields["To"],
                    "uri": f"{uri}.json",
                }
            ),
        )

    def refuse(self, code: int, message: str, status: int = 400) -> None:
        self.error = {
            "code": code,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        }

    def last_code(self) -> str:
        return re.match(r"(\d{6}) ", self.sent[-1]["Body"])[1]
