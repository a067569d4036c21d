"""
The community's threads through the REST API: comments and replies, likes
and who liked, a lesson question's accepted answer, and reports, per role;
bad input, rate limits, and what a thread costs.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from community.factories import (
    CommentFactory,
    LikeFactory,
    MuteFactory,
    PostFactory,
)
from community.models import COMMENT_MAX_LENGTH, Comment, Like, Post, Report, Status
from community.tests.conftest import ROLES
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/community"
BOARD_MEMBERS = {"course member", "teacher", "admin"}


@pytest.fixture
def as_role(api_client, community):
    def client_for(role: str):
        return api_client(None if role == "anonymous" else community.users[role])

    return client_for


def comments_url(post: Post) -> str:
    return f"{API}/posts/{post.pk}/comments"


def comment_url(comment: Comment) -> str:
    return f"{API}/comments/{comment.pk}"


def write(client, url: str, data: dict | None = None, method: str = "post"):
    return getattr(client, method)(url, data or {}, content_type="application/json")


def board_post(community, **fields) -> Post:
    return PostFactory(course=community.course, **fields)


def question(community, **fields) -> Post:
    """A question under `community.lesson`, asked by its course member."""
    fields.setdefault("author", community.course_member)
    return PostFactory(lesson=community.lesson, course=community.course, **fields)


# Reading a thread


def test_a_thread_nests_replies_under_their_comment(as_role, community):
    post = PostFactory()
    first = CommentFactory(post=post, body="First *one*")
    reply = CommentFactory(post=post, parent=first, author=community.teacher)
    second = CommentFactory(post=post)
    LikeFactory(post=None, comment=first, user=community.member)

    response = as_role("member").get(comments_url(post))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    top, after = body["results"]
    assert (top["id"], after["id"]) == (first.pk, second.pk)
    assert "<em>one</em>" in top["body_html"]
    assert top["like_count"] == 1
    assert top["liked_by_me"] is True
    assert [r["id"] for r in top["replies"]] == [reply.pk]
    assert top["replies"][0]["parent_id"] == first.pk
    assert top["url"] == f"http://testserver{comment_url(first)}"
    assert top["html_url"].endswith(f"/community/posts/{post.pk}/#comment-{first.pk}")


def test_a_deleted_comment_with_replies_stays_emptied(as_role, community):
    post = PostFactory()
    comment = CommentFactory(post=post, author=community.member, body="Gone soon")
    CommentFactory(post=post, parent=comment)
    assert as_role("member").delete(comment_url(comment)).status_code == 204

    shown = as_role("course member").get(comments_url(post)).json()["results"][0]

    assert shown["deleted"] is True
    assert shown["author"] is None
    assert shown["body"] == shown["body_html"] == ""
    assert len(shown["replies"]) == 1


@pytest.mark.parametrize("role", ROLES)
def test_hidden_comments_show_only_to_their_author_and_moderators(
    as_role, community, role
):
    post = board_post(community, author=community.teacher)
    CommentFactory(
        post=post, author=community.course_member, status=Status.HIDDEN, body="Rude"
    )

    response = as_role(role).get(comments_url(post))

    if role not in BOARD_MEMBERS:
        assert response.status_code == 404
        return
    bodies = [c["body"] for c in response.json()["results"]]
    assert bodies == ["Rude"]  # its author, the board's teacher, an admin
    assert response.json()["results"][0]["status"] == "hidden"


def test_a_hidden_comment_is_not_found_by_other_members(as_role, community):
    post = board_post(community)
    comment = CommentFactory(post=post, status=Status.HIDDEN, body="Rude")

    assert as_role("course member").get(comment_url(comment)).status_code == 404
    assert as_role("teacher").get(comment_url(comment)).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_a_board_comment_is_not_found_outside_the_board(as_role, community, role):
    comment = CommentFactory(post=board_post(community), body="Inside")

    response = as_role(role).get(comment_url(comment))

    assert response.status_code == (200 if role in BOARD_MEMBERS else 404)
    if role not in BOARD_MEMBERS:
        assert "Inside" not in response.content.decode()


# Commenting


def test_a_member_comments_and_replies(as_role, community):
    post = PostFactory(author=community.course_member)
    client = as_role("member")

    comment = write(client, comments_url(post), {"body": "Nice **one**"})
    reply = write(
        client,
        comments_url(post),
        {"body": "And more", "parent_id": comment.json()["id"]},
    )

    assert comment.status_code == 201
    assert "<strong>one</strong>" in comment.json()["body_html"]
    assert comment.json()["replies"] == []
    assert reply.status_code == 201
    assert reply.json()["parent_id"] == comment.json()["id"]
    assert Comment.objects.count() == 2


def test_a_reply_to_a_reply_answers_the_comment_above(as_role, community):
    post = PostFactory()
    comment = CommentFactory(post=post)
    reply = CommentFactory(post=post, parent=comment)

    response = write(
        as_role("member"), comments_url(post), {"body": "Hi", "parent_id": reply.pk}
    )

    assert response.status_code == 201
    assert response.json()["parent_id"] == comment.pk


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"body": ""}, 400),
        ({"body": "  "}, 400),
        ({"body": "x" * (COMMENT_MAX_LENGTH + 1)}, 422),
        ({}, 422),
        ({"body": "Hi", "parent_id": 999999}, 400),
        ({"body": "Hi", "parent_id": "other"}, 422),
    ],
)
def test_bad_comments_are_refused_with_what_is_wrong(as_role, data, status):
    post = PostFactory()
    count = Comment.objects.count()

    response = write(as_role("member"), comments_url(post), data)

    assert response.status_code == status
    assert response.json()["message"]
    assert Comment.objects.count() == count


def test_one_replies_only_to_a_comment_of_the_same_post(as_role):
    post = PostFactory()
    elsewhere = CommentFactory()

    response = write(
        as_role("member"),
        comments_url(post),
        {"body": "Hi", "parent_id": elsewhere.pk},
    )

    assert response.status_code == 400
    assert "parent_id" in response.json()["fields"]
    assert not post.comments.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_board_members_comment_on_a_board(as_role, community, role):
    post = board_post(community)

    response = write(as_role(role), comments_url(post), {"body": "Hi"})

    expected = {"anonymous": 401}.get(role, 201 if role in BOARD_MEMBERS else 404)
    assert response.status_code == expected
    assert post.comments.exists() == (expected == 201)


def test_a_locked_thread_takes_comments_only_from_its_moderators(as_role, community):
    post = board_post(community, locked_at=timezone.now())

    member = write(as_role("course member"), comments_url(post), {"body": "Hi"})
    teacher = write(as_role("teacher"), comments_url(post), {"body": "Closing"})

    assert member.status_code == 403
    assert member.json()["message"] == "This thread is locked."
    assert teacher.status_code == 201


def test_a_muted_member_cannot_comment(as_role, community):
    post = board_post(community)
    MuteFactory(user=community.course_member, course=community.course)

    response = write(as_role("course member"), comments_url(post), {"body": "Hi"})

    assert response.status_code == 403
    assert "muted" in response.json()["message"]
    assert not post.comments.exists()


def test_commenting_too_often_is_a_429(as_role, settings):
    settings.COMMUNITY_COMMENT_RATE = "1/600"
    post = PostFactory()
    client = as_role("member")
    assert write(client, comments_url(post), {"body": "One"}).status_code == 201

    response = write(client, comments_url(post), {"body": "Two"})

    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert post.comments.count() == 1


# Editing and deleting comments


def test_the_author_edits_their_comment(as_role, community):
    comment = CommentFactory(author=community.member, body="Old")

    response = write(
        as_role("member"), comment_url(comment), {"body": "New *text*"}, method="patch"
    )

    assert response.status_code == 200
    assert "<em>text</em>" in response.json()["body_html"]
    assert response.json()["edited_at"] is not None
    comment.refresh_from_db()
    assert comment.body == "New *text*"


@pytest.mark.parametrize("role", ["member", "course member", "teacher", "admin"])
def test_nobody_edits_someone_elses_comment(as_role, community, role):
    comment = CommentFactory(author=community.non_member, body="Mine")

    response = write(
        as_role(role), comment_url(comment), {"body": "Theirs"}, method="patch"
    )

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Mine"


def test_a_bad_comment_edit_changes_nothing(as_role, community):
    comment = CommentFactory(author=community.member, body="Mine")

    empty = write(as_role("member"), comment_url(comment), {"body": ""}, "patch")
    too_long = write(
        as_role("member"),
        comment_url(comment),
        {"body": "x" * (COMMENT_MAX_LENGTH + 1)},
        "patch",
    )

    assert (empty.status_code, too_long.status_code) == (400, 422)
    comment.refresh_from_db()
    assert comment.body == "Mine"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("course member", 204),  # its author
        ("teacher", 204),  # the board's moderator
        ("admin", 204),
        ("other teacher", 404),
        ("non-member", 404),
        ("anonymous", 401),
    ],
)
def test_the_author_and_moderators_delete_a_comment(as_role, community, role, status):
    comment = CommentFactory(post=board_post(community), author=community.course_member)

    response = as_role(role).delete(comment_url(comment))

    assert response.status_code == status
    assert Comment.objects.filter(pk=comment.pk).exists() == (status != 204)


def test_a_member_cannot_delete_someone_elses_comment(as_role, community):
    comment = CommentFactory(author=community.course_member)

    response = as_role("member").delete(comment_url(comment))

    assert response.status_code == 403
    assert Comment.objects.filter(pk=comment.pk).exists()


# Likes


@pytest.mark.parametrize("method", ["put", "post"])
def test_liking_is_idempotent_and_unliking_too(as_role, community, method):
    post = PostFactory(author=community.course_member)
    client = as_role("member")
    like_url = f"{API}/posts/{post.pk}/like"

    first = getattr(client, method)(like_url)
    again = getattr(client, method)(like_url)

    assert first.status_code == again.status_code == 200
    assert again.json() == {"liked_by_me": True, "like_count": 1}
    assert Like.objects.filter(post=post).count() == 1
    assert client.delete(like_url).status_code == 204
    assert client.delete(like_url).status_code == 204
    assert not Like.objects.exists()


def test_comments_are_liked_and_unliked(as_role, community):
    comment = CommentFactory(author=community.course_member)
    client = as_role("member")
    like_url = f"{comment_url(comment)}/like"

    liked = client.put(like_url)
    shown = client.get(comment_url(comment)).json()

    assert liked.json() == {"liked_by_me": True, "like_count": 1}
    assert (shown["liked_by_me"], shown["like_count"]) == (True, 1)
    assert client.delete(like_url).status_code == 204
    assert not Like.objects.exists()


def test_one_cannot_like_ones_own(as_role, community):
    post = PostFactory(author=community.member)
    comment = CommentFactory(author=community.member)

    on_post = as_role("member").put(f"{API}/posts/{post.pk}/like")
    on_comment = as_role("member").put(f"{comment_url(comment)}/like")

    assert on_post.status_code == on_comment.status_code == 400
    assert on_post.json()["code"] == "own_content"
    assert not Like.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_board_members_like_board_posts_and_comments(as_role, community, role):
    post = board_post(community, author=community.other_teacher)
    comment = CommentFactory(post=post, author=community.other_teacher)

    on_post = as_role(role).put(f"{API}/posts/{post.pk}/like")
    on_comment = as_role(role).put(f"{comment_url(comment)}/like")

    expected = {"anonymous": 401}.get(role, 200 if role in BOARD_MEMBERS else 404)
    assert on_post.status_code == on_comment.status_code == expected
    assert Like.objects.exists() == (expected == 200)


def test_a_hidden_post_cannot_be_liked_even_by_its_moderators(as_role, community):
    post = board_post(community, status=Status.HIDDEN)

    response = as_role("teacher").put(f"{API}/posts/{post.pk}/like")

    assert response.status_code == 403
    assert not Like.objects.exists()


def test_a_muted_member_cannot_like(as_role, community):
    post = board_post(community)
    MuteFactory(user=community.course_member)

    response = as_role("course member").put(f"{API}/posts/{post.pk}/like")

    assert response.status_code == 403
    assert not Like.objects.exists()


def test_liking_too_often_is_a_429(as_role, settings):
    settings.COMMUNITY_LIKE_RATE = "2/60"
    post = PostFactory()
    client = as_role("member")
    client.put(f"{API}/posts/{post.pk}/like")
    client.delete(f"{API}/posts/{post.pk}/like")

    response = client.put(f"{API}/posts/{post.pk}/like")

    assert response.status_code == 429
    assert not Like.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("course member", 200),  # its author
        ("teacher", 200),  # the board's moderator
        ("admin", 200),
        ("non-member", 404),
        ("other teacher", 404),
        ("anonymous", 401),
    ],
)
def test_its_author_and_moderators_see_who_liked(as_role, community, role, status):
    post = board_post(community, author=community.course_member)
    comment = CommentFactory(post=post, author=community.course_member)
    liker = UserFactory(display_name="Lee", handle="lee")
    LikeFactory(post=post, user=liker)
    LikeFactory(post=None, comment=comment, user=liker)

    on_post = as_role(role).get(f"{API}/posts/{post.pk}/likes")
    on_comment = as_role(role).get(f"{comment_url(comment)}/likes")

    assert on_post.status_code == on_comment.status_code == status
    if status == 200:
        assert [m["handle"] for m in on_post.json()["results"]] == ["lee"]
        assert [m["handle"] for m in on_comment.json()["results"]] == ["lee"]
    else:
        assert "lee" not in on_post.content.decode()


def test_other_readers_do_not_see_who_liked(as_role, community):
    post = board_post(community, author=community.teacher)
    LikeFactory(post=post, user=UserFactory(handle="lee"))

    response = as_role("course member").get(f"{API}/posts/{post.pk}/likes")

    assert response.status_code == 403
    assert "lee" not in response.content.decode()


# A lesson question's accepted answer


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("course member", 200),  # the asker
        ("teacher", 200),
        ("admin", 200),  # superusers teach every course
        ("other teacher", 404),
        ("member", 404),
        ("anonymous", 401),
    ],
)
def test_the_asker_or_a_teacher_accepts_an_answer(as_role, community, role, status):
    post = question(community)
    answer = CommentFactory(post=post)

    response = write(
        as_role(role),
        f"{API}/posts/{post.pk}/accepted-answer",
        {"comment_id": answer.pk},
    )

    assert response.status_code == status
    post.refresh_from_db()
    assert (post.accepted_answer_id == answer.pk) == (status == 200)
    if status == 200:
        assert response.json()["accepted_answer_id"] == answer.pk


def test_other_readers_of_a_question_cannot_accept_its_answer(as_role, community):
    post = question(community, author=community.teacher)
    answer = CommentFactory(post=post)

    response = write(
        as_role("course member"),
        f"{API}/posts/{post.pk}/accepted-answer",
        {"comment_id": answer.pk},
    )

    assert response.status_code == 403
    post.refresh_from_db()
    assert post.accepted_answer_id is None


def test_the_accepted_answer_leads_the_thread_and_can_be_taken_back(as_role, community):
    post = question(community)
    CommentFactory(post=post)
    answer = CommentFactory(post=post)
    client = as_role("course member")
    write(client, f"{API}/posts/{post.pk}/accepted-answer", {"comment_id": answer.pk})

    thread = client.get(comments_url(post)).json()["results"]
    taken_back = client.delete(f"{API}/posts/{post.pk}/accepted-answer")

    assert thread[0]["id"] == answer.pk
    assert thread[0]["is_accepted"] is True
    assert taken_back.status_code == 204
    post.refresh_from_db()
    assert post.accepted_answer_id is None


def test_only_a_questions_own_answers_can_be_accepted(as_role, community):
    feed_post = PostFactory(author=community.course_member)
    feed_comment = CommentFactory(post=feed_post)
    post = question(community)
    reply = CommentFactory(post=post, parent=CommentFactory(post=post))
    client = as_role("course member")

    on_feed = write(
        client,
        f"{API}/posts/{feed_post.pk}/accepted-answer",
        {"comment_id": feed_comment.pk},
    )
    a_reply = write(
        client, f"{API}/posts/{post.pk}/accepted-answer", {"comment_id": reply.pk}
    )
    elsewhere = write(
        client,
        f"{API}/posts/{post.pk}/accepted-answer",
        {"comment_id": feed_comment.pk},
    )

    assert (on_feed.status_code, a_reply.status_code, elsewhere.status_code) == (
        400,
        400,
        400,
    )
    post.refresh_from_db()
    assert post.accepted_answer_id is None


# Reports


def test_a_member_reports_a_post_and_a_comment_once(as_role, community):
    post = PostFactory()
    comment = CommentFactory(post=post)
    client = as_role("member")

    on_post = write(client, f"{API}/reports", {"post_id": post.pk, "reason": "spam"})
    on_comment = write(
        client,
        f"{API}/reports",
        {"comment_id": comment.pk, "reason": "abuse", "details": "Mean"},
    )
    again = write(client, f"{API}/reports", {"post_id": post.pk, "reason": "spam"})

    assert on_post.status_code == on_comment.status_code == 201
    assert on_post.json()["post_id"] == post.pk
    assert on_comment.json()["details"] == "Mean"
    assert again.status_code == 400
    assert again.json()["code"] == "duplicate"
    assert Report.objects.count() == 2


def test_one_cannot_report_ones_own(as_role, community):
    post = PostFactory(author=community.member)

    response = write(
        as_role("member"), f"{API}/reports", {"post_id": post.pk, "reason": "spam"}
    )

    assert response.status_code == 403
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("course member", 201),
        ("non-member", 404),
        ("other teacher", 404),
        ("anonymous", 401),
    ],
)
def test_board_posts_are_reported_by_their_readers_only(
    as_role, community, role, status
):
    post = board_post(community)

    response = write(
        as_role(role), f"{API}/reports", {"post_id": post.pk, "reason": "spam"}
    )

    assert response.status_code == status
    assert Report.objects.exists() == (status == 201)


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"reason": "spam"}, 400),
        ({"post_id": "post", "comment_id": "comment", "reason": "spam"}, 400),
        ({"post_id": "post", "reason": "boring"}, 422),
        ({"post_id": "post", "reason": "other", "details": "x" * 501}, 422),
        ({"post_id": "first", "reason": "spam"}, 422),
        ({"post_id": 999999, "reason": "spam"}, 404),
    ],
)
def test_bad_reports_are_refused(as_role, data, status):
    post = PostFactory()
    comment = CommentFactory(post=post)
    ids = {"post": post.pk, "comment": comment.pk}
    data = {key: ids.get(value, value) for key, value in data.items()}

    response = write(as_role("member"), f"{API}/reports", data)

    assert response.status_code == status
    assert not Report.objects.exists()


# What a thread costs


def test_a_thread_costs_the_same_however_long(as_role):
    post = PostFactory()
    client = as_role("member")

    def populate(count: int) -> None:
        for _ in range(count):
            comment = CommentFactory(post=post)
            CommentFactory(post=post, parent=comment)
            LikeFactory(post=None, comment=comment)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(comments_url(post)).status_code == 200
        return len(context)

    populate(2)
    queries()
    few = queries()
    populate(4)
    queries()  # the bell's count, changed by their notifications, read again

    assert queries() == few
