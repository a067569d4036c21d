from django.db import connection

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="An index for PostgreSQL's search."
)
def test_postgresql_finds_index_entries_by_their_whole_text_through_an_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["search_indexentry_title_body_gin"],
        )
        (definition,) = cursor.fetchone()

    assert "USING gin" in definition
    assert "(title || body)" in definition
