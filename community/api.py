"""
The REST API's community operations (mounted at /community in portal/api.py):
the feed and course boards, a lesson's questions, comments, likes, courses'
reviews and reports. Each handler finds what it acts on and calls the selector or
service the community's pages call, so the same rules answer: a board post
is not found by those outside its course, a refusal says why (403), bad
input says what was wrong (400), and doing something too often is a 429.
Moderation stays in the site and the Wagtail admin.
"""

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest
from django.urls import reverse

from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from courses.access import lesson_access
from courses.api import CourseRef, LessonRef, lesson_locked_error
from courses.models import CoursePage, LessonPage
from courses.viewer import viewer_from_api_request
from media_library.api import AssetRef
from media_library.models import MediaAsset
from media_library.selectors import asset_list_owned_by
from members.api_base import (
    Id,
    MemberRef,
    PagePagination,
    api_url,
    optional_token_auth,
    responses,
    site_url,
)
from members.models import User

from .access import post_edit_refusal
from .models import (
    COMMENT_MAX_LENGTH,
    POST_MAX_LENGTH,
    REVIEW_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Comment,
    Post,
    Report,
    Review,
)
from .selectors import (
    attachments_shown_prefetch,
    board_get,
    comment_get_in_thread,
    comment_get_visible,
    like_list,
    post_board_list_for,
    post_get_visible,
    post_list,
    question_lesson_get,
    question_list,
    review_course_get,
    review_get_visible,
    review_list,
    review_own_get,
    thread,
)
from .services import (
    ATTACHMENTS_MAX,
    REPORT_DETAILS_MAX_LENGTH,
    answer_accept,
    answer_unaccept,
    comment_create,
    comment_delete,
    comment_update,
    like_create,
    like_delete,
    post_create,
    post_delete,
    post_update,
    report_create,
    review_delete,
    review_reply,
    review_save,
)

router = Router(tags=["community"])


# What the operations answer


class PlaceOut(Schema):
    """Where a post is: the feed, a course's board, or under a lesson (a
    question), with the list of that place's posts."""

    kind: Literal["feed", "board", "question"]
    course: CourseRef | None
    lesson: LessonRef | None
    posts_url: str
    html_url: str | None

    @staticmethod
    def resolve_course(post: Post) -> CoursePage | None:
        return post.course

    @staticmethod
    def resolve_lesson(post: Post) -> LessonPage | None:
        return post.lesson

    @staticmethod
    def resolve_posts_url(post: Post, context) -> str:
        request = context["request"]
        if post.lesson_id:
            return api_url(request, "community_lesson_question_list", post.lesson_id)
        if post.course_id:
            return api_url(request, "community_board_post_list", post.course_id)
        return api_url(request, "community_post_list")

    @staticmethod
    def resolve_html_url(post: Post, context) -> str | None:
        request = context["request"]
        if post.lesson_id:
            return site_url(request, post.lesson.url)
        if post.course_id:
            return site_url(request, reverse("community:board", args=[post.course_id]))
        return site_url(request, reverse("community:feed"))


class PostOut(Schema):
    """
    A post in the feed, on a course's board, or a question under a lesson.
    `body` is its Markdown; `body_html`, that Markdown rendered and made safe,
    as the site shows it. `status` is "held" (waiting for a moderator's
    review) or "hidden" (by a moderator) for its author and its moderators.
    """

    id: int
    url: str
    html_url: str
    title: str
    body: str
    body_html: str
    status: Literal["published", "held", "hidden"]
    author: MemberRef | None = Field(description="Empty once its author has left.")
    place: PlaceOut
    tags: list[str]
    attachments: list[AssetRef] = Field(
        description="Only those of its media the media rules show the reader."
    )
    like_count: int
    liked_by_me: bool
    comment_count: int
    comments_url: str
    accepted_answer_id: int | None = Field(
        description="A lesson question's accepted answer: one of its comments."
    )
    edited: bool
    locked: bool = Field(description="A locked thread takes no more comments.")
    created_at: datetime
    edited_at: datetime | None

    @staticmethod
    def resolve_url(post: Post, context) -> str:
        return api_url(context["request"], "community_post_detail", post.pk)

    @staticmethod
    def resolve_html_url(post: Post, context) -> str:
        return site_url(context["request"], post.get_absolute_url())

    @staticmethod
    def resolve_place(post: Post) -> Post:
        return post

    @staticmethod
    def resolve_tags(post: Post) -> list[str]:
        return [tag.name for tag in post.tags.all()]

    @staticmethod
    def resolve_attachments(post: Post) -> list[MediaAsset]:
        return post.attachments_shown

    @staticmethod
    def resolve_liked_by_me(post: Post) -> bool:
        return post.liked

    @staticmethod
    def resolve_comments_url(post: Post, context) -> str:
        return api_url(context["request"], "community_post_comment_list", post.pk)

    @staticmethod
    def resolve_edited(post: Post) -> bool:
        return post.edited_at is not None

    @staticmethod
    def resolve_locked(post: Post) -> bool:
        return post.is_locked


class ReplyOut(Schema):
    """A comment on a post, or a reply to one (`parent_id`). A deleted
    comment that others replied to stays, `deleted` and emptied."""

    id: int
    url: str
    html_url: str
    post_id: int
    parent_id: int | None
    author: MemberRef | None = Field(
        description="Empty once deleted or its author has left."
    )
    body: str
    body_html: str
    status: Literal["published", "held", "hidden"]
    deleted: bool
    like_count: int
    liked_by_me: bool
    is_teacher_answer: bool = Field(description="A teacher of the course wrote it.")
    is_accepted: bool = Field(description="The lesson question's accepted answer.")
    created_at: datetime
    edited_at: datetime | None

    @staticmethod
    def resolve_url(comment: Comment, context) -> str:
        return api_url(context["request"], "community_comment_detail", comment.pk)

    @staticmethod
    def resolve_html_url(comment: Comment, context) -> str:
        return site_url(context["request"], comment.get_absolute_url())

    @staticmethod
    def resolve_author(comment: Comment) -> User | None:
        return None if comment.is_deleted else comment.author

    @staticmethod
    def resolve_deleted(comment: Comment) -> bool:
        return comment.is_deleted

    @staticmethod
    def resolve_liked_by_me(comment: Comment) -> bool:
        return comment.liked


class CommentOut(ReplyOut):
    """A comment with its replies (one level: replies have none)."""

    replies: list[ReplyOut]

    @staticmethod
    def resolve_replies(comment: Comment) -> list[Comment]:
        return comment.reply_list


class LikeOut(Schema):
    liked_by_me: bool
    like_count: int

    @staticmethod
    def resolve_liked_by_me(target: Post | Comment) -> bool:
        return target.liked


class ReviewReplyOut(Schema):
    """The reply of one of the course's teachers."""

    body: str = Field(alias="reply")
    body_html: str = Field(alias="reply_html")
    author: MemberRef | None = Field(
        alias="replied_by", description="Empty once its author has left."
    )
    replied_at: datetime


class ReviewOut(Schema):
    """A student's review of a course: its stars, what they said, and the
    teachers' reply. A hidden one reaches only its author (and moderators)."""

    id: int
    html_url: str
    course: CourseRef
    author: MemberRef
    rating: int = Field(ge=1, le=5)
    body: str
    body_html: str
    status: Literal["published", "hidden"]
    reply: ReviewReplyOut | None
    created_at: datetime
    edited_at: datetime | None

    @staticmethod
    def resolve_html_url(review: Review, context) -> str:
        return site_url(context["request"], review.get_absolute_url())

    @staticmethod
    def resolve_reply(review: Review) -> Review | None:
        return review if review.reply else None


class ReportOut(Schema):
    id: int
    post_id: int | None
    comment_id: int | None
    review_id: int | None
    reason: Report.Reason
    details: str
    created_at: datetime


# What the operations take


class PostFilters(Schema):
    tag: str = Field("", max_length=100, description="Only posts with this tag.")
    sort: Literal["new", "top_week"] = Field(
        "new", description="Newest first, or most liked in the last seven days."
    )


class FeedFilters(PostFilters):
    course_id: Id | None = Field(
        None, description="Only this board: one of the courses I am in."
    )


class PostIn(Schema):
    """A post: in the feed, on a board (`course_id`), or a question under a
    lesson (`lesson_id`). `attachments`: ids of media from my library."""

    title: str = Field(max_length=TITLE_MAX_LENGTH)
    body: str = Field(max_length=POST_MAX_LENGTH, description="Markdown.")
    tags: list[str] = Field(default_factory=list)
    attachments: list[Id] = Field(default_factory=list, max_length=ATTACHMENTS_MAX)
    course_id: Id | None = None
    lesson_id: Id | None = None


class PostPatchIn(Schema):
    """What changes of my post; what is not sent stays."""

    title: str = Field(None, max_length=TITLE_MAX_LENGTH)
    body: str = Field(None, max_length=POST_MAX_LENGTH)
    tags: list[str] = None
    attachments: list[Id] = Field(None, max_length=ATTACHMENTS_MAX)


class CommentIn(Schema):
    body: str = Field(max_length=COMMENT_MAX_LENGTH, description="Markdown.")
    parent_id: Id | None = Field(None, description="The comment this replies to.")


class CommentPatchIn(Schema):
    body: str = Field(max_length=COMMENT_MAX_LENGTH)


class AcceptedAnswerIn(Schema):
    comment_id: Id


class ReviewIn(Schema):
    rating: int = Field(ge=1, le=5, description="Stars, 1 to 5.")
    body: str = Field("", max_length=REVIEW_MAX_LENGTH, description="Markdown.")


class ReviewReplyIn(Schema):
    body: str = Field(max_length=REVIEW_MAX_LENGTH, description="Markdown.")


class ReportIn(Schema):
    """A report on a post, a comment or a course's review, for the moderators:
    one of `post_id`, `comment_id` and `review_id`."""

    post_id: Id | None = None
    comment_id: Id | None = None
    review_id: Id | None = None
    reason: Report.Reason
    details: str = Field("", max_length=REPORT_DETAILS_MAX_LENGTH)


# Finding what the operations act on


def _feed_board(request: HttpRequest, course_id: int | None) -> CoursePage | None:
    """The feed's board filter: one of the boards I am in, as on the feed page."""
    if course_id is None:
        return None
    course = post_board_list_for(user=request.user).filter(pk=course_id).first()
    if course is None:
        raise ValidationError({"course_id": ["Choose one of your courses."]})
    return course


def _question_lesson(request: HttpRequest, lesson_id: int) -> LessonPage:
    """
    A lesson whose questions the reader may read, as the lesson's rule says
    (`lesson_access`): 404 for a lesson nobody is shown (unpublished,
    private), and for a lesson they may not read the lesson's own refusal,
    a 403 "locked" with what would unlock it.
    """
    lesson, course = question_lesson_get(pk=lesson_id)
    access = lesson_access(
        viewer=viewer_from_api_request(request), lesson=lesson, course=course
    )
    if access.unlock == "unavailable":
        raise Http404("No such lesson.")
    if not access.allowed:
        raise lesson_locked_error(request, lesson=lesson, course=course, access=access)
    return lesson


def _own_attachments(user: User, ids: Iterable[int]) -> list[MediaAsset]:
    """The media of my library with these ids, as the post form offers them."""
    ids = set(ids)
    assets = list(asset_list_owned_by(user=user).filter(pk__in=ids))
    if len(assets) != len(ids):
        raise ValidationError(
            {"attachments": ["You can only attach media from your own library."]}
        )
    return assets


def _post(request: HttpRequest, post_id: int) -> Post:
    return post_get_visible(viewer=viewer_from_api_request(request), pk=post_id)


def _attachments_shown_fetch(request: HttpRequest, posts: list[Post]) -> None:
    """For `PostOut`: the attachments of each post that the reader sees,
    fetched for all the posts at once."""
    prefetch_related_objects(
        posts, attachments_shown_prefetch(viewer=viewer_from_api_request(request))
    )


def _post_shown(request: HttpRequest, post_id: int) -> Post:
    """The post as `PostOut` shows it."""
    post = _post(request, post_id)
    _attachments_shown_fetch(request, [post])
    return post


class PostPagination(PagePagination):
    """A page of posts as `PostOut` shows them."""

    def prepare_page(self, rows: list[Post], request: HttpRequest) -> None:
        _attachments_shown_fetch(request, rows)


def _comment(request: HttpRequest, comment_id: int) -> Comment:
    return comment_get_visible(viewer=viewer_from_api_request(request), pk=comment_id)


def _comment_in_thread(request: HttpRequest, comment_id: int) -> Comment:
    """The comment as `CommentOut` shows it: marked, with its replies."""
    return comment_get_in_thread(viewer=viewer_from_api_request(request), pk=comment_id)


# Posts


@router.get(
    "/posts",
    response=responses({200: list[PostOut]}),
    auth=optional_token_auth,
    url_name="community_post_list",
)
@paginate(PostPagination)
def post_list_feed(request: HttpRequest, filters: Query[FeedFilters]):
    """The community feed: the site-wide feed and the boards of my courses
    (`course_id`: one of them), newest first or most liked this week."""
    return post_list(
        viewer=viewer_from_api_request(request),
        course=_feed_board(request, filters.course_id),
        tag=filters.tag,
        sort=filters.sort,
    )


@router.post(
    "/posts",
    response=responses({201: PostOut}),
    url_name="community_post_list",
)
def post_new(request: HttpRequest, payload: PostIn):
    """Write a post. A new member's first posts may be held for review:
    then its `status` is "held", and others see it once approved."""
    if payload.course_id is not None and payload.lesson_id is not None:
        raise ValidationError(
            {"lesson_id": ["Post on a course's board or under a lesson, not both."]}
        )
    course = lesson = None
    if payload.lesson_id is not None:
        lesson = _question_lesson(request, payload.lesson_id)
    elif payload.course_id is not None:
        course = board_get(user=request.user, pk=payload.course_id)
    post = post_create(
        author=request.user,
        title=payload.title,
        body=payload.body,
        course=course,
        lesson=lesson,
        tags=payload.tags,
        attachments=_own_attachments(request.user, payload.attachments),
    )
    return Status(201, _post_shown(request, post.pk))


@router.get(
    "/courses/{course_id}/posts",
    response=responses({200: list[PostOut]}),
    auth=optional_token_auth,
    url_name="community_board_post_list",
)
@paginate(PostPagination)
def board_post_list(request: HttpRequest, course_id: Id, filters: Query[PostFilters]):
    """A course's board: for its members, teachers and admins (404 for
    everyone else, as the board's page)."""
    return post_list(
        viewer=viewer_from_api_request(request),
        course=board_get(user=request.user, pk=course_id),
        tag=filters.tag,
        sort=filters.sort,
    )


@router.get(
    "/lessons/{lesson_id}/questions",
    response=responses({200: list[PostOut]}),
    auth=optional_token_auth,
    url_name="community_lesson_question_list",
)
@paginate(PostPagination)
def lesson_question_list(request: HttpRequest, lesson_id: Id):
    """A lesson's questions, newest first: for those who may read the lesson.
    Ask one with `POST /community/posts` and its `lesson_id`."""
    return question_list(
        viewer=viewer_from_api_request(request),
        lesson=_question_lesson(request, lesson_id),
    )


@router.get(
    "/posts/{post_id}",
    response=responses({200: PostOut}),
    auth=optional_token_auth,
    url_name="community_post_detail",
)
def post_detail(request: HttpRequest, post_id: Id):
    """A post the reader sees (a board's, only its members; 404 otherwise)."""
    return _post_shown(request, post_id)


@router.patch(
    "/posts/{post_id}",
    response=responses({200: PostOut}),
    url_name="community_post_detail",
)
def post_edit(request: HttpRequest, post_id: Id, payload: PostPatchIn):
    """Edit my post: what is sent changes (tags and attachments are replaced
    whole), what is not stays."""
    post = _post(request, post_id)
    if refusal := post_edit_refusal(user=request.user, post=post):
        raise PermissionDenied(refusal)
    changes = payload.dict(exclude_unset=True)
    post_update(
        post=post,
        user=request.user,
        title=changes.get("title", post.title),
        body=changes.get("body", post.body),
        tags=changes.get("tags", [tag.name for tag in post.tags.all()]),
        attachments=(
            _own_attachments(request.user, changes["attachments"])
            if "attachments" in changes
            else post.attachments.all()
        ),
    )
    return _post_shown(request, post_id)


@router.delete(
    "/posts/{post_id}",
    response=responses({204: None}),
    url_name="community_post_detail",
)
def post_remove(request: HttpRequest, post_id: Id):
    """Delete a post, with its thread: its author or its moderators."""
    post_delete(post=_post(request, post_id), user=request.user)
    return Status(204, None)


@router.post(
    "/posts/{post_id}/accepted-answer",
    response=responses({200: PostOut}),
    url_name="community_post_accepted_answer",
)
def post_answer_accept(request: HttpRequest, post_id: Id, payload: AcceptedAnswerIn):
    """The asker or a teacher of the course accepts an answer to a lesson
    question (one of its comments, not a reply), replacing any other."""
    post = _post(request, post_id)
    answer_accept(
        post=post, comment=_comment(request, payload.comment_id), user=request.user
    )
    return _post_shown(request, post_id)


@router.delete(
    "/posts/{post_id}/accepted-answer",
    response=responses({204: None}),
    url_name="community_post_accepted_answer",
)
def post_answer_unaccept(request: HttpRequest, post_id: Id):
    """The asker or a teacher of the course takes the accepted answer back."""
    answer_unaccept(post=_post(request, post_id), user=request.user)
    return Status(204, None)


# Comments


@router.get(
    "/posts/{post_id}/comments",
    response=responses({200: list[CommentOut]}),
    auth=optional_token_auth,
    url_name="community_post_comment_list",
)
@paginate(PagePagination)
def post_comment_list(request: HttpRequest, post_id: Id):
    """A post's thread, oldest first (a lesson question's accepted answer
    first), each comment with its replies."""
    return thread(viewer=viewer_from_api_request(request), post=_post(request, post_id))


@router.post(
    "/posts/{post_id}/comments",
    response=responses({201: CommentOut}),
    url_name="community_post_comment_list",
)
def post_comment_new(request: HttpRequest, post_id: Id, payload: CommentIn):
    """Comment on a post, or (`parent_id`) reply to one of its comments."""
    post = _post(request, post_id)
    parent = None
    if payload.parent_id is not None:
        parent = post.comments.filter(pk=payload.parent_id).first()
        if parent is None:
            raise ValidationError(
                {"parent_id": ["You can only reply to a comment of this post."]}
            )
    comment = comment_create(
        post=post, author=request.user, body=payload.body, parent=parent
    )
    return Status(201, _comment_in_thread(request, comment.pk))


@router.get(
    "/comments/{comment_id}",
    response=responses({200: CommentOut}),
    auth=optional_token_auth,
    url_name="community_comment_detail",
)
def comment_detail(request: HttpRequest, comment_id: Id):
    """A comment the reader sees, with its replies."""
    return _comment_in_thread(request, comment_id)


@router.patch(
    "/comments/{comment_id}",
    response=responses({200: CommentOut}),
    url_name="community_comment_detail",
)
def comment_edit(request: HttpRequest, comment_id: Id, payload: CommentPatchIn):
    """Edit my comment."""
    comment_update(
        comment=_comment(request, comment_id), user=request.user, body=payload.body
    )
    return _comment_in_thread(request, comment_id)


@router.delete(
    "/comments/{comment_id}",
    response=responses({204: None}),
    url_name="community_comment_detail",
)
def comment_remove(request: HttpRequest, comment_id: Id):
    """Delete a comment: its author or the post's moderators. One with
    replies stays, emptied, so that the thread still reads."""
    comment_delete(comment=_comment(request, comment_id), user=request.user)
    return Status(204, None)


# Likes: a post's and a comment's are the same three operations, through the
# services that take either.


def _add_like_operations(
    kind: Literal["post", "comment"],
    target_get: Callable[[HttpRequest, int], Post | Comment],
    *,
    likers_shown_to: str,
) -> None:
    """Like, unlike and see who liked a post or a comment (`kind`), found by
    `target_get(request, id)` as the reader sees it."""
    path = f"/{kind}s/{{{kind}_id}}"
    # The id, as the path names it: `post_id` or `comment_id`.
    TargetId = Annotated[Id, Path(alias=f"{kind}_id")]

    @router.api_operation(
        ["PUT", "POST"],
        f"{path}/like",
        response=responses({200: LikeOut}),
        url_name=f"community_{kind}_like",
        operation_id=f"community_api_{kind}_like",
        summary=f"Like a {kind}",
        description=f"Like a {kind} (again: nothing changes). Not one's own.",
    )
    def like(request: HttpRequest, target_id: TargetId):
        like_create(user=request.user, **{kind: target_get(request, target_id)})
        # Again, with its like count and whether I like it now.
        return target_get(request, target_id)

    @router.delete(
        f"{path}/like",
        response=responses({204: None}),
        url_name=f"community_{kind}_like",
        operation_id=f"community_api_{kind}_unlike",
        summary=f"Unlike a {kind}",
        description=f"Take my like of a {kind} back (none: nothing changes).",
    )
    def unlike(request: HttpRequest, target_id: TargetId):
        like_delete(user=request.user, **{kind: target_get(request, target_id)})
        return Status(204, None)

    @router.get(
        f"{path}/likes",
        response=responses({200: list[MemberRef]}),
        url_name=f"community_{kind}_like_list",
        operation_id=f"community_api_{kind}_liker_list",
        summary=f"Who liked a {kind}",
        description=f"Who liked a {kind}, latest first: for {likers_shown_to}.",
    )
    @paginate(PagePagination)
    def liker_list(request: HttpRequest, target_id: TargetId):
        return like_list(
            viewer=viewer_from_api_request(request),
            **{kind: target_get(request, target_id)},
        )


_add_like_operations("post", _post, likers_shown_to="its author and its moderators")
_add_like_operations(
    "comment", _comment, likers_shown_to="its author and the post's moderators"
)


# Reports


def _review(request: HttpRequest, review_id: int) -> Review:
    return review_get_visible(request=request, pk=review_id)


# What may be reported, and how each is found (404 for who may not see it).
REPORTABLE: dict[str, Callable[[HttpRequest, int], Post | Comment | Review]] = {
    "post": _post,
    "comment": _comment,
    "review": _review,
}


@router.post(
    "/reports",
    response=responses({201: ReportOut}),
    url_name="community_report_create",
)
def report_new(request: HttpRequest, payload: ReportIn):
    """Report a post, a comment or a review I see (not my own) to the
    moderators, once."""
    given = [
        (field, pk)
        for field in REPORTABLE
        if (pk := getattr(payload, f"{field}_id")) is not None
    ]
    if len(given) != 1:
        raise ValidationError({"post_id": ["Report a post, a comment or a review."]})
    [(field, pk)] = given
    report = report_create(
        reporter=request.user,
        reason=payload.reason,
        details=payload.details,
        **{field: REPORTABLE[field](request, pk)},
    )
    return Status(201, report)


# Reviews of courses


def _own_review(request: HttpRequest, course_id: int) -> Review:
    review = review_own_get(
        user=request.user, course=review_course_get(pk=course_id, request=request)
    )
    if review is None:
        raise Http404
    return review


@router.get(
    "/courses/{course_id}/reviews",
    response=responses({200: list[ReviewOut]}),
    auth=optional_token_auth,
    url_name="community_course_review_list",
)
@paginate(PagePagination)
def course_review_list(request: HttpRequest, course_id: Id):
    """A course's reviews (those shown, and my own), mine first, then the
    newest. The course's rating is on the course itself."""
    course = review_course_get(pk=course_id, request=request)
    return review_list(user=request.user, course=course).select_related("course")


@router.get(
    "/courses/{course_id}/reviews/mine",
    response=responses({200: ReviewOut}),
    url_name="community_course_review_mine",
)
def course_review_mine(request: HttpRequest, course_id: Id):
    """My review of the course (404 until I write one)."""
    return _own_review(request, course_id)


@router.put(
    "/courses/{course_id}/reviews/mine",
    response=responses({200: ReviewOut}),
    url_name="community_course_review_mine",
)
def course_review_save(request: HttpRequest, course_id: Id, payload: ReviewIn):
    """Rate and review a course, or change my review: a student of it who has
    completed enough of it may (REVIEW_MIN_PROGRESS percent of its lessons)."""
    return review_save(
        author=request.user,
        course=review_course_get(pk=course_id, request=request),
        rating=payload.rating,
        body=payload.body,
    )


@router.delete(
    "/courses/{course_id}/reviews/mine",
    response=responses({204: None}),
    url_name="community_course_review_mine",
)
def course_review_remove(request: HttpRequest, course_id: Id):
    """Delete my review of the course."""
    review_delete(review=_own_review(request, course_id), user=request.user)
    return Status(204, None)


@router.put(
    "/reviews/{review_id}/reply",
    response=responses({200: ReviewOut}),
    url_name="community_review_reply",
)
def review_reply_save(request: HttpRequest, review_id: Id, payload: ReviewReplyIn):
    """Reply to a review of a course I teach, or change the reply (one a review)."""
    return review_reply(
        review=_review(request, review_id), user=request.user, body=payload.body
    )
