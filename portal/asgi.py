"""
ASGI entry point: HTTP through Django, websockets through Channels.

Websockets authenticate with the session cookie, and then must come from
one of ALLOWED_HOSTS, or with the API's access token (chat/auth.py); chat's
consumers are the only ones.
"""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

# Set Django up before anything imports models.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from chat.auth import OriginOrTokenValidator  # noqa: E402
from chat.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": OriginOrTokenValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)

# A room's sockets keep many objects alive, and a message makes many more:
# with Python's default thresholds the collector went through all of them,
# and all that importing the site made, several times a second, holding
# every delivery up for as much as 200 ms (p99 of bench/chat_fanout.py, 500
# members). What importing made lives as long as the process (frozen, once
# its garbage is gone: never looked at again), and the young are collected
# in larger batches, so the full collections are rare.
gc.collect()
gc.freeze()
gc.set_threshold(50_000, 20, 100)
