"""
Who may see and write what in the community, in one place: views, the
API, search and the services all ask here.

- The feed is for everyone to read, and every signed-in member to write.
- A course's board is for its members: those who oversee the course
  (teachers, reviewers, admins) and, while it is published, those it is
  granted to (enrolled, bought, plan members).
- A lesson's questions are for those who may read the lesson.
- A post waiting for review or hidden by a moderator is seen only by its
  author and its moderators: community moderators everywhere, a course's
  teachers on its board and under its lessons.
- A muted member writes nothing (posts, comments, likes) where the mute
  applies: a site-wide mute everywhere, a course's mute in that course.
- Its author edits a post or comment; its author and its moderators
  delete it; those who see it, but its author, like and report it (its
  author and its moderators see who liked it); the asker and
  the course's teachers accept an answer to a lesson question.

Each rule of what someone may do answers with the sentence that refuses
them (`..._refusal`), empty when they may: services raise it, pages show
it, and the buttons a page offers follow it.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import dateformat, timezone

from courses.access import (
    course_grant,
    course_list_granted,
    course_list_overseen,
    course_list_taught,
    lesson_access,
    lesson_list_readable,
    user_has_course_access,
    user_oversees_course,
    user_teaches_course,
)
from courses.models import CoursePage, LessonPage
from courses.selectors import course_progress
from courses.viewer import Viewer
from members.models import User

from .models import Comment, Mute, Post, Review, Status


def _signed_in(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.is_active


def user_moderates_community(*, user: User | AnonymousUser) -> bool:
    """Community moderators (superusers and the Moderators group): everywhere."""
    return _signed_in(user) and user.has_perm("community.moderate_community")


def user_moderates_course_community(
    *, user: User | AnonymousUser, course: CoursePage
) -> bool:
    """Who moderates a course's board and lesson questions: its teachers too."""
    return user_moderates_community(user=user) or user_teaches_course(
        user=user, course=course
    )


def user_moderates_place(
    *, user: User | AnonymousUser, course: CoursePage | None
) -> bool:
    """Who moderates the feed (no course: community moderators) or a
    course's board and lesson threads (its teachers too)."""
    if course is None:
        return user_moderates_community(user=user)
    return user_moderates_course_community(user=user, course=course)


def user_moderates_post(*, user: User | AnonymousUser, post: Post) -> bool:
    return user_moderates_place(
        user=user, course=post.course if post.course_id else None
    )


def user_is_board_member(*, user: User | AnonymousUser, course: CoursePage) -> bool:
    """Who reads and writes a course's board."""
    if not _signed_in(user):
        return False
    return user_oversees_course(user=user, course=course) or (
        course.live and user_has_course_access(user=user, course=course)
    )


def course_list_board_member(*, user: User | AnonymousUser) -> QuerySet[CoursePage]:
    """The courses whose boards the user reads and writes (`user_is_board_member`)."""
    return CoursePage.objects.filter(
        Q(pk__in=course_list_overseen(user=user).values("pk"))
        | Q(pk__in=course_list_granted(user=user).values("pk"), live=True)
    )


def _lesson_readable(*, viewer: Viewer, lesson: LessonPage, course: CoursePage) -> bool:
    # As `lesson_list_readable`: lessons behind a privacy setting have no
    # questions thread.
    return (
        lesson_access(viewer=viewer, lesson=lesson, course=course).allowed
        and not lesson.get_view_restrictions().exists()
    )


def post_place_readable(*, viewer: Viewer, post: Post) -> bool:
    """Whether the viewer may read where the post is: its feed, board or lesson."""
    if post.lesson_id is not None:
        return _lesson_readable(viewer=viewer, lesson=post.lesson, course=post.course)
    if post.course_id is not None:
        return user_is_board_member(user=viewer.user, course=post.course)
    return True


def _shown(*, user: User | AnonymousUser, post: Post) -> bool:
    return (
        post.status == Status.PUBLISHED
        or (_signed_in(user) and post.author_id == user.pk)
        or user_moderates_post(user=user, post=post)
    )


def post_visible_to(*, viewer: Viewer, post: Post) -> bool:
    """
    Whether the viewer may see the post: they may read its place, and it is
    published, or theirs (held or hidden, marked so), or they moderate it.
    """
    return post_place_readable(viewer=viewer, post=post) and _shown(
        user=viewer.user, post=post
    )


def post_list_visible_to(*, viewer: Viewer, questions: bool = True) -> QuerySet[Post]:
    """
    The posts `viewer` may see (`post_visible_to`), in one query; without
    lesson questions (`questions=False`: the feed and boards), without
    asking which lessons they may read either.
    """
    user = viewer.user
    places = Q(course__isnull=True) | Q(
        lesson__isnull=True,
        course__in=course_list_board_member(user=user).values("pk"),
    )
    if questions:
        places |= Q(lesson__in=lesson_list_readable(viewer=viewer).values("pk"))
    else:
        places &= Q(lesson__isnull=True)
    posts = Post.objects.filter(places)
    if user_moderates_community(user=user):
        return posts
    shown = Q(status=Status.PUBLISHED)
    if _signed_in(user):
        shown |= Q(author=user)
        shown |= Q(course__in=course_list_taught(user=user).values("pk"))
    return posts.filter(shown)


def comment_visible_to(*, user: User | AnonymousUser, comment: Comment) -> bool:
    """
    Whether someone who sees the comment's post sees the comment itself:
    published, or theirs, or they moderate the post. (A deleted placeholder
    shows as such, without its words.)
    """
    return (
        comment.status == Status.PUBLISHED
        or (_signed_in(user) and comment.author_id == user.pk)
        or user_moderates_post(user=user, post=comment.post)
    )


def mute_active(*, user: User, course: CoursePage | None = None) -> Mute | None:
    """
    The mute that keeps `user` from writing in the course (or, without a
    course, in the feed) now, the one that ends last: a site-wide mute
    applies everywhere, a course's only there.
    """
    applies = Q(course__isnull=True)
    if course is not None:
        applies |= Q(course=course)
    return (
        Mute.objects.filter(applies, user=user, until__gt=timezone.now())
        .order_by("-until")
        .first()
    )


def mute_refusal(*, user: User, course: CoursePage | None = None) -> str:
    """Why a mute keeps `user` from writing in the course (or the feed):
    empty when none does."""
    mute = mute_active(user=user, course=course)
    if mute is None:
        return ""
    until = dateformat.format(timezone.localtime(mute.until), "j F Y, H:i")
    return f"A moderator has muted you here until {until}."


def post_write_refusal(
    *,
    user: User | AnonymousUser,
    course: CoursePage | None = None,
    lesson: LessonPage | None = None,
) -> str:
    """
    Why `user` may not post in the feed (no course, no lesson), on a course's
    board (a course) or under a lesson (a lesson, and its course if known):
    empty when they may.
    """
    if not _signed_in(user):
        return "Sign in to write in the community."
    if lesson is not None:
        course = course or lesson.get_course()
        if course is None or not _lesson_readable(
            viewer=Viewer(user=user), lesson=lesson, course=course
        ):
            return "You may ask questions only under lessons you may read."
    elif course is not None and not user_is_board_member(user=user, course=course):
        return "Only the course's members write on its board."
    return mute_refusal(user=user, course=course)


def comment_write_refusal(*, user: User | AnonymousUser, post: Post) -> str:
    """Why `user` may not comment on the post: empty when they may."""
    if not _signed_in(user):
        return "Sign in to comment."
    if not post_visible_to(viewer=Viewer(user=user), post=post):
        return "You may not see this post."
    if post.status != Status.PUBLISHED:
        return "This post takes comments once it is published."
    if post.is_locked and not user_moderates_post(user=user, post=post):
        return "This thread is locked."
    return mute_refusal(user=user, course=post.course)


# What one may do with a post or comment


def user_is_author(*, user: User | AnonymousUser, target: Post | Comment) -> bool:
    """Whether `user` wrote the post or comment (a former member's is nobody's)."""
    return (
        _signed_in(user)
        and target.author_id is not None
        and target.author_id == user.pk
    )


def noun_of(target: Post | Comment | Review) -> str:
    """What to call the post, comment or review in a sentence."""
    return {Post: "post", Comment: "comment", Review: "review"}[type(target)]


def _post_of(target: Post | Comment) -> Post:
    return target if isinstance(target, Post) else target.post


def edit_refusal(*, user: User | AnonymousUser, target: Post | Comment) -> str:
    """Why `user` may not edit the post or comment (its author may, while it
    is there): empty when they may. Where they may write is
    `post_write_refusal`'s and `comment_write_refusal`'s to say."""
    if not user_is_author(user=user, target=target) or (
        isinstance(target, Comment) and target.is_deleted
    ):
        return f"Only its author can edit a {noun_of(target)}."
    return ""


def post_edit_refusal(*, user: User | AnonymousUser, post: Post) -> str:
    """Why `user` may not edit the post there and now: its author may, while
    they may still write where it is. Empty when they may."""
    return edit_refusal(user=user, target=post) or post_write_refusal(
        user=user, course=post.course, lesson=post.lesson
    )


def delete_refusal(*, user: User | AnonymousUser, target: Post | Comment) -> str:
    """Why `user` may not delete the post or comment (its author and its
    moderators may): empty when they may."""
    if user_is_author(user=user, target=target) or user_moderates_post(
        user=user, post=_post_of(target)
    ):
        return ""
    return f"Only its author or a moderator can delete a {noun_of(target)}."


def report_refusal(*, user: User | AnonymousUser, target: Post | Comment) -> str:
    """Why `user`, who sees the post or comment, may not report it (signed
    in, not its author, may): empty when they may."""
    if not _signed_in(user):
        return "Sign in to report."
    if user_is_author(user=user, target=target):
        return f"You cannot report your own {noun_of(target)}."
    return ""


def like_refusal(*, user: User | AnonymousUser, target: Post | Comment) -> str:
    """Why `user`, who sees the post or comment, may not like it or take
    their like back (signed in, not its author, while it is published and
    there, may): empty when they may. Whether a mute keeps them from it is
    `mute_refusal`'s to say."""
    if not _signed_in(user):
        return "Sign in to like."
    if not target.is_published or (isinstance(target, Comment) and target.is_deleted):
        return f"This {noun_of(target)} cannot be liked now."
    if user_is_author(user=user, target=target):
        return f"You cannot like your own {noun_of(target)}."
    return ""


def likers_refusal(*, user: User | AnonymousUser, target: Post | Comment) -> str:
    """Why `user`, who sees the post or comment, may not see who liked it
    (its author and its moderators may): empty when they may."""
    if user_is_author(user=user, target=target) or user_moderates_post(
        user=user, post=_post_of(target)
    ):
        return ""
    return "Only its author sees who liked it."


def answer_accept_refusal(*, user: User | AnonymousUser, post: Post) -> str:
    """Why `user` may not accept (or un-accept) an answer to the post: a
    lesson question's asker and the course's teachers may, who see it."""
    if post.kind != Post.Kind.QUESTION:
        return "Only lesson questions have accepted answers."
    if not (
        user_is_author(user=user, target=post)
        or user_teaches_course(user=user, course=post.course)
    ) or not post_visible_to(viewer=Viewer(user=user), post=post):
        return "Only the asker or a teacher can accept an answer."
    return ""


# Reviews of courses


def review_write_refusal(*, user: User | AnonymousUser, course: CoursePage) -> str:
    """
    Why `user` may not rate and review the course, or edit their review: a
    student granted it who has completed REVIEW_MIN_PROGRESS percent of its
    lessons may, unless muted there; those who oversee it may not (its
    students rate it). Empty when they may.
    """
    if not _signed_in(user):
        return "Sign in to review this course."
    if user_oversees_course(user=user, course=course):
        return "Those who teach or review a course do not rate it."
    if course_grant(user=user, course=course) is None:
        return "Only the course's students review it."
    needed = settings.REVIEW_MIN_PROGRESS
    done = course_progress(user=user, course=course).percentage
    if done < needed:
        return (
            f"You may review this course once you have completed {needed}% of "
            f"it; you have completed {done}%."
        )
    return mute_refusal(user=user, course=course)


def review_delete_refusal(*, user: User | AnonymousUser, review: Review) -> str:
    """Why `user` may not delete the review (its author may, unless a
    moderator hid it: it stays, with its reports, and no new one takes its
    place): empty when they may."""
    if not user_is_author(user=user, target=review):
        return "Only its author can delete a review."
    if review.status == Status.HIDDEN:
        return "A moderator has hidden this review: it stays until they show it again."
    return ""


def course_reviews_reply_refusal(
    *, user: User | AnonymousUser, course: CoursePage
) -> str:
    """Why `user` may not reply to the course's reviews (its teachers may,
    and admins, unless muted there): empty when they may."""
    if not user_teaches_course(user=user, course=course):
        return "Only the course's teachers reply to its reviews."
    return mute_refusal(user=user, course=course)


def review_reply_refusal(*, user: User | AnonymousUser, review: Review) -> str:
    """Why `user` may not reply to this review (one reply a review, which
    they may change; a shown review): empty when they may."""
    if refusal := course_reviews_reply_refusal(user=user, course=review.course):
        return refusal
    if not review.is_published:
        return "This review is hidden."
    return ""


def review_visible_to(*, user: User | AnonymousUser, review: Review) -> bool:
    """Shown reviews to everyone who sees the course's page; a hidden one to
    its author (told so) and community moderators."""
    return (
        review.is_published
        or user_is_author(user=user, target=review)
        or user_moderates_community(user=user)
    )


def review_list_visible_to(*, user: User | AnonymousUser) -> QuerySet[Review]:
    """The reviews `user` sees, as `review_visible_to` says, set-wise."""
    if user_moderates_community(user=user):
        return Review.objects.all()
    shown = Q(status=Status.PUBLISHED)
    if _signed_in(user):
        shown |= Q(author=user)
    return Review.objects.filter(shown)
