"""Members' Markdown: formatting passes, nothing that runs or restyles does."""

import pytest

from community.markdown import markdown_render, mention_handles
from members.factories import UserFactory


def test_formatting_renders():
    html = markdown_render(
        "**bold** *it* ~~gone~~ `code`\n\n> quote\n\n- one\n- two\n\n"
        "| a | b |\n|---|--:|\n| 1 | 2 |"
    )

    assert "<strong>bold</strong>" in html
    assert "<em>it</em>" in html
    assert "<s>gone</s>" in html
    assert "<code>code</code>" in html
    assert "<blockquote>" in html
    assert "<li>one</li>" in html
    assert "<td>2</td>" in html
    # Table alignment comes as a style attribute: dropped.
    assert "style=" not in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "<a href='javascript:alert(1)'>x</a>",
        "<iframe src='https://evil.example'></iframe>",
    ],
)
def test_raw_html_shows_as_text(text):
    html = markdown_render(text)

    assert "<script" not in html
    assert "<img" not in html
    assert "<iframe" not in html
    assert "<a" not in html
    assert "&lt;" in html


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](vbscript:msgbox)",
        "<javascript:alert(1)>",
    ],
)
def test_links_to_other_schemes_are_not_links(text):
    assert "href" not in markdown_render(text)


def test_links_are_marked_as_members_links():
    html = markdown_render('[docs](https://example.com "The docs") <mailto:a@b.co>')

    assert (
        '<a href="https://example.com" title="The docs" rel="nofollow ugc noopener">'
        in html
    )
    assert 'href="mailto:a@b.co"' in html


def test_images_are_not_drawn_inline():
    html = markdown_render("![a cat](https://example.com/cat.png)")

    assert "<img" not in html


def test_headings_sit_below_the_pages_own():
    html = markdown_render("# One\n\n## Two\n\n###### Six")

    assert "<h3>One</h3>" in html
    assert "<h4>Two</h4>" in html
    assert "<h6>Six</h6>" in html
    assert "<h1" not in html
    assert "<h2" not in html


def test_mention_handles_skips_code_links_and_emails():
    text = (
        "Hi @Ada and @bob_2, @ada again. `@code` and\n\n    @indented\n\n"
        "[@linked](https://x.example) mail me at me@ada.example @no"
    )

    assert mention_handles(text) == ["ada", "bob_2"]


@pytest.mark.django_db
def test_known_mentions_link_to_profiles():
    ada = UserFactory(handle="ada")

    html = markdown_render("Thanks @Ada and @nobody!", mentions={"ADA": ada})

    assert (
        f'<a href="{ada.get_absolute_url()}" rel="nofollow ugc noopener">@Ada</a>'
        in html
    )
    assert "@nobody" in html
    assert html.count("<a ") == 1


@pytest.mark.django_db
def test_mentions_inside_code_stay_code():
    ada = UserFactory(handle="ada")

    html = markdown_render("`@ada`", mentions={"ada": ada})

    assert html == "<p><code>@ada</code></p>\n"
