import re
from html import unescape

from django import template
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from wagtail.rich_text import get_text_for_indexing

from community.models import Post
from courses.models import CoursePage, LessonSearchText
from courses.searching import search_words, word_stems
from media_library.models import MediaAsset
from members.models import User

from ..selectors import RESULT_TYPES

register = template.Library()

SNIPPET_LENGTH = 220


@register.filter
def result_type_label(type_name: str, count: int) -> str:
    """ "Courses", or "Course" for one."""
    one, many = RESULT_TYPES[type_name]
    return (one if count == 1 else many).capitalize()


def snippet_source(result) -> str:
    """The text a result's snippet is cut from: only what the searcher may read."""
    match result:
        case CoursePage():
            return " ".join([result.summary, get_text_for_indexing(result.overview)])
        case LessonSearchText():
            return result.text
        case MediaAsset():
            return result.description
        case Post():
            return unescape(strip_tags(result.body_html))
        case User():
            return result.bio
    return ""


@register.simple_tag
def search_snippet(result, query: str) -> SafeString | str:
    """
    A short piece of the result's text around the first searched word, with
    the searched words marked.
    """
    text = " ".join(snippet_source(result).split())
    # Words that start like a searched word are marked: "learn" marks
    # "learning"; a plural marks its singular too; "a" marks nothing beside
    # longer words.
    stems = set(word_stems(search_words(query)).split())
    words = {stem for stem in stems if len(stem) > 1} or stems
    if not text or not words:
        return ""
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    pattern = re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)
    first = pattern.search(text)
    start = 0
    if first and first.start() > SNIPPET_LENGTH // 3:
        start = text.rfind(" ", 0, first.start() - SNIPPET_LENGTH // 3) + 1
    end = len(text)
    if end - start > SNIPPET_LENGTH:
        end = text.rfind(" ", start, start + SNIPPET_LENGTH)
        end = end if end > start else start + SNIPPET_LENGTH
    piece = text[start:end]
    marked, position = [], 0
    for match in pattern.finditer(piece):
        marked += [escape(piece[position : match.start()]), "<mark>"]
        marked += [escape(match.group()), "</mark>"]
        position = match.end()
    marked.append(escape(piece[position:]))
    html = ("… " if start else "") + "".join(marked) + (" …" if end < len(text) else "")
    return mark_safe(html)  # noqa: S308 (every piece of text is escaped)
