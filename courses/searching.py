"""
One way to search a list with Wagtail's search backend, for the catalog,
the media dashboard and the site search alike.
"""

import re

from django.db.models import QuerySet

from wagtail.search.backends.base import BaseSearchResults

WORD = re.compile(r"\w+")
# "bees" is looked for as "bee" too, so that it finds "Beekeeping"; not
# "this", "bus" or "glass".
PLURAL_ENDING = re.compile(r"(?<=\w\w[^\Wsui])s$")


def search_words(query: str) -> str:
    """
    The words of what someone typed, and nothing else: quotes, brackets,
    stars and colons mean something to the backends' query languages, and
    so do AND, OR and NOT, in capitals (SQLite's full text search).
    """
    return " ".join(WORD.findall(query.lower()))


def word_stems(words: str) -> str:
    """The words without plural endings."""
    return " ".join(PLURAL_ENDING.sub("", word) for word in words.split())


def search_or_autocomplete(
    queryset: QuerySet, query: str, *, order_by_relevance: bool = True
) -> BaseSearchResults | QuerySet:
    """
    What in `queryset` matches the words of `query`: whole words first;
    when none do, as while the searcher is still typing a word, titles that
    start with it, or with it made singular. Nothing, when `query` has no
    words.
    """
    words = search_words(query)
    if not words:
        return queryset.none()
    # Counted to know whether anything matched: the results keep the count,
    # which their pages need anyway.
    results = queryset.search(words, order_by_relevance=order_by_relevance)
    if results.count():
        return results
    results = queryset.autocomplete(words, order_by_relevance=order_by_relevance)
    stems = word_stems(words)
    if stems == words or results.count():
        return results
    return queryset.autocomplete(stems, order_by_relevance=order_by_relevance)
