"""
What the community shows, through the rules of `access.py`: lists of posts
and lesson questions with their counts, a post's thread, who liked what,
popular tags, courses' reviews, and what moderators and the data export
need. Lists cost the
same number of queries however many rows they hold.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.utils import timezone

from taggit.models import Tag

from courses.access import user_list_teaching
from courses.models import CoursePage, LessonPage
from courses.viewer import Viewer
from media_library.access import asset_list_visible_to
from members.models import User

from .access import (
    comment_visible_to,
    course_list_board_member,
    likers_refusal,
    post_list_visible_to,
    post_visible_to,
    review_list_visible_to,
    user_is_board_member,
    user_moderates_post,
)
from .models import Comment, Like, Post, Report, Review, Status

TOP_WEEK = timedelta(days=7)
# Comments shown on each side of a reported one, for its context.
REPORT_CONTEXT_COMMENTS = 3


def _count(queryset: QuerySet, field: str) -> Coalesce:
    """How many rows of `queryset` point at the outer row through `field`."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("*"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _liked(user: User | AnonymousUser, field: str) -> Exists | Value:
    if not user.is_authenticated:
        return Value(False, output_field=BooleanField())
    return Exists(Like.objects.filter(user=user, **{field: OuterRef("pk")}))


def _posts_annotated(posts: QuerySet[Post], *, user) -> QuerySet[Post]:
    """With `like_count`, `comment_count` (published ones) and `liked`, and
    what a list shows of each post, all at once (its lesson is for lists of
    questions to ask for)."""
    return (
        posts.select_related("author", "course")
        .prefetch_related("tags", "attachments")
        .annotate(
            like_count=_count(Like.objects.all(), "post"),
            comment_count=_count(
                Comment.objects.filter(status=Status.PUBLISHED, deleted_at=None),
                "post",
            ),
            liked=_liked(user, "post"),
        )
    )


def attachments_shown_prefetch(*, viewer: Viewer) -> Prefetch:
    """For posts' `attachments_shown`, all at once: those of their
    attachments the media rules show `viewer`."""
    return Prefetch(
        "attachments",
        queryset=asset_list_visible_to(viewer=viewer),
        to_attr="attachments_shown",
    )


def post_list(
    *,
    viewer: Viewer,
    course: CoursePage | None = None,
    tag: str = "",
    sort: str = "new",
) -> QuerySet[Post]:
    """
    The feed and boards `viewer` may see (lesson questions aside): without a
    course, the site's feed and the boards of the courses they are in; with
    one, its board only. Newest first, or ("top_week") most liked in the
    last seven days first.
    """
    posts = post_list_visible_to(viewer=viewer, questions=False)
    if course is not None:
        posts = posts.filter(course=course)
    if tag:
        posts = posts.filter(tags__name=tag.lower())
    posts = _posts_annotated(posts, user=viewer.user)
    if sort == "top_week":
        recent = Like.objects.filter(created_at__gte=timezone.now() - TOP_WEEK)
        return posts.annotate(week_like_count=_count(recent, "post")).order_by(
            "-week_like_count", "-created_at", "-pk"
        )
    return posts.order_by("-created_at", "-pk")


def question_list(*, viewer: Viewer, lesson: LessonPage) -> QuerySet[Post]:
    """A lesson's questions `viewer` may see, newest first, each with
    `is_answered` (an answer accepted) and the counts of `post_list`."""
    posts = post_list_visible_to(viewer=viewer).filter(lesson=lesson)
    return (
        _posts_annotated(posts, user=viewer.user)
        .select_related("lesson")
        .annotate(
            is_answered=ExpressionWrapper(
                Q(accepted_answer__isnull=False), output_field=BooleanField()
            )
        )
        .order_by("-created_at", "-pk")
    )


def board_get(*, user: User | AnonymousUser, pk: int) -> CoursePage:
    """A course whose board `user` reads and writes (`user_is_board_member`);
    else 404: those outside the course learn nothing of its board."""
    course = CoursePage.objects.filter(pk=pk).first()
    if course is None or not user_is_board_member(user=user, course=course):
        raise Http404("No such board.")
    return course


def question_lesson_get(*, pk: int) -> tuple[LessonPage, CoursePage]:
    """A lesson with a questions thread, and its course: published, not
    behind a privacy setting (else 404). Who reads it is `lesson_access`'s
    to say."""
    lesson = LessonPage.objects.live().public().filter(pk=pk).first()
    course = lesson.get_course() if lesson is not None else None
    if course is None:
        raise Http404("No such lesson.")
    return lesson, course


def post_get_visible(*, viewer: Viewer, pk: int) -> Post:
    """The post, annotated as in lists, if `viewer` may see it; else 404 (a
    non-member is not told a board post exists)."""
    posts = _posts_annotated(post_list_visible_to(viewer=viewer), user=viewer.user)
    post = posts.select_related("lesson").filter(pk=pk).first()
    if post is None:
        raise Http404("No such post.")
    return post


def comment_get_visible(*, viewer: Viewer, pk: int) -> Comment:
    """The comment, not deleted, with its `like_count` and `liked`, if
    `viewer` sees it and its post; else 404."""
    comment = (
        _comments_annotated(Comment.objects.all(), user=viewer.user)
        .select_related("post__course", "post__lesson")
        .filter(pk=pk, deleted_at=None)
        .first()
    )
    if (
        comment is None
        or not post_visible_to(viewer=viewer, post=comment.post)
        or not comment_visible_to(user=viewer.user, comment=comment)
    ):
        raise Http404("No such comment.")
    return comment


def _comments_annotated(comments: QuerySet[Comment], *, user) -> QuerySet[Comment]:
    return comments.select_related("author").annotate(
        like_count=_count(Like.objects.all(), "comment"),
        liked=_liked(user, "comment"),
    )


def _comments_shown(
    comments: QuerySet[Comment], *, user, post: Post
) -> QuerySet[Comment]:
    """Those of the post's comments `user` sees: all, for its moderators;
    published ones and their own, for everyone else."""
    if user_moderates_post(user=user, post=post):
        return comments
    shown = Q(status=Status.PUBLISHED)
    if user.is_authenticated:
        shown |= Q(author=user)
    return comments.filter(shown)


def _comment_marked(comment: Comment, *, post: Post, teachers: set[int]) -> Comment:
    """What the thread says of a comment: its post (no query to reach it),
    whether a teacher of the course wrote it, whether it is the accepted
    answer."""
    comment.post = post
    comment.is_teacher_answer = comment.author_id in teachers
    comment.is_accepted = comment.pk == post.accepted_answer_id
    return comment


def comment_get_in_thread(*, viewer: Viewer, pk: int) -> Comment:
    """
    One comment as `thread` shows it (its counts, badges and `reply_list`),
    if `viewer` sees it (else 404): for the pieces of a thread HTMX swaps.
    The same few queries whatever the thread holds.
    """
    comment = comment_get_visible(viewer=viewer, pk=pk)
    post = comment.post
    teachers = _course_teacher_ids(post.course) if post.course_id else set()
    _comment_marked(comment, post=post, teachers=teachers)
    comment.reply_list = []
    if comment.parent_id is None:
        replies = _comments_shown(
            Comment.objects.filter(parent=comment), user=viewer.user, post=post
        )
        comment.reply_list = [
            _comment_marked(reply, post=post, teachers=teachers)
            for reply in _comments_annotated(replies, user=viewer.user).order_by(
                "created_at", "pk"
            )
        ]
    return comment


def thread(*, viewer: Viewer, post: Post) -> list[Comment]:
    """
    The post's comments `viewer` sees, oldest first (a lesson question's
    accepted answer first, `is_accepted`), each with its `reply_list`, its
    `like_count` and `liked`, and `is_teacher_answer` when a teacher of the
    course wrote it. Hidden comments show only to their authors and the
    post's moderators; a deleted comment stays, emptied, while a reply to it
    shows. In the same few queries, however long the thread.
    """
    user = viewer.user
    comments = _comments_shown(Comment.objects.filter(post=post), user=user, post=post)
    comments = _comments_annotated(comments, user=user).order_by("created_at", "pk")
    teachers = _course_teacher_ids(post.course) if post.course_id else set()
    top: list[Comment] = []
    replies: dict[int, list[Comment]] = {}
    for comment in comments:
        _comment_marked(comment, post=post, teachers=teachers)
        if comment.parent_id is None:
            comment.reply_list = []
            top.append(comment)
        else:
            replies.setdefault(comment.parent_id, []).append(comment)
    for comment in top:
        comment.reply_list = replies.get(comment.pk, [])
    top = [c for c in top if not c.is_deleted or c.reply_list]
    # The accepted answer leads; sorted() keeps the others in their order.
    return sorted(top, key=lambda comment: not comment.is_accepted)


def _course_teacher_ids(course: CoursePage) -> set[int]:
    return set(user_list_teaching(course=course).values_list("pk", flat=True))


def like_list(
    *, viewer: Viewer, post: Post | None = None, comment: Comment | None = None
) -> QuerySet[User]:
    """Who liked a post or comment, latest first: for its author and its
    moderators only."""
    target = post or comment
    if not post_visible_to(viewer=viewer, post=post or comment.post):
        raise PermissionDenied("Only its author sees who liked it.")
    if refusal := likers_refusal(user=viewer.user, target=target):
        raise PermissionDenied(refusal)
    likes = (
        {"community_likes__post": post}
        if post
        else {"community_likes__comment": comment}
    )
    return User.objects.filter(is_active=True, **likes).order_by(
        "-community_likes__created_at", "-pk"
    )


def tag_list_popular(*, viewer: Viewer, limit: int = 20) -> list[Tag]:
    """The tags of the feed and board posts `viewer` sees, most used first,
    each with its `post_count`."""
    posts = post_list_visible_to(viewer=viewer, questions=False).filter(
        status=Status.PUBLISHED
    )
    return list(
        Tag.objects.filter(community_taggedpost_items__content_object__in=posts)
        .annotate(post_count=Count("community_taggedpost_items"))
        .order_by("-post_count", "name")[:limit]
    )


def post_board_list_for(*, user: User | AnonymousUser) -> QuerySet[CoursePage]:
    """The courses on whose boards `user` may write, by title."""
    return course_list_board_member(user=user).order_by("title")


def community_data_export(*, user: User) -> dict[str, Any]:
    """The member's part of the data export: their posts, comments, likes and
    course reviews."""
    posts = Post.objects.filter(author=user).select_related("course", "lesson")
    comments = Comment.objects.filter(author=user, deleted_at=None).select_related(
        "post"
    )
    likes = Like.objects.filter(user=user).select_related("post", "comment__post")
    return {
        "posts": [
            {
                "title": post.title,
                "body": post.body,
                "place": _place(post),
                "status": post.status,
                "tags": sorted(tag.name for tag in post.tags.all()),
                "created_at": post.created_at.isoformat(),
                "edited_at": post.edited_at.isoformat() if post.edited_at else None,
            }
            for post in posts.prefetch_related("tags")
        ],
        "comments": [
            {
                "post": comment.post.title,
                "body": comment.body,
                "created_at": comment.created_at.isoformat(),
                "edited_at": (
                    comment.edited_at.isoformat() if comment.edited_at else None
                ),
            }
            for comment in comments
        ],
        "likes": [
            {
                "what": (
                    f"Post “{like.post.title}”"
                    if like.post
                    else f"Comment on “{like.comment.post.title}”"
                ),
                "created_at": like.created_at.isoformat(),
            }
            for like in likes
        ],
        "course_reviews": [
            {
                "course": review.course.title,
                "rating": review.rating,
                "body": review.body,
                "status": review.status,
                "created_at": review.created_at.isoformat(),
                "edited_at": review.edited_at.isoformat() if review.edited_at else None,
                "reply": review.reply,
            }
            for review in Review.objects.filter(author=user).select_related("course")
        ],
    }


def _place(post: Post) -> str:
    if post.lesson_id:
        return f"Question under the lesson “{post.lesson.title}”"
    if post.course_id:
        return f"The board of “{post.course.title}”"
    return "The community feed"


def report_list_open() -> QuerySet[Report]:
    """Reports waiting for a moderator, oldest first."""
    return (
        Report.objects.filter(resolved_at__isnull=True)
        .select_related(
            "reporter",
            "post__author",
            "comment__author",
            "comment__post",
            "review__author",
            "review__course",
        )
        .order_by("created_at", "pk")
    )


def report_context(*, report: Report) -> dict[str, Any]:
    """
    What a moderator reviews a report with: the post (its title), the
    reported comment with the comments just before and after it, and every
    report on the same post, comment or review (which has no post).
    """
    comment = report.comment
    post = report.post or (comment and comment.post)
    around: list[Comment] = []
    if comment is not None:
        siblings = Comment.objects.filter(post=post, parent=comment.parent_id)
        siblings = siblings.select_related("author")
        before = siblings.filter(
            Q(created_at__lt=comment.created_at)
            | Q(created_at=comment.created_at, pk__lt=comment.pk)
        ).order_by("-created_at", "-pk")[:REPORT_CONTEXT_COMMENTS]
        after = siblings.filter(
            Q(created_at__gt=comment.created_at)
            | Q(created_at=comment.created_at, pk__gt=comment.pk)
        ).order_by("created_at", "pk")[:REPORT_CONTEXT_COMMENTS]
        around = [*reversed(before), comment, *after]
    reports = Report.objects.filter(
        post_id=report.post_id,
        comment_id=report.comment_id,
        review_id=report.review_id,
    ).select_related("reporter", "resolved_by")
    return {
        "post": post,
        "comment": comment,
        "comments": around,
        "reports": list(reports.order_by(F("resolved_at").desc(nulls_first=True))),
    }


# Reviews of courses


@dataclass(frozen=True)
class ReviewSummary:
    """A course's rating: its shown reviews' count and mean, and how many
    gave each number of stars (5 first)."""

    count: int
    average: Decimal | None
    stars: list[tuple[int, int]]

    def share(self, count: int) -> int:
        return round(100 * count / self.count) if self.count else 0


def review_summary(*, course: CoursePage) -> ReviewSummary:
    shown = Review.objects.filter(course=course, status=Status.PUBLISHED)
    counts = shown.aggregate(
        **{str(stars): Count("pk", filter=Q(rating=stars)) for stars in range(1, 6)}
    )
    count = sum(counts.values())
    total = sum(stars * counts[str(stars)] for stars in range(1, 6))
    return ReviewSummary(
        count=count,
        average=round(Decimal(total) / count, 2) if count else None,
        stars=[(stars, counts[str(stars)]) for stars in range(5, 0, -1)],
    )


def review_list(*, user: User | AnonymousUser, course: CoursePage) -> QuerySet[Review]:
    """The course's reviews `user` sees, their own first, then the newest."""
    own = Q(author=user) if user.is_authenticated else Q(pk__in=[])
    return (
        review_list_visible_to(user=user)
        .filter(course=course)
        .select_related("author", "replied_by")
        .annotate(own=Case(When(own, then=Value(0)), default=Value(1)))
        .order_by("own", "-created_at", "-pk")
    )


def _course_page_open(*, course: CoursePage, request: HttpRequest) -> bool:
    """Whether the request may open the course's page: published, and let
    through by each privacy setting on it or above it (Wagtail's own test:
    a password given in this session, a group, signing in)."""
    return course.live and all(
        restriction.accept_request(request)
        for restriction in course.get_view_restrictions()
    )


def review_course_get(*, pk: int, request: HttpRequest) -> CoursePage:
    """A course whose reviews the request may read: one whose page it may
    open; 404 otherwise."""
    course = CoursePage.objects.filter(pk=pk).first()
    if course is None or not _course_page_open(course=course, request=request):
        raise Http404
    return course


def review_own_get(*, user: User | AnonymousUser, course: CoursePage) -> Review | None:
    """`user`'s review of the course, whatever its state, if they wrote one."""
    if not user.is_authenticated:
        return None
    return Review.objects.filter(course=course, author=user).first()


def review_get_visible(*, request: HttpRequest, pk: int) -> Review:
    """A review the request's user sees, of a course whose page the request
    may open (404 otherwise)."""
    review = (
        review_list_visible_to(user=request.user)
        .select_related("course")
        .filter(pk=pk)
        .first()
    )
    if review is None or not _course_page_open(course=review.course, request=request):
        raise Http404
    return review
