"""
Snippets mark the searched words, escape the text around them and show the
piece of a long text where the first word is; labels say one or many.
"""

import pytest

from community.models import Post
from courses.models import CoursePage, LessonSearchText
from media_library.models import MediaAsset
from members.models import User
from search.templatetags.search_tags import (
    SNIPPET_LENGTH,
    result_type_label,
    search_snippet,
)


def lesson_text(text: str) -> LessonSearchText:
    return LessonSearchText(title="A lesson", text=text)


def test_searched_words_are_marked_whatever_their_case():
    snippet = search_snippet(lesson_text("Python and PYTHON and python."), "pYtHoN")

    assert (
        snippet
        == "<mark>Python</mark> and <mark>PYTHON</mark> and <mark>python</mark>."
    )


def test_words_that_start_like_a_searched_word_are_marked():
    snippet = search_snippet(lesson_text("Learning to learn, unlearn."), "learn")

    assert snippet == "<mark>Learning</mark> to <mark>learn</mark>, unlearn."


def test_a_plural_marks_its_singular():
    snippet = search_snippet(lesson_text("One river, two rivers."), "rivers")

    assert snippet == "One <mark>river</mark>, two <mark>rivers</mark>."


def test_every_searched_word_is_marked():
    snippet = search_snippet(lesson_text("Rivers run to the sea."), "sea river")

    assert snippet == "<mark>Rivers</mark> run to the <mark>sea</mark>."


def test_markup_in_the_text_comes_out_escaped():
    snippet = search_snippet(
        lesson_text("<script>alert('python')</script> & <b>python</b>"), "python"
    )

    assert "<script>" not in snippet
    assert "<b>" not in snippet
    assert snippet == (
        "&lt;script&gt;alert(&#x27;<mark>python</mark>&#x27;)&lt;/script&gt;"
        " &amp; &lt;b&gt;<mark>python</mark>&lt;/b&gt;"
    )


def test_markup_in_the_query_is_not_markup():
    snippet = search_snippet(lesson_text("Tags like mark matter."), "<mark>")

    assert snippet == "Tags like <mark>mark</mark> matter."


def test_a_long_text_is_cut_around_the_first_match():
    before = " ".join(f"before{n}" for n in range(60))
    after = " ".join(f"after{n}" for n in range(60))

    snippet = search_snippet(lesson_text(f"{before} needle {after}"), "needle")

    assert snippet.startswith("… ")
    assert snippet.endswith(" …")
    assert "<mark>needle</mark>" in snippet
    assert "before0 " not in snippet
    assert "after59" not in snippet
    # Some of what comes before the word, for context.
    assert snippet.index("<mark>") > len("… before")
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) <= (
        SNIPPET_LENGTH + len("…  …")
    )


def test_a_long_text_matching_early_is_cut_at_its_end_only():
    text = "needle " + " ".join(f"after{n}" for n in range(60))

    snippet = search_snippet(lesson_text(text), "needle")

    assert snippet.startswith("<mark>needle</mark> after0")
    assert snippet.endswith(" …")


def test_a_text_without_the_words_shows_its_beginning():
    snippet = search_snippet(lesson_text("Rivers run to the sea."), "mountain")

    assert snippet == "Rivers run to the sea."


def test_nothing_to_show_without_words_or_text():
    assert search_snippet(lesson_text("Rivers run."), "() * :") == ""
    assert search_snippet(lesson_text(""), "rivers") == ""


@pytest.mark.django_db  # a new page looks up its content type
def test_each_type_of_result_is_cut_from_what_its_searchers_may_read():
    course = CoursePage(
        title="Hydrology",
        summary="Rivers of the world.",
        overview="<p>Deltas and <b>estuaries</b>.</p>",
    )
    asset = MediaAsset(title="Delta", description="A delta from above.")
    person = User(display_name="Ada", bio="Loves deltas.")
    post = Post(
        title="Deltas?",
        body="**Deltas** <script>",
        body_html="<p><strong>Deltas</strong> &lt;script&gt;</p>",
    )

    assert search_snippet(course, "deltas") == (
        "Rivers of the world. <mark>Deltas</mark> and estuaries."
    )
    assert search_snippet(asset, "delta") == "A <mark>delta</mark> from above."
    assert search_snippet(person, "deltas") == "Loves <mark>deltas</mark>."
    # A post's snippet is its rendered text, without Markdown's marks, and
    # its words escaped once.
    assert search_snippet(post, "deltas") == "<mark>Deltas</mark> &lt;script&gt;"


def test_labels_say_one_or_many():
    assert result_type_label("course", 1) == "Course"
    assert result_type_label("course", 0) == "Courses"
    assert result_type_label("media", 1) == "Media item"
    assert result_type_label("media", 2) == "Media"
    assert result_type_label("post", 1) == "Post"
    assert result_type_label("post", 2) == "Posts"
    assert result_type_label("person", 1) == "Person"
    assert result_type_label("person", 3) == "People"
