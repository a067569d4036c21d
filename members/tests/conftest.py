import pytest
import responses

from .fakes import Twilio, twilio_settings


@pytest.fixture
def twilio(settings):
    """Texts go to a fake of Twilio's API; yields it, to read what was sent."""
    twilio_settings(settings)
    # Tests that nothing was sent leave the fake uncalled.
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield Twilio(mock)
