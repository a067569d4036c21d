"""The REST API's router for this app (mounted in portal/api.py)."""

from ninja import Router

router = Router(tags=["media"])
