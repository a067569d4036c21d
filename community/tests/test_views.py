"""
The community's pages and buttons: who reads and writes where (per role),
what bad input gets, what HTMX gets back, and what the feed costs.
"""

from datetime import timedelta

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
from community.models import (
    POST_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Comment,
    Like,
    Mute,
    Post,
    Report,
    Status,
)
from community.tests.conftest import ROLES
from courses.models import Enrollment
from media_library.factories import MediaAssetFactory
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
SIGNED_IN = [role for role in ROLES if role != "anonymous"]
# Who is a member of `community.course`'s board.
BOARD_MEMBERS = {"course member", "teacher", "admin"}


def sign_in(client, community, role: str):
    if role != "anonymous":
        client.force_login(community.users[role])
    return community.users.get(role)


def html(response) -> str:
    return response.content.decode()


# Reading


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_the_feed_and_its_posts(client, community, role):
    post = PostFactory(title="Knots for beginners", body="Start with a **reef** knot.")
    sign_in(client, community, role)

    feed = client.get("/community/")
    detail = client.get(post.get_absolute_url())

    assert feed.status_code == 200
    assert "Knots for beginners" in html(feed)
    assert detail.status_code == 200
    assert "<strong>reef</strong>" in html(detail)


@pytest.mark.parametrize("role", ROLES)
def test_only_board_members_see_a_board_and_its_posts(client, community, role):
    post = PostFactory(course=community.course, title="Board secret")
    sign_in(client, community, role)

    board = client.get(f"/community/courses/{community.course.pk}/")
    detail = client.get(post.get_absolute_url())
    feed = client.get("/community/")

    expected = 200 if role in BOARD_MEMBERS else 404
    assert board.status_code == expected
    assert detail.status_code == expected
    assert ("Board secret" in html(feed)) is (role in BOARD_MEMBERS)
    if role not in BOARD_MEMBERS:
        assert "Board secret" not in html(detail)


def test_a_board_lists_only_its_own_posts(client, community):
    PostFactory(course=community.course, title="On the board")
    PostFactory(title="In the feed")
    client.force_login(community.course_member)

    content = html(client.get(f"/community/courses/{community.course.pk}/"))

    assert "On the board" in content
    assert "In the feed" not in content
    assert f"/community/new/?course={community.course.pk}" in content


def test_the_course_page_links_its_members_to_the_discussion(client, community):
    board_link = f'href="/community/courses/{community.course.pk}/"'

    client.force_login(community.course_member)
    assert board_link in html(client.get(community.course.url))
    client.force_login(community.member)
    assert board_link not in html(client.get(community.course.url))


def test_the_header_links_to_the_community(client, community):
    assert 'href="/community/"' in html(client.get("/"))
    assert 'href="/community/" aria-current="page"' in html(client.get("/community/"))


def test_held_and_hidden_posts_show_to_their_author_marked_and_to_nobody_else(
    client, community
):
    held = PostFactory(author=community.member, title="Held one", status=Status.HELD)
    hidden = PostFactory(
        author=community.member, title="Hidden one", status=Status.HIDDEN
    )

    client.force_login(community.member)
    assert "Held for review" in html(client.get(held.get_absolute_url()))
    assert "Hidden by a moderator" in html(client.get(hidden.get_absolute_url()))
    client.force_login(community.course_member)
    assert client.get(held.get_absolute_url()).status_code == 404
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert "Held one" not in html(client.get("/community/"))


def test_feed_filters_by_tag_and_orders_by_likes_this_week(client, community):
    PostFactory(title="About rope", tags=["rope"])
    popular = PostFactory(title="Popular one", tags=["knots"])
    LikeFactory.create_batch(2, post=popular)

    by_tag = html(client.get("/community/?tag=rope"))
    top = html(client.get("/community/?sort=top_week"))

    assert "About rope" in by_tag
    assert "Popular one" not in by_tag
    assert top.index("Popular one") < top.index("About rope")
    # The tag chips of the posts one sees, with their counts for screen readers.
    PostFactory(title="More rope", tags=["rope"])
    chips = html(client.get("/community/"))
    assert 'href="?tag=knots"' in chips
    assert '#knots <span class="sr-only">(1 post)</span>' in chips
    assert '#rope <span class="sr-only">(2 posts)</span>' in chips


def test_feed_filters_by_one_of_my_boards(client, community):
    PostFactory(course=community.course, title="On the board")
    PostFactory(title="In the feed")
    client.force_login(community.course_member)

    content = html(client.get(f"/community/?course={community.course.pk}"))

    assert "On the board" in content
    assert "In the feed" not in content


def test_a_board_i_am_not_in_is_no_filter_of_my_feed(client, community):
    PostFactory(course=community.other_course, title="Rowing secret")
    client.force_login(community.course_member)

    response = client.get(f"/community/?course={community.other_course.pk}")

    assert response.status_code == 400
    assert "Rowing secret" not in html(response)


def test_the_feed_pages_with_a_real_link_and_htmx_gets_the_next_page(client, community):
    PostFactory.create_batch(25)

    first = html(client.get("/community/"))
    second = client.get("/community/?page=2", **HTMX)

    assert 'href="?page=2">More posts</a>' in first
    assert 'hx-trigger="revealed"' in first
    assert first.count('data-testid="post-card"') == 20
    assert second.status_code == 200
    assert "<html" not in html(second)
    assert html(second).count('data-testid="post-card"') == 5
    assert "More posts" not in html(second)
    assert "HX-Request" in second["Vary"]


def test_feed_queries_stay_the_same_as_posts_grow(client, community):
    client.force_login(community.course_member)

    def populate(count: int) -> None:
        author = UserFactory(email_verified=True)
        for _ in range(count):
            post = PostFactory(
                author=author, course=community.course, tags=["rope", "knots"]
            )
            post.attachments.add(MediaAssetFactory(owner=author))
            CommentFactory(post=post)
            LikeFactory(post=post)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/community/").status_code == 200
        return len(context)

    populate(2)
    queries()  # caches warmed: the site, content types
    few = queries()
    populate(12)
    queries()  # the bell's count, changed by their notifications, read again

    assert queries() == few


def test_only_the_author_and_moderators_see_who_liked(client, community):
    post = PostFactory(author=community.member)
    LikeFactory(post=post, user=community.course_member)
    likes_url = f"/community/posts/{post.pk}/likes/"

    client.force_login(community.member)
    assert "Ada" in html(client.get(likes_url))
    assert "Liked by" in html(client.get(post.get_absolute_url()))
    client.force_login(community.admin)
    assert client.get(likes_url).status_code == 200
    client.force_login(community.non_member)
    response = client.get(likes_url)
    assert response.status_code == 403
    assert "Only its author sees who liked it." in html(response)
    assert "Liked by" not in html(client.get(post.get_absolute_url()))


LIKE_BUTTON = 'data-testid="like"'


def test_the_like_buttons_follow_who_may_like(client, community):
    post = PostFactory(author=community.member)
    hidden_post = PostFactory(author=community.member, status=Status.HIDDEN)
    CommentFactory(post=post, author=community.member, status=Status.HIDDEN)
    LikeFactory(post=post, user=community.course_member)

    client.force_login(community.admin)
    # A moderator sees hidden contributions, which nobody likes.
    assert LIKE_BUTTON not in html(client.get(hidden_post.get_absolute_url()))
    assert html(client.get(post.get_absolute_url())).count(LIKE_BUTTON) == 1
    client.force_login(community.member)
    # Nor does one like one's own, but one sees who liked it.
    content = html(client.get(post.get_absolute_url()))
    assert LIKE_BUTTON not in content
    assert "Liked by" in content


# Writing posts


def test_anonymous_visitors_are_sent_to_sign_in_to_write(client, community):
    post = PostFactory()

    for url in (
        "/community/new/",
        f"/community/posts/{post.pk}/edit/",
        f"/community/posts/{post.pk}/like/",
        f"/community/posts/{post.pk}/comments/",
        f"/community/posts/{post.pk}/report/",
    ):
        response = client.post(url, {"title": "T", "body": "B"})
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
    assert Post.objects.count() == 1
    assert not Comment.objects.exists()


@pytest.mark.parametrize("role", SIGNED_IN)
def test_every_member_writes_in_the_feed(client, community, role):
    author = sign_in(client, community, role)

    response = client.post(
        "/community/new/",
        {"title": "Hello", "where": "", "body": "I am *new*.", "tags": "Intro, Rope"},
    )

    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    assert (post.author, post.course) == (author, None)
    assert "<em>new</em>" in post.body_html
    assert sorted(post.tags.names()) == ["intro", "rope"]


@pytest.mark.parametrize("role", SIGNED_IN)
def test_only_board_members_write_on_a_board(client, community, role):
    sign_in(client, community, role)
    where = community.course.pk

    form = client.get(f"/community/new/?course={where}")
    response = client.post(
        "/community/new/", {"title": "Hi board", "where": where, "body": "Hello."}
    )

    if role in BOARD_MEMBERS:
        assert f'<option value="{where}" selected>Sailing</option>' in html(form)
        assert response.status_code == 302
        assert Post.objects.get().course == community.course
    else:
        assert "Sailing" not in html(form)
        assert response.status_code == 400
        assert "Select a valid choice" in html(response)
        assert not Post.objects.exists()


def test_a_post_attaches_only_my_own_media(client, community):
    member = UserFactory(email_verified=True)
    mine = MediaAssetFactory(owner=member, title="My knot photo")
    theirs = MediaAssetFactory(title="Not mine")
    client.force_login(member)

    form = html(client.get("/community/new/"))
    refused = client.post(
        "/community/new/",
        {"title": "T", "body": "B", "attachments": [theirs.pk]},
    )
    client.post(
        "/community/new/", {"title": "T", "body": "B", "attachments": [mine.pk]}
    )

    assert "My knot photo" in form
    assert "Not mine" not in form
    assert refused.status_code == 400
    post = Post.objects.get()
    assert list(post.attachments.all()) == [mine]
    assert "My knot photo" in html(client.get(post.get_absolute_url()))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "", "body": "Body"}, "This field is required."),
        ({"title": "Title", "body": ""}, "This field is required."),
        ({"title": "   ", "body": "Body"}, "This field is required."),
        (
            {"title": "x" * (TITLE_MAX_LENGTH + 1), "body": "Body"},
            f"at most {TITLE_MAX_LENGTH} characters",
        ),
        (
            {"title": "Title", "body": "x" * (POST_MAX_LENGTH + 1)},
            f"at most {POST_MAX_LENGTH} characters",
        ),
        ({"title": "Title", "body": "Body", "tags": "a,b,c,d,e,f"}, "at most 5 tags"),
    ],
)
def test_bad_posts_show_the_form_again_and_save_nothing(
    client, community, fields, message
):
    client.force_login(community.member)

    response = client.post("/community/new/", fields)

    assert response.status_code == 400
    assert message in html(response)
    assert 'name="title"' in html(response)
    assert not Post.objects.exists()


def test_script_in_a_title_and_body_is_shown_as_text(client, community):
    client.force_login(community.member)
    client.post(
        "/community/new/",
        {
            "title": "<script>alert('title')</script>",
            "body": "<script>alert('body')</script> <b>bold?</b>",
        },
    )
    post = Post.objects.get()

    detail = html(client.get(post.get_absolute_url()))
    feed = html(client.get("/community/"))

    for content in (detail, feed):
        assert "<script>alert(" not in content
        assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in content
    assert "&lt;script&gt;alert('body')&lt;/script&gt;" in detail
    assert "<b>bold?</b>" not in detail


def test_posting_too_often_is_refused_with_429(client, community, settings):
    settings.COMMUNITY_POST_RATE = "1/600"
    client.force_login(community.member)
    client.post("/community/new/", {"title": "One", "body": "First."})

    response = client.post("/community/new/", {"title": "Two", "body": "Again."})

    assert response.status_code == 429
    assert "too often" in html(response)
    assert list(Post.objects.values_list("title", flat=True)) == ["One"]


def test_a_muted_member_is_told_why_and_cannot_post(client, community):
    MuteFactory(user=community.member)
    client.force_login(community.member)

    feed = html(client.get("/community/"))
    response = client.post("/community/new/", {"title": "T", "body": "B"})

    assert "muted you" in feed
    assert response.status_code == 403
    assert "muted you" in html(response)
    assert not Post.objects.exists()


def test_the_author_edits_a_post_and_it_shows_edited(client, community):
    post = PostFactory(author=community.member, title="Old", tags=["rope"])
    client.force_login(community.member)

    form = html(client.get(f"/community/posts/{post.pk}/edit/"))
    response = client.post(
        f"/community/posts/{post.pk}/edit/",
        {"title": "New", "body": "Better *now*.", "tags": "rope, knots"},
    )

    assert 'value="Old"' in form
    assert 'value="rope"' in form
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.title, post.revisions.count()) == ("New", 1)
    assert post.edited_at is not None
    detail = html(client.get(post.get_absolute_url()))
    assert "(edited)" in detail
    assert "<em>now</em>" in detail


@pytest.mark.parametrize("role", ["member", "course member", "teacher", "admin"])
def test_nobody_edits_anothers_post(client, community, role):
    post = PostFactory(author=community.non_member, title="Mine")
    sign_in(client, community, role)

    form = client.get(f"/community/posts/{post.pk}/edit/")
    response = client.post(
        f"/community/posts/{post.pk}/edit/", {"title": "Taken", "body": "Over."}
    )

    assert form.status_code == 403
    assert response.status_code == 403
    assert "Only its author can edit a post." in html(response)
    post.refresh_from_db()
    assert post.title == "Mine"
    assert not post.revisions.exists()


def test_the_author_deletes_a_post_after_confirming(client, community):
    post = PostFactory(author=community.member)
    client.force_login(community.member)

    confirm = client.get(f"/community/posts/{post.pk}/delete/")
    assert Post.objects.exists()
    response = client.post(f"/community/posts/{post.pk}/delete/")

    assert "Delete “" in html(confirm)
    assert response.status_code == 302
    assert response["Location"] == "/community/"
    assert not Post.objects.exists()


def test_a_board_post_once_deleted_leads_back_to_the_board(client, community):
    post = PostFactory(author=community.course_member, course=community.course)
    client.force_login(community.teacher)

    response = client.post(f"/community/posts/{post.pk}/delete/")

    assert response["Location"] == f"/community/courses/{community.course.pk}/"
    assert not Post.objects.exists()


def test_others_cannot_delete_a_post(client, community):
    post = PostFactory(author=community.non_member)
    client.force_login(community.member)

    response = client.post(f"/community/posts/{post.pk}/delete/")

    assert response.status_code == 403
    assert Post.objects.filter(pk=post.pk).exists()


def test_preview_renders_markdown_safely(client, community):
    client.force_login(community.member)

    response = client.post(
        "/community/preview/",
        {"body": "**Hi** @ada <script>x</script>"},
        **HTMX,
    )

    content = html(response)
    assert "<strong>Hi</strong>" in content
    assert f'href="{community.course_member.get_absolute_url()}"' in content
    assert "<script>x" not in content
    assert "<html" not in content
    too_long = client.post("/community/preview/", {"body": "x" * (POST_MAX_LENGTH + 1)})
    assert too_long.status_code == 400


def test_previewing_too_often_is_rate_limited(client, community, settings):
    settings.COMMUNITY_COMMENT_RATE = "2/600"
    client.force_login(community.member)
    for _ in range(2):
        assert (
            client.post("/community/preview/", {"body": "Hi"}, **HTMX).status_code
            == 200
        )

    response = client.post("/community/preview/", {"body": "Hi"}, **HTMX)

    assert response.status_code == 429
    assert "too often" in html(response)
    # Others are not slowed down by it.
    client.force_login(community.course_member)
    assert client.post("/community/preview/", {"body": "Hi"}, **HTMX).status_code == 200


# Likes


def test_liking_twice_takes_the_like_back(client, community):
    post = PostFactory()
    client.force_login(community.member)
    url = f"/community/posts/{post.pk}/like/"

    liked = client.post(url, **HTMX)
    unliked = client.post(url, **HTMX)

    assert liked.status_code == 200
    assert 'aria-pressed="true"' in html(liked)
    assert "1 like</span>" in html(liked)
    assert "<html" not in html(liked)
    assert 'aria-pressed="false"' in html(unliked)
    assert "0 likes</span>" in html(unliked)
    assert not Like.objects.exists()


def test_liking_without_javascript_comes_back_to_the_post(client, community):
    post = PostFactory()
    client.force_login(community.member)

    response = client.post(f"/community/posts/{post.pk}/like/")

    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    assert Like.objects.get().user == community.member


def test_liking_ones_own_post_is_refused_in_words(client, community):
    post = PostFactory(author=community.member)
    client.force_login(community.member)

    response = client.post(f"/community/posts/{post.pk}/like/", **HTMX)

    assert response.status_code == 400
    assert "You cannot like your own post." in html(response)
    assert not Like.objects.exists()


def test_a_muted_member_keeps_the_button_and_reads_why(client, community):
    post = PostFactory()
    MuteFactory(user=community.member)
    client.force_login(community.member)

    response = client.post(f"/community/posts/{post.pk}/like/", **HTMX)

    assert response.status_code == 403
    assert "A moderator has muted you here until" in html(response)
    assert 'aria-pressed="false"' in html(response)
    assert not Like.objects.exists()


def test_liking_too_fast_is_refused_with_429(client, community, settings):
    settings.COMMUNITY_LIKE_RATE = "1/60"
    first, second = PostFactory(), PostFactory()
    client.force_login(community.member)
    client.post(f"/community/posts/{first.pk}/like/", **HTMX)

    response = client.post(f"/community/posts/{second.pk}/like/", **HTMX)

    assert response.status_code == 429
    assert "too often" in html(response)
    assert Like.objects.get().post == first


def test_a_non_member_cannot_like_a_board_post(client, community):
    post = PostFactory(course=community.course)
    client.force_login(community.non_member)

    response = client.post(f"/community/posts/{post.pk}/like/", **HTMX)

    assert response.status_code == 404
    assert not Like.objects.exists()


def test_comment_likes_toggle_too(client, community):
    comment = CommentFactory()
    client.force_login(community.member)
    url = f"/community/comments/{comment.pk}/like/"

    liked = client.post(url, **HTMX)
    unliked = client.post(url, **HTMX)

    assert 'aria-pressed="true"' in html(liked)
    assert 'aria-pressed="false"' in html(unliked)
    assert not Like.objects.exists()


# Comments


def test_a_comment_posts_with_htmx_and_comes_back_in_the_thread(client, community):
    post = PostFactory(author=community.member)
    client.force_login(community.course_member)

    response = client.post(
        f"/community/posts/{post.pk}/comments/", {"body": "Nice *one*."}, **HTMX
    )

    comment = Comment.objects.get()
    content = html(response)
    assert response.status_code == 200
    assert "<html" not in content
    assert 'hx-swap-oob="beforeend:#comments"' in content
    assert f'id="comment-{comment.pk}"' in content
    assert "<em>one</em>" in content
    assert "Your comment is posted." in content
    assert (comment.author, comment.parent) == (community.course_member, None)


def test_a_reply_goes_under_its_comment(client, community):
    post = PostFactory(author=community.member)
    parent = CommentFactory(post=post, author=community.course_member)
    client.force_login(community.member)

    response = client.post(
        f"/community/posts/{post.pk}/comments/",
        {"body": "Thanks!", "parent": parent.pk},
        **HTMX,
    )

    reply = Comment.objects.get(parent=parent)
    assert f'hx-swap-oob="beforeend:#replies-{parent.pk}"' in html(response)
    assert f'id="comment-{reply.pk}"' in html(response)


def test_without_javascript_a_comment_goes_to_its_place_on_the_page(client, community):
    post = PostFactory()
    client.force_login(community.member)

    response = client.post(f"/community/posts/{post.pk}/comments/", {"body": "Hi"})

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    assert "Hi" in html(client.get(post.get_absolute_url()))


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_an_empty_comment_is_refused_and_saves_nothing(client, community, headers):
    post = PostFactory()
    client.force_login(community.member)

    response = client.post(
        f"/community/posts/{post.pk}/comments/", {"body": "  "}, **headers
    )

    assert response.status_code == 400
    assert "This field is required." in html(response)
    assert not Comment.objects.exists()


def test_a_reply_to_a_comment_of_another_post_is_refused(client, community):
    post = PostFactory()
    elsewhere = CommentFactory()
    client.force_login(community.member)

    response = client.post(
        f"/community/posts/{post.pk}/comments/",
        {"body": "Sneaky", "parent": elsewhere.pk},
    )

    assert response.status_code == 400
    assert "You can only reply to a comment of this post." in html(response)
    assert Comment.objects.count() == 1


def test_a_locked_thread_takes_no_comments(client, community):
    post = PostFactory(author=community.member)
    client.force_login(community.admin)
    client.post(f"/community/posts/{post.pk}/lock/")
    client.force_login(community.member)

    page = html(client.get(post.get_absolute_url()))
    response = client.post(f"/community/posts/{post.pk}/comments/", {"body": "Hi"})

    assert "This thread is locked." in page
    assert 'data-testid="comment-form"' not in page
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_the_author_edits_a_comment_and_nobody_else_does(client, community):
    comment = CommentFactory(author=community.member, body="First")
    url = f"/community/comments/{comment.pk}/edit/"

    client.force_login(community.course_member)
    assert client.get(url).status_code == 403
    assert client.post(url, {"body": "Taken"}).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "First"

    client.force_login(community.member)
    assert "First</textarea>" in html(client.get(url))
    response = client.post(url, {"body": "Second"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.body, comment.edited_at is not None) == ("Second", True)


def test_a_deleted_comment_with_replies_leaves_a_placeholder(client, community):
    comment = CommentFactory(author=community.member, body="Original words")
    CommentFactory(post=comment.post, parent=comment, body="A reply")
    client.force_login(community.member)

    response = client.post(f"/community/comments/{comment.pk}/delete/")

    page = html(client.get(comment.post.get_absolute_url()))
    assert response.status_code == 302
    assert "This comment was deleted." in page
    assert "Original words" not in page
    assert "A reply" in page


def test_thread_queries_stay_the_same_as_comments_grow(client, community):
    post = PostFactory()
    client.force_login(community.member)

    def populate(count: int) -> None:
        for _ in range(count):
            comment = CommentFactory(post=post)
            CommentFactory(post=post, parent=comment)
            LikeFactory(post=None, comment=comment)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(post.get_absolute_url()).status_code == 200
        return len(context)

    populate(2)
    queries()  # caches warmed: the site, content types
    few = queries()
    populate(20)
    queries()  # the bell's count, changed by their notifications, read again

    assert queries() == few


# Moderation and reports


@pytest.mark.parametrize("role", SIGNED_IN)
def test_who_hides_a_board_post(client, community, role):
    post = PostFactory(course=community.course, author=community.course_member)
    sign_in(client, community, role)

    response = client.post(f"/community/posts/{post.pk}/hide/")

    post.refresh_from_db()
    if role in ("teacher", "admin"):
        assert response.status_code == 302
        assert post.status == Status.HIDDEN
    else:
        # Outside the course: no such post; inside it: not allowed.
        assert response.status_code == (403 if role in BOARD_MEMBERS else 404)
        assert post.status == Status.PUBLISHED


def test_a_teacher_does_not_moderate_the_feed(client, community):
    post = PostFactory()
    client.force_login(community.teacher)

    page = html(client.get(post.get_absolute_url()))
    response = client.post(f"/community/posts/{post.pk}/hide/")

    assert 'aria-label="Moderation"' not in page
    assert response.status_code == 403
    assert "Only moderators can do this." in html(response)
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED


def test_moderators_hide_unhide_lock_and_approve(client, community):
    post = PostFactory(status=Status.HELD)
    client.force_login(community.admin)

    assert "Approve" in html(client.get(post.get_absolute_url()))
    client.post(f"/community/posts/{post.pk}/approve/")
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    client.post(f"/community/posts/{post.pk}/hide/")
    post.refresh_from_db()
    assert post.status == Status.HIDDEN
    client.post(f"/community/posts/{post.pk}/unhide/")
    client.post(f"/community/posts/{post.pk}/lock/")
    post.refresh_from_db()
    assert (post.status, post.is_locked) == (Status.PUBLISHED, True)
    client.post(f"/community/posts/{post.pk}/unlock/")
    post.refresh_from_db()
    assert not post.is_locked


def test_a_teacher_hides_a_comment_on_their_board(client, community):
    post = PostFactory(course=community.course)
    comment = CommentFactory(post=post, author=community.course_member)
    client.force_login(community.teacher)

    response = client.post(f"/community/comments/{comment.pk}/hide/")

    comment.refresh_from_db()
    assert response.status_code == 302
    assert comment.status == Status.HIDDEN


def test_members_report_a_post_once(client, community):
    post = PostFactory(author=community.course_member)
    client.force_login(community.member)
    url = f"/community/posts/{post.pk}/report/"

    form = html(client.get(url))
    first = client.post(url, {"reason": "spam", "details": "Ads"})
    again = client.post(url, {"reason": "spam"})
    no_reason = client.post(url, {})

    assert "What is wrong with it?" in form
    assert first.status_code == 302
    assert again.status_code == 400
    assert "already reported" in html(again)
    assert no_reason.status_code == 400
    assert Report.objects.get().details == "Ads"


def test_members_report_a_comment(client, community):
    comment = CommentFactory()
    client.force_login(community.member)

    response = client.post(
        f"/community/comments/{comment.pk}/report/", {"reason": "abuse"}
    )

    assert response.status_code == 302
    assert Report.objects.get().comment == comment


# Lesson questions' answers


def test_the_asker_accepts_an_answer_and_it_leads_the_thread(client, community):
    question = PostFactory(
        lesson=community.lesson,
        course=community.course,
        author=community.course_member,
        title="Which knot?",
    )
    first = CommentFactory(post=question, author=community.admin, body="Reef")
    answer = CommentFactory(post=question, author=community.teacher, body="Bowline")
    client.force_login(community.course_member)

    page = html(client.get(question.get_absolute_url()))
    response = client.post(f"/community/comments/{answer.pk}/accept/")

    assert "Accept this answer" in page
    assert "Back to the lesson" in page
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.accepted_answer == answer
    page = html(client.get(question.get_absolute_url()))
    assert "Accepted answer" in page
    assert "Teacher</span>" in page
    assert page.index("Bowline") < page.index("Reef")
    assert first.pk != answer.pk


def test_others_cannot_accept_an_answer(client, community):
    question = PostFactory(
        lesson=community.lesson, course=community.course, author=community.admin
    )
    answer = CommentFactory(post=question, author=community.teacher)
    client.force_login(community.course_member)

    page = html(client.get(question.get_absolute_url()))
    response = client.post(f"/community/comments/{answer.pk}/accept/")

    assert "Accept this answer" not in page
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.accepted_answer is None


def test_a_signed_in_member_who_may_not_read_a_lesson_gets_404(client, community):
    question = PostFactory(lesson=community.lesson, course=community.course)
    client.force_login(UserFactory())

    assert client.get(question.get_absolute_url()).status_code == 404


# The doors that show a form refuse whom its action refuses


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("course member", 200),  # the author
        ("teacher", 200),  # moderates the board
        ("admin", 200),
        ("other teacher", 404),  # outside the course: no such post
        ("anonymous", 302),
    ],
)
def test_only_the_author_and_moderators_open_a_posts_delete_page(
    client, community, role, status
):
    post = PostFactory(author=community.course_member, course=community.course)
    reader = UserFactory()
    Enrollment.objects.create(user=reader, course=community.course, source="admin")
    sign_in(client, community, role)

    response = client.get(f"/community/posts/{post.pk}/delete/")

    assert response.status_code == status
    client.force_login(reader)
    refused = client.get(f"/community/posts/{post.pk}/delete/")
    assert refused.status_code == 403
    assert "Only its author or a moderator can delete a post." in html(refused)
    assert "Delete “" not in html(refused)


def test_only_the_author_and_moderators_open_a_comments_delete_page(client, community):
    comment = CommentFactory(post=PostFactory(), author=community.course_member)
    client.force_login(community.member)

    refused = client.get(f"/community/comments/{comment.pk}/delete/")
    client.force_login(community.course_member)
    own = client.get(f"/community/comments/{comment.pk}/delete/")
    client.force_login(community.admin)
    moderator = client.get(f"/community/comments/{comment.pk}/delete/")

    assert refused.status_code == 403
    assert "Only its author or a moderator can delete a comment." in html(refused)
    assert (own.status_code, moderator.status_code) == (200, 200)


@pytest.mark.parametrize("kind", ["post", "comment"])
def test_the_author_cannot_open_the_report_form_of_their_own(client, community, kind):
    post = PostFactory(author=community.member)
    comment = CommentFactory(post=post, author=community.member)
    target = post if kind == "post" else comment
    client.force_login(community.member)

    form = client.get(f"/community/{kind}s/{target.pk}/report/")
    sent = client.post(f"/community/{kind}s/{target.pk}/report/", {"reason": "spam"})

    for response in (form, sent):
        assert response.status_code == 403
        assert f"You cannot report your own {kind}." in html(response)
    assert not Report.objects.exists()


def test_a_muted_author_is_refused_the_edit_form_with_the_reason(client, community):
    post = PostFactory(author=community.course_member, course=community.course)
    comment = CommentFactory(post=post, author=community.course_member)
    MuteFactory(user=community.course_member, course=community.course)
    client.force_login(community.course_member)

    for url in (
        f"/community/posts/{post.pk}/edit/",
        f"/community/comments/{comment.pk}/edit/",
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert "muted you here" in html(response)


def test_each_viewer_is_offered_the_buttons_the_rules_allow(client, community):
    post = PostFactory(author=community.course_member, course=community.course)
    CommentFactory(post=post, author=community.teacher, body="From the teacher")
    url = post.get_absolute_url()
    edit, delete = f"/posts/{post.pk}/edit/", f"/posts/{post.pk}/delete/"
    report, mute = f"/posts/{post.pk}/report/", f"/posts/{post.pk}/mute/"

    client.force_login(community.course_member)
    author = html(client.get(url))
    client.force_login(community.teacher)
    teacher = html(client.get(url))

    # The author edits and deletes the post, and reports the teacher's comment.
    assert edit in author
    assert delete in author
    assert report not in author
    assert mute not in author
    assert author.count(">Report</a>") == 1
    # The board's teacher deletes it, reports it, and may mute its author,
    # not themselves.
    assert edit not in teacher
    assert delete in teacher
    assert report in teacher
    assert mute in teacher
    assert teacher.count("Mute the author") == 1


# Muting an author from their post or comment


def mute_form(minutes: int = 60 * 24, **fields) -> dict:
    return {"minutes": minutes, "reason": "Spam links", **fields}


def test_a_teacher_mutes_a_board_posts_author_in_the_course(client, community):
    post = PostFactory(author=community.course_member, course=community.course)
    client.force_login(community.teacher)

    form = client.get(f"/community/posts/{post.pk}/mute/")
    # A teacher mutes only in their course: "everywhere" is no choice of theirs.
    response = client.post(
        f"/community/posts/{post.pk}/mute/", mute_form(where="everywhere")
    )

    assert form.status_code == 200
    assert "1 day" in html(form)
    assert "30 days" in html(form)
    assert "Everywhere" not in html(form)
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    mute = Mute.objects.get()
    assert (mute.user, mute.course, mute.muted_by, mute.reason) == (
        community.course_member,
        community.course,
        community.teacher,
        "Spam links",
    )
    assert (
        timedelta(hours=23, minutes=59)
        < mute.until - timezone.now()
        <= timedelta(days=1)
    )
    page = html(client.get(f"/community/posts/{post.pk}/mute/"))
    assert "is muted in this course until" in page
    # The muted member reads why they cannot write on the board.
    client.force_login(community.course_member)
    board = html(client.get(f"/community/courses/{community.course.pk}/"))
    assert "A moderator has muted you here until" in board
    assert "Write a post" not in board


def test_a_community_moderator_mutes_everywhere_or_in_the_course(client, community):
    post = PostFactory(author=community.course_member, course=community.course)
    comment = CommentFactory(post=post, author=community.non_member)
    feed_post = PostFactory(author=community.member)
    client.force_login(community.admin)

    form = html(client.get(f"/community/posts/{post.pk}/mute/"))
    client.post(f"/community/posts/{post.pk}/mute/", mute_form(60, where="everywhere"))
    client.post(
        f"/community/comments/{comment.pk}/mute/", mute_form(60, where="course")
    )
    client.post(f"/community/posts/{feed_post.pk}/mute/", mute_form(60 * 24 * 7))

    assert "Everywhere in the community" in form
    mutes = {mute.user: mute.course for mute in Mute.objects.all()}
    assert mutes == {
        community.course_member: None,
        community.non_member: community.course,
        community.member: None,
    }


def test_a_moderator_cannot_be_muted(client, community):
    post = PostFactory(author=community.teacher, course=community.course)
    client.force_login(community.admin)

    response = client.post(
        f"/community/posts/{post.pk}/mute/", mute_form(where="course")
    )

    assert response.status_code == 400
    assert "Moderators cannot be muted." in html(response)
    assert not Mute.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("course member", 403),  # sees the post, does not moderate it
        ("other teacher", 404),  # does not see it
        ("non-member", 404),
        ("anonymous", 302),
    ],
)
def test_who_does_not_moderate_the_post_cannot_mute_its_author(
    client, community, role, status
):
    post = PostFactory(author=UserFactory(), course=community.course)
    comment = CommentFactory(post=post, author=post.author)
    sign_in(client, community, role)

    for url in (
        f"/community/posts/{post.pk}/mute/",
        f"/community/comments/{comment.pk}/mute/",
    ):
        assert client.get(url).status_code == status
        assert client.post(url, mute_form()).status_code == status
    assert not Mute.objects.exists()


def test_a_teacher_cannot_mute_from_the_feed(client, community):
    post = PostFactory(author=community.course_member)
    client.force_login(community.teacher)

    response = client.post(f"/community/posts/{post.pk}/mute/", mute_form())

    assert response.status_code == 403
    assert not Mute.objects.exists()


@pytest.mark.parametrize("minutes", ["", "5", "abc", str(60 * 24 * 31)])
def test_a_mute_of_no_offered_length_is_refused(client, community, minutes):
    post = PostFactory(author=community.member)
    client.force_login(community.admin)

    response = client.post(f"/community/posts/{post.pk}/mute/", {"minutes": minutes})

    assert response.status_code == 400
    assert not Mute.objects.exists()


def test_a_former_members_post_has_nobody_to_mute(client, community):
    post = PostFactory(author=None)
    client.force_login(community.admin)

    response = client.get(f"/community/posts/{post.pk}/mute/")

    assert response.status_code == 400
    assert "nobody to mute" in html(response)


def test_a_liked_comment_comes_back_with_its_count_in_the_same_queries(
    client, community
):
    post = PostFactory()
    comment = CommentFactory(post=post)
    for _ in range(3):
        CommentFactory(post=post, parent=comment)
    client.force_login(community.member)

    def like() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.post(f"/community/comments/{comment.pk}/like/", **HTMX)
        return len(captured), html(response)

    like(), like()  # caches warmed: liked, then taken back
    few, one = like()
    like()
    LikeFactory.create_batch(20, post=None, comment=comment)
    many, liked = like()

    assert "1 like<" in one
    assert "21 likes" in liked
    assert 'aria-pressed="true"' in liked
    assert many == few
