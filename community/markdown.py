"""
Members' Markdown, made safe: posts and comments are written in CommonMark
(with strikethrough and tables) and shown as HTML that can carry nothing
but text formatting and links. Raw HTML is never passed through: it shows
as the text it is. Pictures are not drawn inline (attachments add them).

`@handle` mentions outside code and links become links to the members'
profiles when the handle is known.
"""

import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from members.models import User

MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9_]{3,30})(?!\w)")

ALLOWED_TAGS = {
    *("p", "br", "hr", "strong", "em", "s", "del", "code", "pre", "blockquote"),
    *("ul", "ol", "li", "a", "h3", "h4", "h5", "h6"),
    *("table", "thead", "tbody", "tr", "th", "td"),
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"
# The page's own title and sections use h1 and h2: a body's headings sit
# below them.
HEADING_SHIFT = 2


def _parser() -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"html": False})
        .enable(["strikethrough", "table"])
        .disable("image")
    )


_md = _parser()


def _outside_code_and_links(tokens: list[Token]):
    """The inline text tokens of a body that are neither code nor link text."""
    for block in tokens:
        if block.type != "inline" or not block.children:
            continue
        in_link = 0
        for index, token in enumerate(block.children):
            if token.type == "link_open":
                in_link += 1
            elif token.type == "link_close":
                in_link -= 1
            elif token.type == "text" and not in_link:
                yield block, index, token


def mention_handles(text: str) -> list[str]:
    """The handles `@mentioned` in a Markdown body, lower-cased, once each,
    in order: not those inside code or link text."""
    handles: dict[str, None] = {}
    for _block, _index, token in _outside_code_and_links(_md.parse(text)):
        for match in MENTION.finditer(token.content):
            handles.setdefault(match.group(1).lower(), None)
    return list(handles)


def _link_mentions(tokens: list[Token], mentions: dict[str, User]) -> None:
    # Backwards, so that replacing a token keeps the earlier indexes true.
    for block, index, token in reversed(list(_outside_code_and_links(tokens))):
        pieces: list[Token] = []
        position = 0
        for match in MENTION.finditer(token.content):
            user = mentions.get(match.group(1).lower())
            if user is None:
                continue
            pieces.append(_text(token.content[position : match.start()]))
            pieces.append(
                Token("link_open", "a", 1, attrs={"href": user.get_absolute_url()})
            )
            pieces.append(_text(match.group(0)))
            pieces.append(Token("link_close", "a", -1))
            position = match.end()
        if pieces:
            pieces.append(_text(token.content[position:]))
            block.children[index : index + 1] = pieces


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


def _demote_headings(tokens: list[Token]) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + HEADING_SHIFT, 6)
            token.tag = f"h{level}"


def markdown_render(text: str, *, mentions: dict[str, User] | None = None) -> str:
    """
    A body's Markdown as sanitised HTML. `mentions` maps handles (any case)
    to the members they name; those mentions become profile links.
    """
    tokens = _md.parse(text)
    if mentions:
        _link_mentions(
            tokens, {handle.lower(): user for handle, user in mentions.items()}
        )
    _demote_headings(tokens)
    html = _md.renderer.render(tokens, _md.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )
