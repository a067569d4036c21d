import pytest

from courses.text import first_sentence


@pytest.mark.parametrize(
    ("richtext", "expected"),
    [
        ("<p>Learn algebra. Then calculus.</p>", "Learn algebra."),
        ("<p>Ready? Let us go.</p>", "Ready?"),
        ('<p>Say "hello." Then wave.</p>', 'Say "hello."'),
        ("<p>About 3.5 hours of video. Quizzes too.</p>", "About 3.5 hours of video."),
        ("<h2>Who it is for</h2><p>Beginners. Nobody else.</p>", "Beginners."),
        ("<p>No full stop here</p><ul><li>Lists</li></ul>", "No full stop here Lists"),
        ("<p>Learn <b>bold</b>\n and <i>italic</i>.</p>", "Learn bold and italic."),
        ("", ""),
    ],
)
def test_first_sentence(richtext, expected):
    assert first_sentence(richtext, max_length=300) == expected


def test_first_sentence_decodes_entities_into_plain_text():
    richtext = "<p>Write &lt;b&gt; tags &amp; <a href='/x'>links</a>. More.</p>"

    assert first_sentence(richtext, max_length=300) == "Write <b> tags & links."


def test_a_long_first_sentence_is_shortened_at_a_word():
    richtext = f"<p>{'word ' * 100}end. Second.</p>"

    text = first_sentence(richtext, max_length=30)

    assert len(text) <= 30
    assert text == "word word word word word word…"
