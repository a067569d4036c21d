"""Plain text drawn from rich text, for course cards and meta descriptions."""

import re
import textwrap

from wagtail.rich_text import get_text_for_indexing

HEADING = re.compile(r"<h[1-6]\b.*?</h[1-6]>", re.DOTALL | re.IGNORECASE)
# A full stop, question or exclamation mark (and any closing quote or
# bracket) followed by a space or the end: "3.5 hours" does not end a sentence.
SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s|$)")


def first_sentence(richtext: str, *, max_length: int) -> str:
    """The first sentence of `richtext`'s running text, headings left out, as
    plain text shortened at a word boundary to at most `max_length` characters."""
    text = get_text_for_indexing(HEADING.sub(" ", richtext))
    if end := SENTENCE_END.search(text):
        text = text[: end.end()]
    return textwrap.shorten(text, width=max_length, placeholder="…")
