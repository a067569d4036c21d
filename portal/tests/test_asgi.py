import pytest
from channels.testing import HttpCommunicator

from portal.asgi import application

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("close_thread_connections"),
]


async def test_http_is_served_through_the_asgi_application(home_page):
    communicator = HttpCommunicator(
        application, "GET", "/", headers=[(b"host", b"testserver")]
    )

    response = await communicator.get_response()

    assert response["status"] == 200
    assert home_page.hero_title.encode() in response["body"]
