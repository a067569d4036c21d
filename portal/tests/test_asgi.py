from django.db import connections

import pytest
from channels.db import database_sync_to_async
from channels.testing import HttpCommunicator

from portal.asgi import application

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


async def test_http_is_served_through_the_asgi_application(home_page):
    communicator = HttpCommunicator(
        application, "GET", "/", headers=[(b"host", b"testserver")]
    )

    response = await communicator.get_response()
    # The request ran in Django's sync thread; close its connection there so
    # that the test database can be dropped.
    await database_sync_to_async(connections.close_all)()

    assert response["status"] == 200
    assert home_page.hero_title.encode() in response["body"]
