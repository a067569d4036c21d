"""The community's forms: what they offer each member, and what they parse."""

from django.contrib.auth.models import AnonymousUser

import pytest

from community.factories import CommentFactory, PostFactory
from community.forms import CommentForm, FeedFilterForm, PostForm
from media_library.factories import MediaAssetFactory
from members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_post_goes_to_the_feed_or_one_of_my_boards_only(community):
    form = PostForm(user=community.course_member)

    assert [label for _value, label in form.fields["where"].choices] == [
        "Community feed",
        "Sailing",
    ]
    other = PostForm(
        {"title": "T", "body": "B", "where": community.other_course.pk},
        user=community.course_member,
    )
    assert not other.is_valid()
    assert "where" in other.errors


def test_the_board_chosen_is_the_posts_course(community):
    board = PostForm(
        {"title": "T", "body": "B", "where": community.course.pk},
        user=community.course_member,
    )
    feed = PostForm({"title": "T", "body": "B", "where": ""}, user=community.member)

    assert board.is_valid()
    assert feed.is_valid()
    assert board.course == community.course
    assert feed.course is None


def test_tags_are_split_on_commas(community):
    form = PostForm(
        {"title": "T", "body": "B", "tags": " Rope, knots ,, sea shanties "},
        user=community.member,
    )

    assert form.is_valid()
    assert form.cleaned_data["tags"] == ["Rope", "knots", "sea shanties"]


def test_only_my_own_media_can_be_attached(community):
    member = UserFactory(email_verified=True)
    mine = MediaAssetFactory(owner=member)
    theirs = MediaAssetFactory()

    form = PostForm(
        {"title": "T", "body": "B", "attachments": [theirs.pk]}, user=member
    )

    assert list(form.fields["attachments"].queryset) == [mine]
    assert not form.is_valid()
    # Nothing to attach: no empty choice to show.
    assert "attachments" not in PostForm(user=community.member).fields


def test_an_edit_keeps_the_post_where_it_is_and_starts_from_it(community):
    post = PostFactory(author=community.member, title="Old", tags=["rope", "sea"])

    form = PostForm(user=community.member, post=post)

    assert "where" not in form.fields
    assert form.initial["title"] == "Old"
    assert sorted(form.initial["tags"].split(", ")) == ["rope", "sea"]


def test_a_reply_answers_a_comment_of_the_same_post_only(community):
    post = PostFactory()
    own = CommentFactory(post=post)
    elsewhere = CommentFactory()

    good = CommentForm({"body": "Yes", "parent": own.pk}, post=post)
    tampered = CommentForm({"body": "Yes", "parent": elsewhere.pk}, post=post)

    assert good.is_valid()
    assert good.cleaned_data["parent"] == own
    assert not tampered.is_valid()
    assert tampered.errors["parent"] == [
        "You can only reply to a comment of this post."
    ]


def test_the_feed_filters_by_my_boards_only(community):
    mine = FeedFilterForm({"course": community.course.pk}, user=community.course_member)
    not_mine = FeedFilterForm(
        {"course": community.other_course.pk}, user=community.course_member
    )

    assert mine.is_valid()
    assert mine.cleaned_data["course"] == community.course
    assert not not_mine.is_valid()


def test_anonymous_visitors_have_no_boards_to_filter_by(community):
    form = FeedFilterForm({"sort": "top_week"}, user=AnonymousUser())

    assert form.is_valid()
    assert form.fields["course"].choices == [("", "All my courses")]
    assert form.cleaned_data["sort"] == "top_week"
