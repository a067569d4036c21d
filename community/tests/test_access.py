"""
Who may see, write and moderate what, for each role, in the feed, a course's
board and a lesson's questions; and the set-wise rule agrees with the
one-post rule for every viewer and every kind of post.
"""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from community.access import (
    answer_accept_refusal,
    comment_write_refusal,
    delete_refusal,
    edit_refusal,
    mute_active,
    post_list_visible_to,
    post_visible_to,
    post_write_refusal,
    report_refusal,
    user_is_board_member,
    user_moderates_community,
    user_moderates_post,
)
from community.factories import CommentFactory, MuteFactory, PostFactory
from community.models import Post, Status
from courses.access import user_list_teaching, user_teaches_course
from courses.factories import (
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import CoursePage, CoursePrerequisite, LessonProgress
from members.factories import TeacherFactory, UserFactory
from members.models import User

from .conftest import ROLES

pytestmark = pytest.mark.django_db

EVERYONE = set(ROLES)
COURSE_PEOPLE = {"course member", "teacher", "admin"}


def places(community) -> dict[str, dict]:
    return {
        "feed": {},
        "board": {"course": community.course},
        "question": {"course": community.course, "lesson": community.lesson},
    }


def who_sees(community, post) -> set[str]:
    return {
        role
        for role in ROLES
        if post_visible_to(viewer=community.viewer(role), post=post)
    }


@pytest.mark.parametrize(
    ("place", "readers"),
    [("feed", EVERYONE), ("board", COURSE_PEOPLE), ("question", COURSE_PEOPLE)],
)
def test_who_reads_published_posts_in_each_place(community, place, readers):
    post = PostFactory(author=community.course_member, **places(community)[place])

    assert who_sees(community, post) == readers


@pytest.mark.parametrize(
    ("place", "readers"),
    [
        # Feed posts are moderated by community moderators only.
        ("feed", {"course member", "admin"}),
        ("board", {"course member", "teacher", "admin"}),
        ("question", {"course member", "teacher", "admin"}),
    ],
)
@pytest.mark.parametrize("status", [Status.HELD, Status.HIDDEN])
def test_held_and_hidden_posts_show_to_their_author_and_moderators(
    community, place, readers, status
):
    post = PostFactory(
        author=community.course_member, status=status, **places(community)[place]
    )

    assert who_sees(community, post) == readers


def test_a_board_is_closed_while_its_course_is_a_draft(community):
    post = PostFactory(author=community.teacher, course=community.course)
    community.course.unpublish()

    assert who_sees(community, post) == {"teacher", "admin"}


def test_a_board_and_its_questions_wait_for_the_course_s_prerequisites(community):
    board = PostFactory(author=community.teacher, course=community.course)
    question = PostFactory(
        author=community.teacher, course=community.course, lesson=community.lesson
    )
    basics = CoursePageFactory(parent=community.course.get_parent(), title="Basics")
    lesson = LessonPageFactory(parent=ModulePageFactory(parent=basics))
    community.course.prerequisite_links.add(CoursePrerequisite(required=basics))
    community.course.save_revision().publish()
    member = community.viewer("course member").user
    # Afresh: the course as published now.
    board, question = (Post.objects.get(pk=post.pk) for post in (board, question))

    assert who_sees(community, board) == {"teacher", "admin"}
    assert who_sees(community, question) == {"teacher", "admin"}
    assert not user_is_board_member(user=member, course=board.course)

    LessonProgress.objects.create(
        user=member, lesson=lesson, course=basics, completed_at=timezone.now()
    )

    assert who_sees(community, board) == COURSE_PEOPLE
    assert who_sees(community, question) == COURSE_PEOPLE


def test_questions_of_a_draft_lesson_show_to_the_course_overseers_only(community):
    module = community.lesson.get_parent()
    draft = LessonPageFactory(parent=module, owner=community.teacher, live=False)
    post = PostFactory(author=community.teacher, course=community.course, lesson=draft)

    assert who_sees(community, post) == {"teacher", "admin"}


def test_free_preview_questions_show_to_everyone(community):
    module = community.lesson.get_parent()
    preview = LessonPageFactory(
        parent=module, owner=community.teacher, free_preview=True
    )
    post = PostFactory(
        author=community.teacher, course=community.course, lesson=preview
    )

    assert who_sees(community, post) == EVERYONE


def test_a_lesson_behind_a_password_has_no_readable_questions(community):
    PageViewRestriction.objects.create(
        page=community.lesson,
        restriction_type=PageViewRestriction.PASSWORD,
        password="sesame",  # noqa: S106
    )
    post = PostFactory(
        author=community.course_member,
        course=community.course,
        lesson=community.lesson,
    )

    assert who_sees(community, post) == set()
    assert post_write_refusal(
        user=community.course_member, lesson=community.lesson
    ) == ("You may ask questions only under lessons you may read.")


def test_the_set_wise_rule_agrees_with_the_one_post_rule(community):
    """Every kind of post, by every kind of author, for every viewer."""
    module = community.lesson.get_parent()
    draft_lesson = LessonPageFactory(parent=module, owner=community.teacher, live=False)
    preview = LessonPageFactory(
        parent=module, owner=community.teacher, free_preview=True
    )
    draft_module = ModulePageFactory(
        parent=community.course, owner=community.teacher, live=False
    )
    under_draft_module = LessonPageFactory(
        parent=draft_module, owner=community.teacher, free_preview=True
    )
    other_lesson = LessonPageFactory(
        parent=community.other_course.get_children().first(),
        owner=community.other_teacher,
    )
    place_list = [
        {},
        {"course": community.course},
        {"course": community.other_course},
        {"course": community.course, "lesson": community.lesson},
        {"course": community.course, "lesson": draft_lesson},
        {"course": community.course, "lesson": preview},
        {"course": community.course, "lesson": under_draft_module},
        {"course": community.other_course, "lesson": other_lesson},
    ]
    posts = [
        PostFactory(author=author, status=status, **place)
        for place in place_list
        for status in Status
        for author in (community.course_member, community.non_member, None)
    ]
    lonely_moderator = UserFactory()
    lonely_moderator.groups.add(Group.objects.get(name="Moderators"))
    community.users["moderator"] = lonely_moderator

    for role in [*ROLES, "moderator"]:
        viewer = community.viewer(role)
        set_wise = set(post_list_visible_to(viewer=viewer))
        one_by_one = {
            post for post in posts if post_visible_to(viewer=viewer, post=post)
        }
        assert set_wise == one_by_one, role
        assert set(post_list_visible_to(viewer=viewer, questions=False)) == {
            post for post in one_by_one if post.lesson_id is None
        }, role

    # Not agreeing by accident: the anonymous see the published feed and
    # free-preview questions only; admins see everything.
    anonymous = set(post_list_visible_to(viewer=community.viewer("anonymous")))
    assert {(post.course_id, post.lesson_id, post.status) for post in anonymous} == {
        (None, None, Status.PUBLISHED),
        (community.course.pk, preview.pk, Status.PUBLISHED),
    }
    assert set(post_list_visible_to(viewer=community.viewer("admin"))) == set(posts)


WRITERS = {
    "feed": EVERYONE - {"anonymous"},
    "board": COURSE_PEOPLE,
    "question": COURSE_PEOPLE,
}


@pytest.mark.parametrize("place", ["feed", "board", "question"])
def test_who_may_write_in_each_place(community, place):
    writers = {
        role
        for role in ROLES
        if not post_write_refusal(
            user=community.viewer(role).user, **places(community)[place]
        )
    }

    assert writers == WRITERS[place]


def test_refusals_say_why(community):
    viewer = community.viewer

    assert post_write_refusal(user=viewer("anonymous").user) == (
        "Sign in to write in the community."
    )
    assert post_write_refusal(user=community.member, course=community.course) == (
        "Only the course's members write on its board."
    )
    assert post_write_refusal(user=community.member, lesson=community.lesson) == (
        "You may ask questions only under lessons you may read."
    )


def test_an_inactive_account_writes_nowhere(community):
    community.course_member.is_active = False

    assert post_write_refusal(user=community.course_member)
    assert post_write_refusal(user=community.course_member, course=community.course)


def test_a_site_wide_mute_keeps_a_member_from_writing_everywhere(community):
    member = community.course_member
    until = timezone.now() + timedelta(hours=2)
    MuteFactory(user=member, until=until)

    for place in places(community).values():
        assert "muted you here until" in post_write_refusal(user=member, **place)


def test_a_course_mute_applies_in_that_course_only(community):
    member = community.course_member
    MuteFactory(user=member, course=community.course)

    assert post_write_refusal(user=member, course=community.course)
    assert post_write_refusal(user=member, lesson=community.lesson)
    assert post_write_refusal(user=member) == ""


def test_mute_active_is_the_latest_ending_one_that_applies(community):
    member, now = community.course_member, timezone.now()
    MuteFactory(user=member, until=now - timedelta(minutes=1))  # over
    site = MuteFactory(user=member, until=now + timedelta(hours=1))
    course = MuteFactory(
        user=member, course=community.course, until=now + timedelta(hours=3)
    )
    MuteFactory(
        user=member, course=community.other_course, until=now + timedelta(days=9)
    )

    assert mute_active(user=member) == site
    assert mute_active(user=member, course=community.course) == course
    assert mute_active(user=community.member) is None


@pytest.mark.parametrize(
    ("place", "moderators"),
    [
        ("feed", {"admin"}),
        ("board", {"teacher", "admin"}),
        ("question", {"teacher", "admin"}),
    ],
)
def test_who_moderates_each_place(community, place, moderators):
    post = PostFactory(author=community.course_member, **places(community)[place])

    assert {
        role
        for role in ROLES
        if user_moderates_post(user=community.viewer(role).user, post=post)
    } == moderators


def test_the_moderators_group_moderates_the_whole_community(community):
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get(name="Moderators"))
    post = PostFactory(course=community.other_course)

    assert user_moderates_community(user=moderator)
    assert user_moderates_post(user=moderator, post=post)
    assert not user_moderates_community(user=community.teacher)


def test_board_members_are_overseers_and_granted_members_of_live_courses(community):
    course = community.course

    assert {
        role
        for role in ROLES
        if user_is_board_member(user=community.viewer(role).user, course=course)
    } == COURSE_PEOPLE
    course.access_level = CoursePage.AccessLevel.OPEN
    # Reading an open course's lessons does not make one a board member.
    assert not user_is_board_member(user=community.member, course=course)


def test_comments_need_a_visible_published_unlocked_post(community):
    post = PostFactory(author=community.teacher, course=community.course)
    member = community.course_member

    assert comment_write_refusal(user=member, post=post) == ""
    assert comment_write_refusal(user=community.member, post=post) == (
        "You may not see this post."
    )
    post.locked_at = timezone.now()
    assert comment_write_refusal(user=member, post=post) == "This thread is locked."
    # Its moderators may still answer in a locked thread.
    assert comment_write_refusal(user=community.teacher, post=post) == ""
    assert comment_write_refusal(user=community.admin, post=post) == ""
    post.locked_at, post.status = None, Status.HELD
    assert comment_write_refusal(user=community.teacher, post=post) == (
        "This post takes comments once it is published."
    )


def test_a_muted_member_may_not_comment_in_the_muted_place(community):
    post = PostFactory(author=community.teacher, course=community.course)
    feed_post = PostFactory(author=community.teacher)
    MuteFactory(user=community.course_member, course=community.course)

    assert "muted" in comment_write_refusal(user=community.course_member, post=post)
    assert comment_write_refusal(user=community.course_member, post=feed_post) == ""


# What one may do with a post or comment


def who_may(community, refusal, **target) -> set[str]:
    return {
        role
        for role in ROLES
        if not refusal(user=community.viewer(role).user, **target)
    }


@pytest.mark.parametrize("kind", ["post", "comment"])
def test_who_may_edit_delete_and_report_on_a_board(community, kind):
    post = PostFactory(course=community.course, author=community.course_member)
    target = (
        post
        if kind == "post"
        else CommentFactory(post=post, author=community.course_member)
    )

    assert who_may(community, edit_refusal, target=target) == {"course member"}
    assert who_may(community, delete_refusal, target=target) == {
        "course member",
        "teacher",
        "admin",
    }
    # Whether they see it is asked first (`post_visible_to`); of those
    # signed in, all but the author.
    assert who_may(community, report_refusal, target=target) == EVERYONE - {
        "anonymous",
        "course member",
    }


def test_the_refusals_say_why(community):
    post = PostFactory(course=community.course, author=community.course_member)
    comment = CommentFactory(post=post, author=community.course_member)
    member = community.member

    assert edit_refusal(user=member, target=post) == "Only its author can edit a post."
    assert delete_refusal(user=member, target=comment) == (
        "Only its author or a moderator can delete a comment."
    )
    assert report_refusal(user=community.course_member, target=comment) == (
        "You cannot report your own comment."
    )
    assert report_refusal(user=community.viewer("anonymous").user, target=post) == (
        "Sign in to report."
    )


def test_a_deleted_comment_is_nobodys_to_edit(community):
    comment = CommentFactory(author=community.member, deleted_at=timezone.now())

    assert edit_refusal(user=community.member, target=comment)
    assert not delete_refusal(user=community.member, target=comment)


def test_a_former_members_post_is_nobodys_but_its_moderators(community):
    post = PostFactory(author=None)

    assert who_may(community, edit_refusal, target=post) == set()
    assert who_may(community, delete_refusal, target=post) == {"admin"}


def test_who_may_accept_an_answer(community):
    question = PostFactory(
        course=community.course,
        lesson=community.lesson,
        author=community.course_member,
    )
    board_post = PostFactory(course=community.course, author=community.course_member)

    assert who_may(community, answer_accept_refusal, post=question) == {
        "course member",
        "teacher",
        "admin",
    }
    assert who_may(community, answer_accept_refusal, post=board_post) == set()
    assert answer_accept_refusal(user=community.member, post=question) == (
        "Only the asker or a teacher can accept an answer."
    )


def test_a_courses_teachers_are_those_who_teach_it(community):
    co_teacher, demoted, retired = TeacherFactory(), TeacherFactory(), TeacherFactory()
    community.course.co_teachers.add(co_teacher, demoted, retired)
    community.course.save()  # ParentalManyToManyField: stored on save
    demoted.role = User.Role.STUDENT
    demoted.save()
    retired.is_active = False
    retired.save()
    users = [*community.users.values(), co_teacher, demoted, retired]

    teaching = set(user_list_teaching(course=community.course))

    assert teaching == {community.teacher, co_teacher}
    # As `user_teaches_course` says one by one, superusers aside.
    assert teaching == {
        user
        for user in users
        if user_teaches_course(user=user, course=community.course)
        and not user.is_superuser
    }
