"""
The community's posts through the REST API: the feed, boards and a lesson's
questions per role, what a post says of itself, writing, editing and
deleting one's own, bad input, rate limits, and what the feed costs.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from community.factories import (
    CommentFactory,
    LikeFactory,
    MuteFactory,
    PostFactory,
)
from community.models import POST_MAX_LENGTH, Post, Status
from community.tests.conftest import ROLES
from media_library.factories import MediaAssetFactory
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

POSTS = "/api/v1/community/posts"
# Who is a member of `community.course`'s board (and may read its lesson).
BOARD_MEMBERS = {"course member", "teacher", "admin"}
SIGNED_IN = [role for role in ROLES if role != "anonymous"]


@pytest.fixture
def as_role(api_client, community):
    """`as_role("teacher")`: an API client with that member's token."""

    def client_for(role: str):
        return api_client(None if role == "anonymous" else community.users[role])

    return client_for


def post_url(post: Post) -> str:
    return f"{POSTS}/{post.pk}"


def board_url(course) -> str:
    return f"/api/v1/community/courses/{course.pk}/posts"


def questions_url(lesson) -> str:
    return f"/api/v1/community/lessons/{lesson.pk}/questions"


def titles(response) -> list[str]:
    return [post["title"] for post in response.json()["results"]]


def write(client, url: str, data: dict, method: str = "post"):
    return getattr(client, method)(url, data, content_type="application/json")


# Reading


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_the_feed_rendered_and_sanitised(as_role, role):
    post = PostFactory(
        title="Knots for beginners",
        body="Start with a **reef** knot. <script>alert(1)</script>",
        tags=["rope"],
    )

    feed = as_role(role).get(POSTS)
    detail = as_role(role).get(post_url(post))

    assert feed.status_code == 200
    assert feed.json()["count"] == 1
    shown = feed.json()["results"][0]
    assert shown == detail.json()
    assert shown["body"] == post.body
    assert "<strong>reef</strong>" in shown["body_html"]
    assert "<script>" not in shown["body_html"]
    assert shown["tags"] == ["rope"]
    assert shown["place"]["kind"] == "feed"
    assert shown["place"]["course"] is None
    assert shown["url"] == f"http://testserver{post_url(post)}"
    assert shown["html_url"] == f"http://testserver/community/posts/{post.pk}/"


def test_a_post_says_who_wrote_it_where_and_what_others_did(as_role, community):
    author = UserFactory(display_name="Bea", handle="bea")
    post = PostFactory(author=author, course=community.course, tags=["knots"])
    CommentFactory(post=post)
    CommentFactory(post=post, status=Status.HIDDEN)
    LikeFactory(post=post, user=community.course_member)
    LikeFactory(post=post)

    shown = as_role("course member").get(post_url(post)).json()

    assert shown["author"] == {
        "id": author.pk,
        "handle": "bea",
        "display_name": "Bea",
        "html_url": f"http://testserver{author.get_absolute_url()}",
    }
    assert shown["place"]["kind"] == "board"
    assert shown["place"]["course"]["id"] == community.course.pk
    assert shown["place"]["course"]["title"] == "Sailing"
    assert (
        shown["place"]["posts_url"] == f"http://testserver{board_url(community.course)}"
    )
    assert shown["like_count"] == 2
    assert shown["liked_by_me"] is True
    assert shown["comment_count"] == 1
    assert shown["status"] == "published"
    assert shown["edited"] is False
    assert shown["locked"] is False
    assert shown["accepted_answer_id"] is None
    assert shown["comments_url"].endswith(f"{post_url(post)}/comments")


def test_attachments_show_only_as_the_media_rules_allow(as_role, api_client):
    author = UserFactory(email_verified=True)
    private = MediaAssetFactory(owner=author, title="My notes")
    post = PostFactory(author=author)
    post.attachments.add(private)

    to_author = api_client(author).get(post_url(post)).json()
    to_others = as_role("member").get(post_url(post)).json()

    assert [a["id"] for a in to_author["attachments"]] == [private.pk]
    assert to_author["attachments"][0]["title"] == "My notes"
    assert to_others["attachments"] == []
    assert "My notes" not in str(to_others)


@pytest.mark.parametrize("role", ROLES)
def test_only_board_members_see_a_board_and_its_posts(as_role, community, role):
    post = PostFactory(course=community.course, title="Board secret")
    client = as_role(role)

    board = client.get(board_url(community.course))
    detail = client.get(post_url(post))
    comments = client.get(f"{post_url(post)}/comments")
    feed = client.get(POSTS)

    expected = 200 if role in BOARD_MEMBERS else 404
    assert board.status_code == expected
    assert detail.status_code == expected
    assert comments.status_code == expected
    assert ("Board secret" in titles(feed)) == (role in BOARD_MEMBERS)
    if role not in BOARD_MEMBERS:
        assert detail.json()["code"] == "not_found"
        assert "Board secret" not in board.content.decode()


def test_a_board_that_does_not_exist_is_not_found(as_role):
    assert (
        as_role("admin").get("/api/v1/community/courses/999999/posts").status_code
        == 404
    )


def test_the_feed_filters_by_tag_board_and_orders_by_this_weeks_likes(
    as_role, community
):
    PostFactory(title="Feed post", tags=["wind"])
    board = PostFactory(title="Board post", course=community.course)
    liked = PostFactory(title="Liked post")
    LikeFactory(post=liked)
    client = as_role("course member")

    by_tag = client.get(POSTS, {"tag": "Wind"})
    by_board = client.get(POSTS, {"course_id": community.course.pk})
    top = client.get(POSTS, {"sort": "top_week"})

    assert titles(by_tag) == ["Feed post"]
    assert titles(by_board) == [board.title]
    assert titles(top)[0] == "Liked post"


def test_the_feed_filters_only_by_ones_own_boards(as_role, community):
    PostFactory(course=community.other_course)

    response = as_role("course member").get(
        POSTS, {"course_id": community.other_course.pk}
    )

    assert response.status_code == 400
    assert "course_id" in response.json()["fields"]


def test_the_feed_rejects_an_unknown_sort(as_role):
    response = as_role("member").get(POSTS, {"sort": "oldest"})

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_ids_beyond_what_the_database_stores_are_refused(as_role):
    assert as_role("member").get(f"{POSTS}/{2**63}").status_code == 422
    assert as_role("member").get(POSTS, {"course_id": 2**63}).status_code == 422


def test_the_feed_is_a_page_at_a_time(as_role):
    for _ in range(3):
        PostFactory()

    first = as_role("member").get(POSTS, {"page_size": 2}).json()
    second = as_role("member").get(first["next"]).json()

    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert len(second["results"]) == 1
    assert second["next"] is None


@pytest.mark.parametrize("status", [Status.HELD, Status.HIDDEN])
@pytest.mark.parametrize("role", SIGNED_IN)
def test_held_and_hidden_posts_show_only_to_their_author_and_moderators(
    as_role, api_client, community, status, role
):
    author = UserFactory()
    feed_post = PostFactory(author=author, title="Not for all", status=status)
    board_post = PostFactory(
        author=author,
        title="Board, not for all",
        course=community.course,
        status=status,
    )

    listed = titles(as_role(role).get(POSTS, {"page_size": 100}))
    detail = as_role(role).get(post_url(board_post))

    assert ("Not for all" in listed) == (role == "admin")
    assert ("Board, not for all" in listed) == (role in {"teacher", "admin"})
    assert detail.status_code == (200 if role in {"teacher", "admin"} else 404)
    by_author = api_client(author).get(post_url(feed_post)).json()
    assert by_author["status"] == status


# A lesson's questions


@pytest.mark.parametrize("role", ROLES)
def test_a_gated_lessons_questions_are_refused_to_who_may_not_read_it(
    as_role, community, role
):
    lesson = community.lesson
    question = PostFactory(
        lesson=lesson, course=community.course, title="How tight?", body="Secret body"
    )
    client = as_role(role)

    listed = client.get(questions_url(lesson))
    detail = client.get(post_url(question))

    if role in BOARD_MEMBERS:
        assert listed.status_code == 200
        assert titles(listed) == ["How tight?"]
        assert listed.json()["results"][0]["place"]["kind"] == "question"
        assert listed.json()["results"][0]["place"]["lesson"]["id"] == lesson.pk
        assert detail.status_code == 200
    else:
        assert listed.status_code == 403
        # The lesson's own refusal, saying what would unlock it.
        assert listed.json() == client.get(f"/api/v1/lessons/{lesson.pk}").json()
        assert listed.json()["code"] == "locked"
        assert listed.json()["detail"]["unlock"] == "purchase"
        assert "How tight?" not in listed.content.decode()
        assert detail.status_code == 404
        assert "Secret body" not in detail.content.decode()


def test_questions_of_an_unpublished_or_unknown_lesson_are_not_found(
    as_role, community
):
    community.lesson.unpublish()

    assert as_role("member").get(questions_url(community.lesson)).status_code == 404
    assert (
        as_role("member").get("/api/v1/community/lessons/999999/questions").status_code
        == 404
    )


def test_lesson_questions_are_not_in_the_feed(as_role, community):
    PostFactory(lesson=community.lesson, course=community.course, title="Question")

    assert titles(as_role("teacher").get(POSTS)) == []


# Writing


def test_a_member_writes_in_the_feed(as_role, community):
    asset = MediaAssetFactory(owner=community.member)

    response = write(
        as_role("member"),
        POSTS,
        {
            "title": "Hello",
            "body": "Hi @ada, *all*",
            "tags": ["Intro", "intro", "sailing"],
            "attachments": [asset.pk],
        },
    )

    assert response.status_code == 201
    shown = response.json()
    post = Post.objects.get()
    assert shown["id"] == post.pk
    assert post.author == community.member
    assert shown["status"] == "published"
    assert "<em>all</em>" in shown["body_html"]
    assert sorted(shown["tags"]) == ["intro", "sailing"]
    assert [a["id"] for a in shown["attachments"]] == [asset.pk]
    assert shown["place"]["kind"] == "feed"


def test_a_board_member_writes_on_the_board(as_role, community):
    response = write(
        as_role("course member"),
        POSTS,
        {"title": "Crew wanted", "body": "Saturday?", "course_id": community.course.pk},
    )

    assert response.status_code == 201
    assert Post.objects.get().course == community.course
    assert response.json()["place"]["kind"] == "board"


@pytest.mark.parametrize("role", ["member", "non-member", "other teacher"])
def test_who_is_not_on_a_board_cannot_write_there_or_learn_it_exists(
    as_role, community, role
):
    response = write(
        as_role(role),
        POSTS,
        {"title": "Hi", "body": "Hello", "course_id": community.course.pk},
    )

    assert response.status_code == 404
    assert not Post.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_questions_are_asked_under_lessons_one_may_read(as_role, community, role):
    response = write(
        as_role(role),
        POSTS,
        {"title": "Why?", "body": "Because.", "lesson_id": community.lesson.pk},
    )

    if role == "anonymous":
        assert response.status_code == 401
    elif role in BOARD_MEMBERS:
        assert response.status_code == 201
        assert response.json()["place"]["kind"] == "question"
        assert Post.objects.get().lesson_id == community.lesson.pk
        return
    else:
        assert response.status_code == 403
    assert not Post.objects.exists()


def test_a_new_members_first_post_is_held_and_says_so(as_role, settings):
    settings.COMMUNITY_HOLD_FIRST_POSTS = 1

    response = write(as_role("member"), POSTS, {"title": "First", "body": "Hi"})

    assert response.status_code == 201
    assert response.json()["status"] == "held"
    assert titles(as_role("non-member").get(POSTS)) == []


def test_a_muted_member_is_told_why_they_cannot_post(as_role, community):
    MuteFactory(user=community.member)

    response = write(as_role("member"), POSTS, {"title": "Hi", "body": "Hello"})

    assert response.status_code == 403
    assert "muted" in response.json()["message"]
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"title": ""}, 400),
        ({"title": "   "}, 400),
        ({"body": ""}, 400),
        ({"title": "x" * 201}, 422),
        ({"body": "x" * (POST_MAX_LENGTH + 1)}, 422),
        ({"tags": ["a", "b", "c", "d", "e", "f"]}, 400),
        ({"tags": ["x" * 31]}, 400),
        ({"tags": "a,b"}, 422),
        ({"attachments": [999999]}, 400),
        ({"attachments": list(range(1, 12))}, 422),
        ({"attachments": [2**63]}, 422),
        ({"course_id": 2**63}, 422),
        ({"lesson_id": "first"}, 422),
    ],
)
def test_bad_posts_are_refused_with_what_is_wrong(as_role, fields, status):
    response = write(as_role("member"), POSTS, {"title": "Hi", "body": "Hey", **fields})

    assert response.status_code == status
    assert response.json()["message"]
    assert not Post.objects.exists()


def test_someone_elses_media_cannot_be_attached(as_role, community):
    theirs = MediaAssetFactory(owner=community.course_member)

    response = write(
        as_role("member"),
        POSTS,
        {"title": "Hi", "body": "Hey", "attachments": [theirs.pk]},
    )

    assert response.status_code == 400
    assert "attachments" in response.json()["fields"]
    assert not Post.objects.exists()


def test_a_post_goes_on_a_board_or_under_a_lesson_not_both(as_role, community):
    response = write(
        as_role("course member"),
        POSTS,
        {
            "title": "Hi",
            "body": "Hey",
            "course_id": community.course.pk,
            "lesson_id": community.lesson.pk,
        },
    )

    assert response.status_code == 400
    assert not Post.objects.exists()


def test_posting_too_often_is_a_429(as_role, settings):
    settings.COMMUNITY_POST_RATE = "1/600"
    client = as_role("member")
    assert write(client, POSTS, {"title": "One", "body": "Hi"}).status_code == 201

    response = write(client, POSTS, {"title": "Two", "body": "Hi"})

    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert Post.objects.count() == 1


def test_anonymous_visitors_cannot_post(as_role):
    response = write(as_role("anonymous"), POSTS, {"title": "Hi", "body": "Hey"})

    assert response.status_code == 401
    assert not Post.objects.exists()


# Editing and deleting


def test_the_author_edits_only_what_they_send(as_role, community):
    post = PostFactory(author=community.member, title="Old", body="Body", tags=["a"])

    response = write(
        as_role("member"), post_url(post), {"title": "New"}, method="patch"
    )

    assert response.status_code == 200
    post.refresh_from_db()
    assert (post.title, post.body) == ("New", "Body")
    assert [tag.name for tag in post.tags.all()] == ["a"]
    assert response.json()["edited"] is True
    assert response.json()["title"] == "New"


def test_the_author_replaces_tags_and_attachments(as_role, community):
    post = PostFactory(author=community.member, tags=["a"])
    asset = MediaAssetFactory(owner=community.member)

    response = write(
        as_role("member"),
        post_url(post),
        {"tags": ["b", "c"], "attachments": [asset.pk]},
        method="patch",
    )

    assert response.status_code == 200
    assert sorted(response.json()["tags"]) == ["b", "c"]
    assert list(post.attachments.all()) == [asset]


@pytest.mark.parametrize("role", ["member", "course member", "teacher", "admin"])
def test_nobody_edits_someone_elses_post(as_role, community, role):
    post = PostFactory(
        author=community.non_member, course=None, title="Mine", body="Mine"
    )

    response = write(as_role(role), post_url(post), {"title": "Theirs"}, method="patch")

    assert response.status_code == 403
    post.refresh_from_db()
    assert post.title == "Mine"


def test_a_bad_edit_changes_nothing(as_role, community):
    post = PostFactory(author=community.member, title="Mine")
    theirs = MediaAssetFactory(owner=community.course_member)

    too_long = write(
        as_role("member"), post_url(post), {"title": "x" * 201}, method="patch"
    )
    empty = write(as_role("member"), post_url(post), {"title": " "}, method="patch")
    not_mine = write(
        as_role("member"), post_url(post), {"attachments": [theirs.pk]}, method="patch"
    )
    null = write(as_role("member"), post_url(post), {"tags": None}, method="patch")

    assert (too_long.status_code, empty.status_code) == (422, 400)
    assert (not_mine.status_code, null.status_code) == (400, 422)
    post.refresh_from_db()
    assert post.title == "Mine"
    assert not post.attachments.exists()


def test_editing_a_board_post_one_no_longer_sees_is_not_found(as_role, community):
    post = PostFactory(author=community.member, course=community.course)

    response = write(as_role("member"), post_url(post), {"title": "x"}, method="patch")

    assert response.status_code == 404


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
def test_the_author_and_moderators_delete_a_board_post(
    as_role, community, role, status
):
    post = PostFactory(author=community.course_member, course=community.course)

    response = as_role(role).delete(post_url(post))

    assert response.status_code == status
    assert Post.objects.filter(pk=post.pk).exists() == (status != 204)


def test_a_member_cannot_delete_someone_elses_post(as_role, community):
    post = PostFactory(author=community.course_member)

    response = as_role("member").delete(post_url(post))

    assert response.status_code == 403
    assert Post.objects.filter(pk=post.pk).exists()


# What the lists cost


def populate(community, count: int) -> None:
    author = UserFactory(email_verified=True)
    for _ in range(count):
        post = PostFactory(author=author, course=community.course, tags=["rope"])
        post.attachments.add(MediaAssetFactory(owner=author))
        CommentFactory(post=post)
        LikeFactory(post=post)


@pytest.mark.parametrize("url", [POSTS, "board"])
def test_a_page_of_posts_costs_the_same_however_many_it_holds(as_role, community, url):
    client = as_role("course member")
    url = board_url(community.course) if url == "board" else url

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    populate(community, 2)
    queries()  # caches warmed: the site, content types
    few = queries()
    populate(community, 4)
    queries()  # the bell's count, changed by their notifications, read again

    assert queries() == few


def test_a_page_of_questions_costs_the_same_however_many_it_holds(as_role, community):
    client = as_role("course member")
    url = questions_url(community.lesson)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    def ask(count: int) -> None:
        for _ in range(count):
            PostFactory(lesson=community.lesson, course=community.course, tags=["q"])

    ask(2)
    queries()
    few = queries()
    ask(4)
    queries()  # the bell's count, changed by their notifications, read again

    assert queries() == few
