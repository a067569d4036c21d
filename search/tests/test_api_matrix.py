"""
GET /api/v1/search through the search matrix (matrix.py), asked with each
role's token: each searcher finds exactly what the page lets them find, and
words of a lesson's body never show to those who may not read it.
"""

import json
import re

from django.urls import reverse

import pytest

from .matrix import BODY_WORDS, MATRIX

pytestmark = pytest.mark.django_db

SEARCH_URL = "/api/v1/search"
# The API knows no session: its searchers are the token's user, or nobody.
ROLES = [
    "anonymous",
    "student",
    "enrolled",
    "verified member",
    "plan member",
    "course teacher",
    "other teacher",
    "moderator",
    "admin",
]
# The API resource of each type of result that has one.
API_URL_NAMES = {
    "course": "api:course_detail",
    "lesson": "api:lesson_detail",
    "media": "api:media_detail",
    "post": "api:community_post_detail",
}


def searcher(api_client, role: str, content):
    return api_client(None if role == "anonymous" else content["people"][role])


def search(client, **params) -> dict:
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize("role", ROLES)
def test_each_searcher_finds_exactly_what_the_page_lets_them(api_client, content, role):
    client = searcher(api_client, role, content)

    found = {
        word: [(hit["type"], hit["id"]) for hit in search(client, q=word)["results"]]
        for word in MATRIX
    }

    assert found == {
        word: [(result_type, content["found"][key].pk)] if role in finders else []
        for word, (result_type, key, finders) in MATRIX.items()
    }


@pytest.mark.parametrize("role", ROLES)
def test_body_words_show_only_to_those_who_may_read_the_lesson(
    api_client, content, role
):
    client = searcher(api_client, role, content)
    outcomes = {}
    for word in BODY_WORDS:
        lesson = content["found"][MATRIX[word][1]]

        response = client.get(SEARCH_URL, {"q": word})

        hits = response.json()["results"]
        # Not in any field, nor in the JSON's text, whatever its escaping.
        text = json.dumps(response.json(), ensure_ascii=False)
        if [hit["id"] for hit in hits] == [lesson.pk] and (
            f"<mark>{word}</mark>" in hits[0]["snippet"]
        ):
            outcomes[word] = "found"
        elif not hits and not re.search(word, text, re.IGNORECASE):
            outcomes[word] = "not a trace"
        else:
            outcomes[word] = "leaked"

    assert outcomes == {
        word: "found" if role in MATRIX[word][2] else "not a trace"
        for word in BODY_WORDS
    }


def test_a_session_cookie_does_not_count(api_client, content):
    """A browser's session, sent along, is not the API's searcher."""
    client = api_client()
    client.force_login(content["people"]["admin"])

    assert search(client, q="marshwren")["results"] == []
    assert search(api_client(content["people"]["admin"]), q="marshwren")["count"] == 1


@pytest.mark.parametrize(
    "word", ["brassfinch", "nimbusforge", "kestrelbloom", "rookmeadow", "pebblequartz"]
)
def test_each_result_links_to_its_page_and_to_its_resource(api_client, content, word):
    result_type, key, _finders = MATRIX[word]
    item = content["found"][key]
    client = api_client(content["people"]["admin"])

    [hit] = search(client, q=word)["results"]

    html_url = (
        item.url if result_type in ("course", "lesson") else item.get_absolute_url()
    )
    assert hit["html_url"] == f"http://testserver{html_url}"
    if result_type == "person":
        assert hit["title"] == item.name
        assert hit["url"] is None
    else:
        assert hit["title"] == item.title
        assert hit["url"] == (
            f"http://testserver{reverse(API_URL_NAMES[result_type], args=[item.pk])}"
        )
        assert client.get(hit["url"]).status_code == 200
