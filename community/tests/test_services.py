"""
What members and moderators do: posting, commenting, liking, answering,
reporting and moderating, with who is told, what bad input gets, and what
stays of a deleted account.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from community.access import user_moderates_post
from community.factories import (
    CommentFactory,
    LikeFactory,
    MuteFactory,
    PostFactory,
    ReportFactory,
)
from community.models import (
    COMMENT_MAX_LENGTH,
    POST_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Comment,
    Like,
    Mute,
    Post,
    Report,
    Revision,
    Status,
)
from community.services import (
    answer_accept,
    answer_unaccept,
    comment_create,
    comment_delete,
    comment_update,
    community_data_delete,
    contribution_hide,
    contribution_unhide,
    like_toggle,
    member_mute,
    mute_end,
    post_approve,
    post_create,
    post_delete,
    post_lock,
    post_unlock,
    post_update,
    report_create,
    report_resolve,
)
from courses.models import ModulePage
from media_library.factories import MediaAssetFactory
from members.factories import TeacherFactory, UserFactory
from members.models import User
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def told() -> set[tuple[str, str, str]]:
    """Who was told what: (recipient's name, kind, text)."""
    return {
        (n.recipient.name, n.kind, n.text)
        for n in Notification.objects.select_related("recipient")
    }


def board_post(community, **fields) -> Post:
    fields.setdefault("author", community.course_member)
    return PostFactory(course=community.course, **fields)


def question(community, **fields) -> Post:
    fields.setdefault("author", community.course_member)
    return PostFactory(course=community.course, lesson=community.lesson, **fields)


# Posts


def test_a_member_posts_to_the_feed(community):
    picture = MediaAssetFactory(owner=community.member)

    post = post_create(
        author=community.member,
        title="  Hello   all ",
        body="I am **new** here.",
        tags=["Intro", "intro", " Sailing "],
        attachments=[picture],
    )

    post.refresh_from_db()
    assert post.title == "Hello all"
    assert post.body_html == "<p>I am <strong>new</strong> here.</p>\n"
    assert post.kind == Post.Kind.FEED
    assert post.status == Status.PUBLISHED
    assert sorted(post.tags.names()) == ["intro", "sailing"]
    assert list(post.attachments.all()) == [picture]


def test_a_question_belongs_to_its_lessons_course_and_its_teachers_hear(community):
    post = post_create(
        author=community.course_member,
        title="Which knot?",
        body="For mooring.",
        lesson=community.lesson,
    )

    assert post.course == community.course
    assert post.kind == Post.Kind.QUESTION
    # The other teacher teaches another course: not told.
    assert told() == {
        ("Tess", "community.question", "New question in Sailing: “Which knot?”")
    }
    assert Notification.objects.get().url == post.get_absolute_url()


def test_a_new_question_goes_to_the_courses_teachers_only(community):
    co_teacher = TeacherFactory(display_name="Cleo")
    demoted_co_teacher = TeacherFactory(display_name="Dan")
    community.course.co_teachers.add(co_teacher, demoted_co_teacher)
    community.course.save()  # ParentalManyToManyField: stored on save
    for user in (community.teacher, demoted_co_teacher):
        user.role = User.Role.STUDENT
        user.save()

    post_create(
        author=community.course_member, title="Q", body="B", lesson=community.lesson
    )

    assert told() == {("Cleo", "community.question", "New question in Sailing: “Q”")}


@pytest.mark.parametrize("moved", ["lesson", "module"])
def test_questions_follow_their_lesson_to_another_course(community, moved):
    asked = question(community)
    board = board_post(community)
    other_module = ModulePage.objects.child_of(community.other_course).get()
    community.lesson.slug = "bends"  # Rowing has its "knots" lesson too.
    community.lesson.save()
    page = community.lesson if moved == "lesson" else community.lesson.get_parent()

    page.move(
        other_module if moved == "lesson" else community.other_course, "last-child"
    )

    asked.refresh_from_db()
    board.refresh_from_db()
    assert asked.course == community.other_course
    assert board.course == community.course
    # Its new course's teacher moderates it, the old one's no longer does.
    assert user_moderates_post(user=community.other_teacher, post=asked)
    assert not user_moderates_post(user=community.teacher, post=asked)


def test_moving_within_a_course_or_a_whole_course_changes_nothing(community):
    asked = question(community)
    index = community.course.get_parent()

    community.lesson.move(community.lesson.get_parent(), "first-child")
    community.course.move(index, "last-child")

    asked.refresh_from_db()
    assert asked.course == community.course


@pytest.mark.parametrize(
    ("role", "place"),
    [
        ("member", "board"),
        ("non-member", "board"),
        ("other teacher", "board"),
        ("member", "lesson"),
        ("other teacher", "lesson"),
    ],
)
def test_posting_where_one_may_not_read_is_refused(community, role, place):
    where = (
        {"course": community.course}
        if place == "board"
        else {"lesson": community.lesson}
    )

    with pytest.raises(PermissionDenied):
        post_create(author=community.users[role], title="Hi", body="Hi", **where)

    assert not Post.objects.exists()


def test_the_anonymous_cannot_post(community):
    with pytest.raises(PermissionDenied, match="Sign in"):
        post_create(author=community.viewer("anonymous").user, title="x", body="y")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "   "}, "Give your post a title."),
        ({"body": " \n "}, "Write something first."),
        ({"title": "t" * (TITLE_MAX_LENGTH + 1)}, "at most 200 characters"),
        ({"body": "b" * (POST_MAX_LENGTH + 1)}, "at most 10000 characters"),
        ({"tags": ["a", "b", "c", "d", "e", "f"]}, "at most 5 tags"),
        ({"tags": ["t" * 31]}, "at most 30 characters"),
    ],
)
def test_bad_posts_are_refused_and_nothing_is_saved(community, fields, message):
    post = {"title": "Title", "body": "Body", **fields}

    with pytest.raises(ValidationError, match=message):
        post_create(author=community.member, **post)

    assert not Post.objects.exists()


def test_script_in_a_post_is_rendered_inert(community):
    post = post_create(
        author=community.member,
        title="<script>alert(1)</script>",
        body="<script>alert(1)</script> <b onclick='x()'>hi</b>",
    )

    # The title is text: templates escape it. The body's HTML is rendered
    # from Markdown that passes no HTML through.
    assert post.title == "<script>alert(1)</script>"
    assert "<script" not in post.body_html
    assert "<b" not in post.body_html
    assert "&lt;script&gt;" in post.body_html


def test_only_ones_own_media_may_be_attached(community):
    theirs = MediaAssetFactory(owner=community.course_member)

    with pytest.raises(ValidationError, match="your own library"):
        post_create(author=community.member, title="T", body="B", attachments=[theirs])

    assert not Post.objects.exists()


def test_posting_too_often_is_rate_limited(community, settings):
    settings.COMMUNITY_POST_RATE = "2/600"
    for n in range(2):
        post_create(author=community.member, title=f"T{n}", body="B")

    with pytest.raises(ValidationError) as refused:
        post_create(author=community.member, title="T3", body="B")

    assert refused.value.code == "rate_limited"
    assert Post.objects.count() == 2
    # Others are not slowed down by it.
    post_create(author=community.course_member, title="T", body="B")


def test_a_muted_member_cannot_post(community):
    MuteFactory(user=community.member)

    with pytest.raises(PermissionDenied, match="muted you here until"):
        post_create(author=community.member, title="T", body="B")


def test_first_posts_wait_for_review_and_tell_nobody_until_approved(
    community, settings
):
    settings.COMMUNITY_HOLD_FIRST_POSTS = 1

    post = post_create(
        author=community.course_member,
        title="First",
        body="Hello @tess",
        lesson=community.lesson,
    )

    assert post.status == Status.HELD
    assert not Notification.objects.exists()

    with pytest.raises(PermissionDenied):
        post_approve(post=post, moderator=community.other_teacher)
    post_approve(post=post, moderator=community.teacher)

    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    assert post.moderated_by == community.teacher
    # Told once, of the question (she is also mentioned).
    assert told() == {
        ("Tess", "community.question", "New question in Sailing: “First”")
    }
    assert ModelLogEntry.objects.filter(action="community.approve").exists()
    # Once a post is out, the next goes out at once.
    later = post_create(author=community.course_member, title="Next", body="B")
    assert later.status == Status.PUBLISHED


def test_teachers_posts_in_their_course_are_not_held(community, settings):
    settings.COMMUNITY_HOLD_FIRST_POSTS = 3

    post = post_create(
        author=community.teacher, title="Welcome", body="B", course=community.course
    )

    assert post.status == Status.PUBLISHED


def test_approving_a_published_post_is_refused(community):
    post = board_post(community)

    with pytest.raises(ValidationError):
        post_approve(post=post, moderator=community.teacher)


def test_mentions_tell_those_who_may_see_the_post_only(community):
    post_create(
        author=community.course_member,
        title="Crew",
        # Max and Nia are no members of the course; Ada is the author; `@tess`
        # in code is no mention.
        body="Thanks @Otto @max @nia @ada @ann, not `@tess`",
        course=community.course,
    )

    assert told() == {("Ann", "community.mention", "Ada mentioned you in “Crew”")}


def test_mentions_render_as_profile_links(community):
    post = post_create(author=community.member, title="Hi", body="Hi @ada")

    assert community.course_member.get_absolute_url() in post.body_html


def test_the_author_edits_and_the_old_version_is_kept(community):
    post = post_create(author=community.member, title="Old", body="Old @ann")
    Notification.objects.all().delete()

    post_update(
        post=post,
        user=community.member,
        title="New",
        body="New @ann @ada",
        tags=["x"],
        attachments=[],
    )

    post.refresh_from_db()
    revision = Revision.objects.get(post=post)
    assert (revision.title, revision.body) == ("Old", "Old @ann")
    assert revision.written_at == post.created_at
    assert post.edited_at is not None
    assert post.body_html.startswith("<p>New")
    assert list(post.tags.names()) == ["x"]
    # Only the member newly mentioned is told.
    assert told() == {("Ada", "community.mention", "Max mentioned you in “New”")}


def test_a_mention_is_told_once_however_often_an_edit_repeats_it(community):
    post = post_create(author=community.member, title="T", body="Hi @ada")
    comment = comment_create(post=post, author=community.member, body="Yo @ann")

    for body in ("Hi", "Hi @ada", "Hi", "Hi again @ada"):
        post_update(
            post=post,
            user=community.member,
            title="T",
            body=body,
            tags=[],
            attachments=[],
        )
    for body in ("Yo", "Yo @ann", "Yo", "Yo again @ann"):
        comment_update(comment=comment, user=community.member, body=body)

    mentions = Notification.objects.filter(kind="community.mention")
    assert sorted(mentions.values_list("recipient__handle", "url")) == sorted(
        [("ada", post.get_absolute_url()), ("ann", comment.get_absolute_url())]
    )


def test_editing_too_often_is_rate_limited(community, settings):
    settings.COMMUNITY_POST_RATE = "2/600"
    settings.COMMUNITY_COMMENT_RATE = "2/600"
    post = PostFactory(author=community.member, title="T", body="B")
    comment = CommentFactory(post=post, author=community.member)
    for n in range(2):
        post_update(
            post=post,
            user=community.member,
            title="T",
            body=f"B{n}",
            tags=[],
            attachments=[],
        )
        comment_update(comment=comment, user=community.member, body=f"C{n}")

    with pytest.raises(ValidationError) as refused:
        post_update(
            post=post,
            user=community.member,
            title="T",
            body="B3",
            tags=[],
            attachments=[],
        )
    assert refused.value.code == "rate_limited"
    with pytest.raises(ValidationError) as refused:
        comment_update(comment=comment, user=community.member, body="C3")
    assert refused.value.code == "rate_limited"
    post.refresh_from_db()
    comment.refresh_from_db()
    assert (post.body, comment.body) == ("B1", "C1")


def test_an_edit_that_changes_no_words_keeps_no_version(community):
    post = PostFactory(author=community.member)

    post_update(
        post=post,
        user=community.member,
        title=post.title,
        body=post.body,
        tags=["new"],
        attachments=[],
    )

    assert not Revision.objects.exists()
    assert post.edited_at is None


@pytest.mark.parametrize("role", ["course member", "teacher", "admin"])
def test_only_the_author_edits_a_post(community, role):
    post = PostFactory(author=community.member, title="Mine")

    with pytest.raises(PermissionDenied):
        post_update(
            post=post,
            user=community.users[role],
            title="Theirs",
            body="B",
            tags=[],
            attachments=[],
        )

    post.refresh_from_db()
    assert post.title == "Mine"


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("course member", True),  # the author
        ("member", False),
        ("other teacher", False),
        ("teacher", True),
        ("admin", True),
    ],
)
def test_who_deletes_a_board_post(community, role, allowed):
    post = board_post(community)
    CommentFactory(post=post)

    if allowed:
        post_delete(post=post, user=community.users[role])
        assert not Post.objects.exists()
        assert not Comment.objects.exists()
    else:
        with pytest.raises(PermissionDenied):
            post_delete(post=post, user=community.users[role])
        assert Post.objects.exists()


def test_a_teacher_does_not_moderate_the_feed(community):
    post = PostFactory(author=community.member)

    with pytest.raises(PermissionDenied):
        post_delete(post=post, user=community.teacher)
    with pytest.raises(PermissionDenied):
        contribution_hide(target=post, moderator=community.teacher)


# Comments


def test_a_comment_tells_the_posts_author(community):
    post = board_post(community, title="Tides")

    comment = comment_create(post=post, author=community.teacher, body="See *here*")

    assert comment.body_html == "<p>See <em>here</em></p>\n"
    assert told() == {("Ada", "community.reply", "Tess replied to your post “Tides”")}
    assert Notification.objects.get().url == comment.get_absolute_url()


def test_an_answer_to_a_question_tells_the_asker_so(community):
    post = question(community, title="Which knot?")

    comment_create(post=post, author=community.teacher, body="A bowline.")

    assert told() == {
        ("Ada", "community.answer", "Tess answered your question “Which knot?”")
    }


def test_a_reply_tells_the_comments_and_the_posts_authors_once_each(community):
    post = board_post(community, title="Tides")
    comment = CommentFactory(post=post, author=community.teacher)

    comment_create(
        post=post,
        author=community.admin,
        parent=comment,
        # Both are mentioned too: still told once each.
        body="Agreed @tess @ada",
    )

    assert told() == {
        ("Ada", "community.reply", "Ann replied to your post “Tides”"),
        ("Tess", "community.reply", "Ann replied to your comment on “Tides”"),
    }


def test_nobody_is_told_of_their_own_doing(community):
    post = board_post(community)
    comment = CommentFactory(post=post, author=community.course_member)

    comment_create(
        post=post, author=community.course_member, parent=comment, body="@ada me"
    )

    assert not Notification.objects.exists()


def test_a_reply_to_a_reply_answers_the_comment_above_it(community):
    post = board_post(community)
    comment = CommentFactory(post=post)
    reply = CommentFactory(post=post, parent=comment)

    answer = comment_create(
        post=post, author=community.teacher, parent=reply, body="Yes"
    )

    assert answer.parent == comment


def test_replying_to_a_comment_of_another_post_is_refused(community):
    post = board_post(community)
    elsewhere = CommentFactory(post=board_post(community))

    with pytest.raises(ValidationError):
        comment_create(post=post, author=community.teacher, parent=elsewhere, body="Hi")

    assert Comment.objects.count() == 1


@pytest.mark.parametrize("role", ["anonymous", "member", "non-member", "other teacher"])
def test_commenting_on_a_post_one_may_not_see_is_refused(community, role):
    post = board_post(community)

    with pytest.raises(PermissionDenied):
        comment_create(post=post, author=community.viewer(role).user, body="Hi")

    assert not Comment.objects.exists()


def test_a_locked_thread_takes_comments_from_its_moderators_only(community):
    post = board_post(community, author=community.teacher)
    post_lock(post=post, moderator=community.teacher)

    with pytest.raises(PermissionDenied, match="locked"):
        comment_create(post=post, author=community.course_member, body="Hi")
    comment_create(post=post, author=community.teacher, body="Closing note.")

    post_unlock(post=post, moderator=community.teacher)
    comment_create(post=post, author=community.course_member, body="Hi")
    assert list(
        ModelLogEntry.objects.filter(object_id=str(post.pk)).values_list(
            "action", flat=True
        )
    ) == ["community.unlock", "community.lock"]


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "Write something first."), ("x" * (COMMENT_MAX_LENGTH + 1), "at most")],
)
def test_bad_comments_are_refused(community, body, message):
    post = board_post(community)

    with pytest.raises(ValidationError, match=message):
        comment_create(post=post, author=community.teacher, body=body)

    assert not Comment.objects.exists()


def test_commenting_too_often_is_rate_limited(community, settings):
    settings.COMMUNITY_COMMENT_RATE = "1/600"
    post = board_post(community)
    comment_create(post=post, author=community.teacher, body="One")

    with pytest.raises(ValidationError) as refused:
        comment_create(post=post, author=community.teacher, body="Two")

    assert refused.value.code == "rate_limited"


def test_the_author_edits_a_comment_and_the_old_version_is_kept(community):
    comment = CommentFactory(post=board_post(community), author=community.teacher)
    old = comment.body

    comment_update(comment=comment, user=community.teacher, body="Better")

    comment.refresh_from_db()
    assert comment.body_html == "<p>Better</p>\n"
    assert comment.edited_at is not None
    assert Revision.objects.get(comment=comment).body == old
    with pytest.raises(PermissionDenied):
        comment_update(comment=comment, user=community.admin, body="Mine now")


def test_a_deleted_comment_with_replies_leaves_a_placeholder(community):
    post = board_post(community)
    comment = CommentFactory(post=post, author=community.teacher)
    comment_update(comment=comment, user=community.teacher, body="Edited")
    reply = CommentFactory(post=post, parent=comment)

    comment_delete(comment=comment, user=community.teacher)

    comment.refresh_from_db()
    assert comment.is_deleted
    assert (comment.body, comment.body_html) == ("", "")
    assert not comment.revisions.exists()
    # Once its last reply goes, so does the placeholder.
    comment_delete(comment=reply, user=community.admin)
    assert not Comment.objects.exists()


def test_a_deleted_comment_without_replies_goes(community):
    comment = CommentFactory(post=board_post(community), author=community.teacher)

    with pytest.raises(PermissionDenied):
        comment_delete(comment=comment, user=community.course_member)
    comment_delete(comment=comment, user=community.teacher)

    assert not Comment.objects.exists()


# Likes


def test_a_like_toggles(community):
    post = board_post(community)

    assert like_toggle(user=community.teacher, post=post) is True
    assert like_toggle(user=community.teacher, post=post) is False
    assert like_toggle(user=community.teacher, post=post) is True
    assert Like.objects.filter(post=post).count() == 1


def test_a_like_made_at_the_same_moment_elsewhere_counts_once(community, monkeypatch):
    post = board_post(community)
    LikeFactory(post=post, user=community.teacher)
    # The member's other request liked it after this one looked for a like.
    monkeypatch.setattr(Like.objects, "filter", lambda **_: Like.objects.none())

    assert like_toggle(user=community.teacher, post=post) is True

    monkeypatch.undo()
    assert Like.objects.filter(post=post).count() == 1


def test_comments_are_liked_too(community):
    comment = CommentFactory(post=board_post(community), author=community.teacher)

    assert like_toggle(user=community.course_member, comment=comment) is True
    assert Like.objects.get().comment == comment


def test_one_cannot_like_ones_own_post(community):
    post = board_post(community)

    with pytest.raises(ValidationError, match="your own post"):
        like_toggle(user=community.course_member, post=post)

    assert not Like.objects.exists()


@pytest.mark.parametrize("role", ["anonymous", "member", "other teacher"])
def test_liking_what_one_may_not_see_is_refused(community, role):
    post = board_post(community)

    with pytest.raises(PermissionDenied):
        like_toggle(user=community.viewer(role).user, post=post)

    assert not Like.objects.exists()


def test_hidden_comments_are_not_liked(community):
    comment = CommentFactory(post=board_post(community), status=Status.HIDDEN)

    with pytest.raises(PermissionDenied):
        like_toggle(user=community.course_member, comment=comment)
    # Its moderators see it, but may not like it while hidden.
    with pytest.raises(PermissionDenied):
        like_toggle(user=community.teacher, comment=comment)


def test_a_muted_member_cannot_like(community):
    post = board_post(community, author=community.teacher)
    MuteFactory(user=community.course_member, course=community.course)

    with pytest.raises(PermissionDenied):
        like_toggle(user=community.course_member, post=post)


def test_liking_too_often_is_rate_limited(community, settings):
    settings.COMMUNITY_LIKE_RATE = "2/60"
    post = board_post(community)
    like_toggle(user=community.teacher, post=post)
    like_toggle(user=community.teacher, post=post)

    with pytest.raises(ValidationError) as refused:
        like_toggle(user=community.teacher, post=post)

    assert refused.value.code == "rate_limited"
    assert not Like.objects.exists()


# Answers


@pytest.mark.parametrize("role", ["course member", "teacher"])
def test_the_asker_or_a_teacher_accepts_an_answer(community, role):
    post = question(community, title="Which knot?")
    answer = CommentFactory(post=post, author=community.admin)

    answer_accept(post=post, comment=answer, user=community.users[role])

    post.refresh_from_db()
    assert post.accepted_answer == answer
    name = community.users[role].name
    assert told() == {
        ("Ann", "community.accepted", f"{name} accepted your answer to “Which knot?”")
    }
    answer_unaccept(post=post, user=community.users[role])
    post.refresh_from_db()
    assert post.accepted_answer is None


def test_accepting_another_answer_replaces_the_first(community):
    post = question(community)
    first, second = CommentFactory.create_batch(2, post=post)

    answer_accept(post=post, comment=first, user=community.course_member)
    answer_accept(post=post, comment=second, user=community.course_member)

    post.refresh_from_db()
    assert post.accepted_answer == second


@pytest.mark.parametrize("role", ["other teacher", "member"])
def test_others_cannot_accept_an_answer(community, role):
    post = question(community)
    answer = CommentFactory(post=post)

    with pytest.raises(PermissionDenied):
        answer_accept(post=post, comment=answer, user=community.users[role])


def test_only_a_questions_own_top_level_comments_are_accepted(community):
    post = question(community)
    answer = CommentFactory(post=post)
    reply = CommentFactory(post=post, parent=answer)
    elsewhere = CommentFactory(post=question(community))
    board = board_post(community)

    for comment in (reply, elsewhere):
        with pytest.raises(ValidationError):
            answer_accept(post=post, comment=comment, user=community.course_member)
    with pytest.raises(ValidationError, match="lesson questions"):
        answer_accept(
            post=board,
            comment=CommentFactory(post=board),
            user=community.course_member,
        )


# Reports


def test_a_member_reports_once(community):
    post = board_post(community, author=community.teacher)

    report = report_create(
        reporter=community.course_member,
        reason=Report.Reason.SPAM,
        details=" ads ",
        post=post,
    )

    assert (report.post, report.details) == (post, "ads")
    with pytest.raises(ValidationError, match="already reported") as refused:
        report_create(
            reporter=community.course_member, reason=Report.Reason.SPAM, post=post
        )
    assert refused.value.code == "duplicate"
    assert Report.objects.count() == 1


def test_one_cannot_report_ones_own_comment(community):
    comment = CommentFactory(post=board_post(community), author=community.teacher)

    with pytest.raises(PermissionDenied, match="You cannot report your own comment"):
        report_create(
            reporter=community.teacher, reason=Report.Reason.SPAM, comment=comment
        )

    assert not Report.objects.exists()


def test_reporting_what_one_may_not_see_is_refused(community):
    post = board_post(community)

    with pytest.raises(PermissionDenied):
        report_create(reporter=community.member, reason=Report.Reason.SPAM, post=post)

    assert not Report.objects.exists()


def test_a_report_needs_a_known_reason(community):
    post = PostFactory(author=community.teacher)

    with pytest.raises(ValidationError, match="reason"):
        report_create(reporter=community.member, reason="bored", post=post)


# Moderation


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("teacher", True), ("admin", True), ("other teacher", False), ("member", False)],
)
def test_who_hides_a_board_comment(community, role, allowed):
    comment = CommentFactory(post=board_post(community))
    moderator = community.users[role]

    if not allowed:
        with pytest.raises(PermissionDenied):
            contribution_hide(target=comment, moderator=moderator)
        comment.refresh_from_db()
        assert comment.status == Status.PUBLISHED
        return
    contribution_hide(target=comment, moderator=moderator)
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by) == (Status.HIDDEN, moderator)
    contribution_unhide(target=comment, moderator=moderator)
    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    assert list(
        ModelLogEntry.objects.filter(object_id=str(comment.pk)).values_list(
            "action", flat=True
        )
    ) == ["community.unhide", "community.hide"]


def test_unhiding_what_is_not_hidden_is_refused(community):
    post = board_post(community, status=Status.HELD)

    with pytest.raises(ValidationError):
        contribution_unhide(target=post, moderator=community.admin)

    post.refresh_from_db()
    assert post.status == Status.HELD


def test_a_teacher_mutes_within_their_course_only(community):
    mute = member_mute(
        user=community.course_member,
        moderator=community.teacher,
        minutes=60,
        course=community.course,
        reason="Spam",
    )

    assert mute.course == community.course
    assert mute.until > timezone.now() + timedelta(minutes=59)
    assert ModelLogEntry.objects.filter(action="community.mute").exists()
    with pytest.raises(PermissionDenied):
        member_mute(user=community.member, moderator=community.teacher, minutes=60)
    with pytest.raises(PermissionDenied):
        member_mute(
            user=community.non_member,
            moderator=community.teacher,
            minutes=60,
            course=community.other_course,
        )
    assert Mute.objects.count() == 1


def test_moderators_mute_anywhere_but_cannot_be_muted(community):
    member_mute(user=community.member, moderator=community.admin, minutes=10)

    with pytest.raises(ValidationError, match="Moderators cannot be muted"):
        member_mute(
            user=community.teacher,
            moderator=community.admin,
            minutes=10,
            course=community.course,
        )
    with pytest.raises(ValidationError, match="Moderators cannot be muted"):
        member_mute(user=community.admin, moderator=community.admin, minutes=10)
    assert Mute.objects.count() == 1


@pytest.mark.parametrize("minutes", [0, -5, 60 * 24 * 31])
def test_mutes_last_between_a_minute_and_thirty_days(community, minutes):
    with pytest.raises(ValidationError):
        member_mute(user=community.member, moderator=community.admin, minutes=minutes)


def test_ending_a_mute_early(community):
    mute = MuteFactory(user=community.course_member, course=community.course)

    with pytest.raises(PermissionDenied):
        mute_end(mute=mute, moderator=community.other_teacher)
    mute_end(mute=mute, moderator=community.teacher)

    assert mute.until <= timezone.now()
    assert post_create(
        author=community.course_member, title="T", body="B", course=community.course
    )


def test_resolving_a_report_resolves_all_open_reports_on_its_target(community):
    post = board_post(community)
    first, second = ReportFactory.create_batch(2, post=post)
    other = ReportFactory(post=board_post(community))

    closed = report_resolve(
        report=first, moderator=community.teacher, verdict=Report.Verdict.HIDDEN
    )

    assert closed == 2
    post.refresh_from_db()
    assert post.status == Status.HIDDEN
    for report in (first, second):
        report.refresh_from_db()
        assert (report.verdict, report.resolved_by) == ("hidden", community.teacher)
    other.refresh_from_db()
    assert other.resolved_at is None
    assert ModelLogEntry.objects.filter(action="community.report.hidden").count() == 2
    with pytest.raises(ValidationError, match="already resolved"):
        report_resolve(
            report=first, moderator=community.admin, verdict=Report.Verdict.DISMISSED
        )


def test_dismissing_leaves_the_target_as_it_was(community):
    comment = CommentFactory(post=board_post(community))
    report = ReportFactory(post=None, comment=comment)

    with pytest.raises(PermissionDenied):
        report_resolve(
            report=report,
            moderator=community.other_teacher,
            verdict=Report.Verdict.DISMISSED,
        )
    report_resolve(
        report=report, moderator=community.admin, verdict=Report.Verdict.DISMISSED
    )

    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    assert ModelLogEntry.objects.filter(action="community.report.dismissed").exists()


# Accounts


def test_a_deleted_accounts_contributions_go_or_are_anonymised(community):
    leaver, other = community.course_member, community.teacher
    lonely_post = board_post(community, author=leaver)
    discussed = board_post(community, author=leaver)
    post_update(
        post=discussed,
        user=leaver,
        title="Edited",
        body="Edited",
        tags=[],
        attachments=[],
    )
    others_comment = CommentFactory(post=discussed, author=other)
    answered = CommentFactory(post=discussed, author=leaver)
    CommentFactory(post=discussed, author=other, parent=answered)
    unanswered = CommentFactory(post=discussed, author=leaver)
    self_answered = CommentFactory(post=discussed, author=leaver)
    CommentFactory(post=discussed, author=leaver, parent=self_answered)
    LikeFactory(user=leaver, post=board_post(community, author=other))
    ReportFactory(reporter=leaver, post=board_post(community, author=other))

    community_data_delete(user=leaver)

    assert not Post.objects.filter(pk=lonely_post.pk).exists()
    discussed.refresh_from_db()
    assert discussed.author is None
    assert not discussed.revisions.exists()
    answered.refresh_from_db()
    assert answered.is_deleted
    assert (answered.author, answered.body) == (None, "")
    assert not Comment.objects.filter(pk__in=[unanswered.pk, self_answered.pk]).exists()
    assert Comment.objects.filter(pk=others_comment.pk).exists()
    assert not Like.objects.filter(user=leaver).exists()
    assert not Report.objects.filter(reporter=leaver).exists()
    assert not Comment.objects.filter(author=leaver).exists()
    assert not Post.objects.filter(author=leaver).exists()


def test_deleting_an_account_after_its_data_leaves_no_trace(community):
    leaver = UserFactory()
    PostFactory(author=leaver)

    community_data_delete(user=leaver)
    leaver.delete()

    assert not Post.objects.exists()
