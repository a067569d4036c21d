"""
The search matrix: who finds what, for every kind of searcher. Each piece of
content carries a word of its own; each searcher finds a word only where the
rules of its app (courses.access, media_library.access, community.access)
let them read it,
and words of a lesson's body never show to those who may not read it, not
even in a snippet.

The content is built once for the module (in a transaction rolled back at
its end): every test only searches it.
"""

import re
import time

from django.contrib.auth.models import AnonymousUser

import pytest

from courses.models import LessonSearchText
from courses.viewer import SESSION_KEY, Viewer
from search.selectors import RESULT_TYPES, search_results

from .matrix import BODY_WORDS, MATRIX, PURCHASE_READERS, ROLES

pytestmark = pytest.mark.django_db


def viewer(role: str, content) -> Viewer:
    if role == "email session":
        return Viewer(AnonymousUser(), "visitor@example.com")
    return Viewer(content["people"][role])


def log_in(client, role: str, content) -> None:
    """Make `client` the searcher named `role`, through the doors users use."""
    if role == "email session":
        session = client.session
        session[SESSION_KEY] = {"email": "v@example.com", "until": time.time() + 60}
        session.save()
    elif role != "anonymous":
        client.force_login(content["people"][role])


def standing_for(result, result_type: str):
    """What a result stands for: a lesson's search text stands for the lesson."""
    return result.lesson if result_type == "lesson" else result


def test_every_piece_of_content_has_its_own_word(content):
    assert {key for _type, key, _who in MATRIX.values()} == set(content["found"])


@pytest.mark.parametrize("role", ROLES)
def test_each_searcher_finds_only_what_they_may_see(content, role):
    searcher = viewer(role, content)

    results = {
        word: {
            type_name: [standing_for(result, type_name) for result in results]
            for type_name in RESULT_TYPES
            if (
                results := list(
                    search_results(viewer=searcher, query=word, result_type=type_name)
                )
            )
        }
        for word in MATRIX
    }

    assert results == {
        word: {result_type: [content["found"][key]]} if role in finders else {}
        for word, (result_type, key, finders) in MATRIX.items()
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_searcher_gets_one_version_of_each_lesson(content, role):
    results = list(
        search_results(
            viewer=viewer(role, content), query="brassfinch", result_type="lesson"
        )
    )

    full = role in PURCHASE_READERS
    assert [result.kind for result in results] == [
        LessonSearchText.Kind.FULL if full else LessonSearchText.Kind.OUTLINE
    ]


def results_region(response) -> str:
    """The results of the page, without the search form that repeats the words."""
    content = response.content.decode()
    return content[content.index('id="search-results"') :]


@pytest.mark.parametrize("role", ROLES)
def test_body_words_show_only_to_those_who_may_read_the_lesson(client, content, role):
    log_in(client, role, content)
    outcomes = {}
    for word in BODY_WORDS:
        lesson_url = content["found"][MATRIX[word][1]].url

        response = client.get("/search/", {"q": word})

        results = results_region(response)
        if f'href="{lesson_url}"' in results and f"<mark>{word}</mark>" in results:
            outcomes[word] = "found"
        elif lesson_url not in results and not re.search(word, results, re.I):
            outcomes[word] = "not a trace"
        else:
            outcomes[word] = "leaked"
        assert response.status_code == 200

    assert outcomes == {
        word: "found" if role in MATRIX[word][2] else "not a trace"
        for word in BODY_WORDS
    }
