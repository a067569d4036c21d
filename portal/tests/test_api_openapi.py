"""The OpenAPI schema at /api/v1/openapi.json (portal/api.py)."""

import ninja.main
import pytest

from portal.api import api

pytestmark = pytest.mark.django_db


def test_the_schema_is_built_once_a_process(client, monkeypatch):
    builds = []
    build = ninja.main.get_schema

    def counted_build(**kwargs):
        builds.append(kwargs)
        return build(**kwargs)

    monkeypatch.setattr(ninja.main, "get_schema", counted_build)
    monkeypatch.setattr(api, "_schemas", {})

    first = client.get("/api/v1/openapi.json")
    second = client.get("/api/v1/openapi.json")

    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert "/api/v1/courses" in first.json()["paths"]
    assert len(builds) == 1
