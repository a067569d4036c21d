"""
What the community lists and shows: the feed and boards, lesson questions,
a thread, who liked, tags, the data export and the moderators' context; and
what a page of them costs, the same however much there is.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from community.factories import (
    CommentFactory,
    LikeFactory,
    PostFactory,
    ReportFactory,
)
from community.models import Report, Status
from community.selectors import (
    comment_get_in_thread,
    comment_get_visible,
    community_data_export,
    like_list,
    post_board_list_for,
    post_get_visible,
    post_list,
    question_list,
    report_context,
    report_list_open,
    tag_list_popular,
    thread,
)
from community.services import comment_delete
from courses.models import LessonPage
from courses.viewer import Viewer
from media_library.factories import MediaAssetFactory
from members.factories import UserFactory
from members.models import User

pytestmark = pytest.mark.django_db


def board_post(community, **fields):
    fields.setdefault("author", community.course_member)
    return PostFactory(course=community.course, **fields)


def question(community, **fields):
    fields.setdefault("author", community.course_member)
    return PostFactory(course=community.course, lesson=community.lesson, **fields)


# Lists


def test_the_feed_lists_the_site_feed_and_the_members_boards(community):
    feed = PostFactory(author=community.member)
    board = board_post(community)
    other_board = PostFactory(course=community.other_course)
    question(community)

    assert list(post_list(viewer=community.viewer("course member"))) == [board, feed]
    assert list(post_list(viewer=community.viewer("non-member"))) == [
        other_board,
        feed,
    ]
    assert list(post_list(viewer=community.viewer("anonymous"))) == [feed]


def test_a_course_lists_its_board_only(community):
    PostFactory(author=community.member)
    board = board_post(community)

    assert list(
        post_list(viewer=community.viewer("teacher"), course=community.course)
    ) == [board]
    assert not post_list(viewer=community.viewer("member"), course=community.course)


def test_the_feed_filters_by_tag(community):
    tagged = PostFactory(tags=["knots"])
    PostFactory(tags=["tides"])

    assert list(post_list(viewer=community.viewer("member"), tag="Knots")) == [tagged]


def test_posts_carry_their_counts_and_the_viewers_like(community):
    post = PostFactory(author=community.member)
    LikeFactory.create_batch(2, post=post)
    LikeFactory(post=post, user=community.course_member)
    CommentFactory.create_batch(2, post=post)
    CommentFactory(post=post, status=Status.HIDDEN)
    placeholder = CommentFactory(post=post, author=community.teacher)
    CommentFactory(post=post, parent=placeholder)
    comment_delete(comment=placeholder, user=community.teacher)

    listed = post_list(viewer=community.viewer("course member")).get()
    anonymous = post_list(viewer=community.viewer("anonymous")).get()

    assert (listed.like_count, listed.comment_count, listed.liked) == (3, 3, True)
    assert anonymous.liked is False


def test_most_liked_this_week_counts_only_recent_likes(community):
    old_favourite, new_favourite, quiet = PostFactory.create_batch(3)
    long_ago = timezone.now() - timedelta(days=8)
    LikeFactory.create_batch(5, post=old_favourite, created_at=long_ago)
    LikeFactory.create_batch(2, post=new_favourite)
    LikeFactory(post=old_favourite)

    posts = list(post_list(viewer=community.viewer("member"), sort="top_week"))

    assert posts == [new_favourite, old_favourite, quiet]
    assert [post.week_like_count for post in posts] == [2, 1, 0]


def test_a_lessons_questions_say_whether_they_are_answered(community):
    open_question = question(community)
    answered = question(community)
    answered.accepted_answer = CommentFactory(post=answered)
    answered.save()
    PostFactory(course=community.course)

    questions = list(
        question_list(viewer=community.viewer("course member"), lesson=community.lesson)
    )

    assert questions == [answered, open_question]
    assert [q.is_answered for q in questions] == [True, False]
    assert questions[0].comment_count == 1
    assert not question_list(viewer=community.viewer("member"), lesson=community.lesson)


def test_a_post_is_found_only_by_those_who_may_see_it(community):
    post = board_post(community)
    held = board_post(community, status=Status.HELD)

    assert post_get_visible(viewer=community.viewer("teacher"), pk=post.pk) == post
    assert post_get_visible(viewer=community.viewer("course member"), pk=held.pk)
    for role in ("member", "anonymous", "other teacher"):
        with pytest.raises(Http404):
            post_get_visible(viewer=community.viewer(role), pk=post.pk)
    with pytest.raises(Http404):
        post_get_visible(viewer=community.viewer("admin"), pk=0)


def test_a_comment_is_found_only_by_those_who_may_see_it(community):
    comment = CommentFactory(post=board_post(community))
    hidden = CommentFactory(post=comment.post, status=Status.HIDDEN)

    assert comment_get_visible(viewer=community.viewer("teacher"), pk=comment.pk)
    assert comment_get_visible(viewer=community.viewer("teacher"), pk=hidden.pk)
    with pytest.raises(Http404):
        comment_get_visible(viewer=community.viewer("member"), pk=comment.pk)
    with pytest.raises(Http404):
        comment_get_visible(viewer=community.viewer("course member"), pk=hidden.pk)


# A thread


def test_a_thread_has_comments_in_order_with_their_replies(community):
    post = board_post(community)
    first = CommentFactory(post=post)
    second = CommentFactory(post=post, author=community.teacher)
    reply = CommentFactory(post=post, parent=first)
    LikeFactory(comment=second, post=None, user=community.course_member)

    comments = thread(viewer=community.viewer("course member"), post=post)

    assert comments == [first, second]
    assert comments[0].reply_list == [reply]
    assert comments[1].reply_list == []
    assert [c.is_teacher_answer for c in comments] == [False, True]
    assert (comments[1].like_count, comments[1].liked) == (1, True)


def test_hidden_comments_show_to_their_author_and_moderators(community):
    post = board_post(community)
    hidden = CommentFactory(post=post, status=Status.HIDDEN)
    shown = CommentFactory(post=post)

    def seen_by(user) -> list:
        return thread(viewer=Viewer(user=user), post=post)

    assert seen_by(community.course_member) == [shown]
    assert seen_by(hidden.author) == [hidden, shown]
    assert seen_by(community.teacher) == [hidden, shown]
    assert seen_by(community.admin) == [hidden, shown]


def test_a_deleted_comment_stays_while_a_reply_to_it_shows(community):
    post = board_post(community)
    deleted = CommentFactory(post=post, author=community.teacher)
    reply = CommentFactory(post=post, parent=deleted, status=Status.HIDDEN)
    comment_delete(comment=deleted, user=community.teacher)

    assert thread(viewer=community.viewer("course member"), post=post) == []
    moderated = thread(viewer=community.viewer("teacher"), post=post)
    assert moderated == [deleted]
    assert moderated[0].is_deleted
    assert moderated[0].reply_list == [reply]


def test_the_accepted_answer_leads_a_questions_thread(community):
    post = question(community)
    first = CommentFactory(post=post)
    accepted = CommentFactory(post=post)
    post.accepted_answer = accepted
    post.save()

    comments = thread(viewer=community.viewer("course member"), post=post)

    assert comments == [accepted, first]
    assert [c.is_accepted for c in comments] == [True, False]


def test_one_comment_comes_as_the_thread_shows_it(community):
    post = question(community)
    answer = CommentFactory(post=post, author=community.teacher)
    reply = CommentFactory(post=post, parent=answer)
    hidden_reply = CommentFactory(post=post, parent=answer, status=Status.HIDDEN)
    LikeFactory(comment=answer, post=None, user=community.course_member)
    LikeFactory(comment=answer, post=None)
    post.accepted_answer = answer
    post.save()
    viewer = community.viewer("course member")

    shown = comment_get_in_thread(viewer=viewer, pk=answer.pk)
    in_thread = thread(viewer=viewer, post=post)[0]

    assert shown == in_thread == answer
    for attribute in ("like_count", "liked", "is_teacher_answer", "is_accepted"):
        assert getattr(shown, attribute) == getattr(in_thread, attribute)
    assert (shown.like_count, shown.liked, shown.is_teacher_answer) == (2, True, True)
    assert shown.reply_list == in_thread.reply_list == [reply]
    moderated = comment_get_in_thread(viewer=community.viewer("teacher"), pk=answer.pk)
    assert moderated.reply_list == [reply, hidden_reply]
    one_reply = comment_get_in_thread(viewer=viewer, pk=reply.pk)
    assert (one_reply.reply_list, one_reply.is_teacher_answer) == ([], False)
    with pytest.raises(Http404):
        comment_get_in_thread(viewer=community.viewer("member"), pk=answer.pk)


# Query budgets


# The member's account and permissions, then for a feed page: their grants
# (plans, twice), verified email and lesson privacy, the posts, their tags
# and attachments; for a thread: the course's teachers and the comments.
FEED_PAGE_BUDGET = 10
THREAD_BUDGET = 5


def queries(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured.captured_queries)


def fresh_viewer(user: User) -> Viewer:
    """The user as a new request would have them: no permission cache yet."""
    return Viewer(user=User.objects.get(pk=user.pk))


def feed_page(community) -> None:
    viewer = fresh_viewer(community.course_member)
    for post in post_list(viewer=viewer)[:20]:
        _ = (post.author.name, post.course and post.course.title, post.like_count)
        _ = ([tag.name for tag in post.tags.all()], list(post.attachments.all()))


def add_posts(community, count: int) -> None:
    for n in range(count):
        author = UserFactory(email_verified=True)
        post = (
            board_post(community, author=author, tags=["a", f"t{n}"])
            if n % 2
            else PostFactory(author=author, tags=["b"])
        )
        post.attachments.add(MediaAssetFactory(owner=author))
        LikeFactory(post=post)
        CommentFactory(post=post)


def test_a_feed_page_costs_the_same_however_many_posts(community):
    add_posts(community, 3)
    feed_page(community)  # the reader's permissions kept
    few = queries(lambda: feed_page(community))
    add_posts(community, 30)

    assert queries(lambda: feed_page(community)) == few
    assert few <= FEED_PAGE_BUDGET


def test_a_feed_page_asks_nothing_of_lessons(community):
    question(community)
    with CaptureQueriesContext(connection) as captured:
        feed_page(community)
        tag_list_popular(viewer=fresh_viewer(community.course_member))

    lessons = LessonPage._meta.db_table
    assert not [q["sql"] for q in captured.captured_queries if lessons in q["sql"]]


def read_thread(community, post) -> None:
    for comment in thread(viewer=fresh_viewer(community.course_member), post=post):
        _ = (comment.author.name, comment.like_count, comment.is_teacher_answer)
        for reply in comment.reply_list:
            _ = (reply.author.name, reply.like_count, reply.liked)


def add_comments(post, count: int) -> None:
    for _ in range(count // 2):
        comment = CommentFactory(post=post)
        LikeFactory(comment=comment, post=None)
        CommentFactory(post=post, parent=comment)


def test_a_thread_of_200_comments_costs_what_one_of_20_does(community):
    small, large = question(community), question(community)
    add_comments(small, 20)
    add_comments(large, 200)

    read_thread(community, small)  # the reader's permissions kept
    few = queries(lambda: read_thread(community, small))

    assert queries(lambda: read_thread(community, large)) == few
    assert few <= THREAD_BUDGET


def test_one_comment_of_a_long_thread_costs_what_one_of_a_short_does(community):
    small, large = question(community), question(community)
    add_comments(small, 4)
    add_comments(large, 200)
    first = {post: post.comments.filter(parent=None).first() for post in (small, large)}
    for post, comment in first.items():
        replies = 2 if post == small else 40
        CommentFactory.create_batch(replies, post=post, parent=comment)
        LikeFactory.create_batch(5, comment=comment, post=None)

    def read(post) -> None:
        viewer = fresh_viewer(community.course_member)
        comment = comment_get_in_thread(viewer=viewer, pk=first[post].pk)
        _ = (comment.author.name, comment.like_count, comment.is_teacher_answer)
        for reply in comment.reply_list:
            _ = (reply.author.name, reply.like_count, reply.liked)

    read(small)  # the reader's permissions kept
    few = queries(lambda: read(small))

    assert queries(lambda: read(large)) == few


# Likes, tags, boards


def test_the_author_and_moderators_see_who_liked(community):
    post = board_post(community)
    early = LikeFactory(post=post, user=community.teacher)
    early.created_at -= timedelta(minutes=5)
    early.save()
    LikeFactory(post=post, user=community.admin)

    assert list(like_list(viewer=community.viewer("course member"), post=post)) == [
        community.admin,
        community.teacher,
    ]
    assert like_list(viewer=community.viewer("teacher"), post=post)
    for role in ("member", "other teacher", "anonymous"):
        with pytest.raises(PermissionDenied):
            like_list(viewer=community.viewer(role), post=post)


def test_a_comments_likers_are_for_its_author(community):
    comment = CommentFactory(post=board_post(community), author=community.teacher)
    LikeFactory(comment=comment, post=None, user=community.course_member)

    assert list(like_list(viewer=community.viewer("teacher"), comment=comment)) == [
        community.course_member
    ]
    with pytest.raises(PermissionDenied):
        like_list(viewer=community.viewer("course member"), comment=comment)


def test_popular_tags_count_the_posts_the_viewer_sees(community):
    PostFactory.create_batch(2, tags=["knots"])
    PostFactory(tags=["tides"])
    PostFactory(tags=["secret"], status=Status.HIDDEN)
    board_post(community, tags=["sailing", "knots"])

    popular = tag_list_popular(viewer=community.viewer("member"))
    as_member = tag_list_popular(viewer=community.viewer("course member"))

    assert [(tag.name, tag.post_count) for tag in popular] == [
        ("knots", 2),
        ("tides", 1),
    ]
    assert [(tag.name, tag.post_count) for tag in as_member][:2] == [
        ("knots", 3),
        ("sailing", 1),
    ]
    assert [
        tag.name for tag in tag_list_popular(viewer=community.viewer("member"), limit=1)
    ] == ["knots"]


def test_the_boards_one_may_write_on(community):
    assert list(post_board_list_for(user=community.course_member)) == [community.course]
    assert list(post_board_list_for(user=community.admin)) == [
        community.other_course,
        community.course,
    ]
    assert not post_board_list_for(user=community.member)
    assert not post_board_list_for(user=community.viewer("anonymous").user)


# Data export, reports


def test_the_export_holds_ones_posts_comments_and_likes(community):
    member = community.course_member
    board_post(community, author=member, title="Mine", tags=["knots"])
    others = PostFactory(title="Theirs")
    CommentFactory(post=others, author=member, body="Nice.")
    LikeFactory(post=others, user=member)
    LikeFactory(post=None, comment=CommentFactory(post=others), user=member)
    PostFactory(title="Not mine")

    data = community_data_export(user=member)

    assert [(p["title"], p["place"], p["tags"]) for p in data["posts"]] == [
        ("Mine", "The board of “Sailing”", ["knots"])
    ]
    assert [(c["post"], c["body"]) for c in data["comments"]] == [("Theirs", "Nice.")]
    assert sorted(like["what"] for like in data["likes"]) == [
        "Comment on “Theirs”",
        "Post “Theirs”",
    ]


def test_a_reports_context_has_its_neighbours_and_all_reports(community):
    post = board_post(community, title="Tides")
    comments = CommentFactory.create_batch(9, post=post)
    reported = comments[4]
    first = ReportFactory(post=None, comment=reported)
    second = ReportFactory(post=None, comment=reported, reason=Report.Reason.ABUSE)
    ReportFactory(post=post)

    context = report_context(report=first)

    assert context["post"] == post
    assert context["comment"] == reported
    assert context["comments"] == comments[1:8]
    assert set(context["reports"]) == {first, second}
    assert set(report_list_open()) == set(Report.objects.all())
