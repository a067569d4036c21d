"""
What members and moderators do in the community, whichever door it comes
through (a page, the API, the admin, an account's deletion). Each service
asks `access.py` first and raises PermissionDenied with the reason when
the user may not act, and ValidationError for bad input (too fast:
code "rate_limited"). Bodies are rendered to HTML on every write.

The members a post or comment concerns are notified in the same
transaction (only emails wait): never the one who acted, never anyone who
may not see the post, once each per event.
"""

from collections.abc import Iterable
from datetime import timedelta
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import Page

from courses.access import user_list_teaching
from courses.models import CoursePage, CourseRating, LessonPage
from courses.viewer import Viewer
from media_library.models import MediaAsset
from members.models import User
from members.ratelimit import rate_limit_hit, rate_parse
from members.selectors import user_list_by_handles
from notifications.models import Notification
from notifications.services import notification_send

from .access import (
    answer_accept_refusal,
    comment_visible_to,
    comment_write_refusal,
    delete_refusal,
    edit_refusal,
    like_refusal,
    mute_refusal,
    noun_of,
    post_edit_refusal,
    post_visible_to,
    post_write_refusal,
    report_refusal,
    review_delete_refusal,
    review_reply_refusal,
    review_visible_to,
    review_write_refusal,
    user_is_author,
    user_moderates_community,
    user_moderates_place,
    user_moderates_post,
)
from .markdown import markdown_render, mention_handles
from .models import (
    COMMENT_MAX_LENGTH,
    POST_MAX_LENGTH,
    REVIEW_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Comment,
    Like,
    Mute,
    Post,
    Report,
    Review,
    Revision,
    Status,
)
from .selectors import review_summary

TAGS_MAX = 5
TAG_MAX_LENGTH = 30
ATTACHMENTS_MAX = 10
# A body may name many members; only so many of them are notified.
MENTIONS_NOTIFIED_MAX = 10
MUTE_LONGEST = timedelta(days=30)
REPORT_DETAILS_MAX_LENGTH = Report._meta.get_field("details").max_length

# The admin log's actions, for `register_log_actions`: (label, past tense).
LOG_ACTIONS = {
    "community.hide": ("Hide", "Hidden"),
    "community.unhide": ("Unhide", "Unhidden"),
    "community.approve": ("Approve", "Approved"),
    "community.lock": ("Lock the thread", "Thread locked"),
    "community.unlock": ("Unlock the thread", "Thread unlocked"),
    "community.mute": ("Mute the member", "Member muted"),
    "community.unmute": ("End the mute", "Mute ended"),
    "community.report.hidden": ("Hide", "Report upheld: hidden"),
    "community.report.muted": ("Mute the author", "Report upheld: author muted"),
    "community.report.dismissed": ("Dismiss", "Report dismissed"),
}


# Posts


def post_create(
    *,
    author: User,
    title: str,
    body: str,
    course: CoursePage | None = None,
    lesson: LessonPage | None = None,
    tags: Iterable[str] = (),
    attachments: Iterable[MediaAsset] = (),
) -> Post:
    """
    A post in the feed (no course), on a course's board (a course) or a
    question under a lesson (a lesson; its course follows). A new member's
    first posts wait for a moderator when COMMUNITY_HOLD_FIRST_POSTS says so;
    nobody hears of a held post until it is approved.
    """
    if lesson is not None:
        course = lesson.get_course()
    if refusal := post_write_refusal(user=author, course=course, lesson=lesson):
        raise PermissionDenied(refusal)
    title, body = _clean_title(title), _clean_body(body, POST_MAX_LENGTH)
    tags, attachments = _clean_tags(tags), _clean_attachments(author, attachments)
    _rate_check(action="post", user=author, rate=settings.COMMUNITY_POST_RATE)
    mentioned = mention_map(body)
    post = Post(
        author=author,
        course=course,
        lesson=lesson,
        title=title,
        body=body,
        body_html=markdown_render(body, mentions=mentioned),
        status=Status.HELD if _held(author=author, course=course) else Status.PUBLISHED,
    )
    post.full_clean()
    with transaction.atomic():
        post.save()
        post.tags.set(tags)
        post.attachments.set(attachments)
        if post.is_published:
            _post_notify_new(post=post, mentioned=mentioned.values())
    return post


def post_update(
    *,
    post: Post,
    user: User,
    title: str,
    body: str,
    tags: Iterable[str],
    attachments: Iterable[MediaAsset],
) -> Post:
    """The author's edit: the earlier version is kept for moderators, and
    members newly mentioned are told."""
    if refusal := post_edit_refusal(user=user, post=post):
        raise PermissionDenied(refusal)
    title, body = _clean_title(title), _clean_body(body, POST_MAX_LENGTH)
    tags, attachments = _clean_tags(tags), _clean_attachments(user, attachments)
    _rate_check(action="post_edit", user=user, rate=settings.COMMUNITY_POST_RATE)
    old_handles = set(mention_handles(post.body))
    mentioned = mention_map(body)
    with transaction.atomic():
        if (title, body) != (post.title, post.body):
            Revision.objects.create(
                post=post,
                title=post.title,
                body=post.body,
                written_at=post.edited_at or post.created_at,
            )
            post.edited_at = timezone.now()
        post.title, post.body = title, body
        post.body_html = markdown_render(body, mentions=mentioned)
        post.full_clean()
        post.save()
        post.tags.set(tags)
        post.attachments.set(attachments)
        if post.is_published:
            _mentions_notify(
                post=post,
                users=[u for h, u in mentioned.items() if h not in old_handles],
                actor=user,
                url=post.get_absolute_url(),
            )
    return post


def post_delete(*, post: Post, user: User) -> None:
    """Its author or its moderators delete a post, with its whole thread."""
    if refusal := delete_refusal(user=user, target=post):
        raise PermissionDenied(refusal)
    post.delete()


def question_courses_sync(*, page: Page) -> int:
    """
    Keep lesson questions with their lessons' course when pages move: the
    questions under a moved lesson or module follow it to the course it is
    in now (who reads and moderates them is that course's to say). How many
    moved.
    """
    # A moved course takes its lessons along: only what moved within or
    # between courses changes course.
    course = CoursePage.objects.ancestor_of(page).first()
    if course is None:
        return 0
    lessons = LessonPage.objects.descendant_of(page, inclusive=True)
    return (
        Post.objects.filter(lesson__in=lessons.values("pk"))
        .exclude(course=course)
        .update(course=course)
    )


# Comments


def comment_create(
    *, post: Post, author: User, body: str, parent: Comment | None = None
) -> Comment:
    """
    A comment on the post, or a reply to one of its comments (a reply to a
    reply answers the comment above it: one level only). The post's author
    hears of it (an answer, on a lesson question), the comment's author of a
    reply, and the members mentioned.
    """
    if refusal := comment_write_refusal(user=author, post=post):
        raise PermissionDenied(refusal)
    if parent is not None:
        if parent.post_id != post.pk:
            raise ValidationError("You can only reply to a comment of this post.")
        if parent.parent_id is not None:
            parent = parent.parent
        if parent.is_deleted or not parent.is_published:
            raise ValidationError("This comment no longer takes replies.")
    body = _clean_body(body, COMMENT_MAX_LENGTH)
    _rate_check(action="comment", user=author, rate=settings.COMMUNITY_COMMENT_RATE)
    mentioned = mention_map(body)
    comment = Comment(
        post=post,
        parent=parent,
        author=author,
        body=body,
        body_html=markdown_render(body, mentions=mentioned),
    )
    comment.full_clean()
    with transaction.atomic():
        comment.save()
        _comment_notify_new(comment=comment, mentioned=mentioned.values())
    return comment


def comment_update(*, comment: Comment, user: User, body: str) -> Comment:
    """The author's edit, the earlier version kept for moderators."""
    if refusal := edit_refusal(user=user, target=comment) or comment_write_refusal(
        user=user, post=comment.post
    ):
        raise PermissionDenied(refusal)
    body = _clean_body(body, COMMENT_MAX_LENGTH)
    if body == comment.body:
        return comment
    _rate_check(action="comment_edit", user=user, rate=settings.COMMUNITY_COMMENT_RATE)
    old_handles = set(mention_handles(comment.body))
    mentioned = mention_map(body)
    with transaction.atomic():
        Revision.objects.create(
            comment=comment,
            body=comment.body,
            written_at=comment.edited_at or comment.created_at,
        )
        comment.body = body
        comment.body_html = markdown_render(body, mentions=mentioned)
        comment.edited_at = timezone.now()
        comment.full_clean()
        comment.save()
        if comment.is_published:
            _mentions_notify(
                post=comment.post,
                users=[u for h, u in mentioned.items() if h not in old_handles],
                actor=user,
                url=comment.get_absolute_url(),
            )
    return comment


def comment_delete(*, comment: Comment, user: User) -> None:
    """Its author or the post's moderators delete a comment."""
    if refusal := delete_refusal(user=user, target=comment):
        raise PermissionDenied(refusal)
    _comment_remove(comment)


def _comment_remove(comment: Comment) -> None:
    """
    A comment with replies stays as an empty placeholder, so that the
    thread still reads; one without goes, and so does its parent's
    placeholder once its last reply has gone.
    """
    with transaction.atomic():
        if comment.replies.exists():
            comment.deleted_at = timezone.now()
            comment.body = comment.body_html = ""
            comment.save(update_fields=["deleted_at", "body", "body_html"])
            comment.revisions.all().delete()
            comment.likes.all().delete()
            Post.objects.filter(accepted_answer=comment).update(accepted_answer=None)
            return
        parent = comment.parent
        comment.delete()
        if parent is not None and parent.is_deleted and not parent.replies.exists():
            parent.delete()


# Likes, answers, reports


def like_create(
    *, user: User, post: Post | None = None, comment: Comment | None = None
) -> None:
    """Like a post or comment; liking it again changes nothing."""
    target_field = _like_check(user=user, post=post, comment=comment)
    try:
        with transaction.atomic():
            Like.objects.create(user=user, **target_field)
    except IntegrityError:
        # Liked already, maybe at the same moment by another request of theirs.
        pass


def like_delete(
    *, user: User, post: Post | None = None, comment: Comment | None = None
) -> None:
    """Take one's like of a post or comment back; if there is none, nothing
    changes."""
    target_field = _like_check(user=user, post=post, comment=comment)
    Like.objects.filter(user=user, **target_field).delete()


def like_toggle(
    *, user: User, post: Post | None = None, comment: Comment | None = None
) -> bool:
    """Like a post or comment, or take the like back: whether it is liked now."""
    target_field = _like_field(post=post, comment=comment)
    liked = (
        user.is_authenticated
        and Like.objects.filter(user=user, **target_field).exists()
    )
    if liked:
        like_delete(user=user, post=post, comment=comment)
    else:
        like_create(user=user, post=post, comment=comment)
    return not liked


def _like_field(*, post: Post | None, comment: Comment | None) -> dict:
    _one_target(post=post, comment=comment)
    return {"post": post} if post is not None else {"comment": comment}


def _like_check(*, user: User, post: Post | None, comment: Comment | None) -> dict:
    """Whether `user` may like the post or comment, or take the like back
    (else refused), counted against the rate: its `Like` filter."""
    target_field = _like_field(post=post, comment=comment)
    target = post or comment
    thread = post or comment.post
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied("Sign in to like.")
    if not _target_visible(user=user, target=target):
        raise PermissionDenied("You may not see this.")
    if refusal := like_refusal(user=user, target=target):
        if user_is_author(user=user, target=target):
            raise ValidationError(refusal, code="own_content")
        raise PermissionDenied(refusal)
    if refusal := mute_refusal(user=user, course=thread.course):
        raise PermissionDenied(refusal)
    _rate_check(action="like", user=user, rate=settings.COMMUNITY_LIKE_RATE)
    return target_field


def answer_accept(*, post: Post, comment: Comment, user: User) -> Post:
    """The asker or a teacher of the course marks an answer to a lesson
    question as the accepted one (replacing any other)."""
    _answer_check(post=post, user=user)
    if (
        comment.post_id != post.pk
        or comment.parent_id is not None
        or comment.is_deleted
        or not comment.is_published
    ):
        raise ValidationError("Only an answer to this question can be accepted.")
    if post.accepted_answer_id == comment.pk:
        return post
    with transaction.atomic():
        post.accepted_answer = comment
        post.save(update_fields=["accepted_answer"])
        if comment.author is not None and _sees(comment.author, post):
            notification_send(
                recipient=comment.author,
                kind="community.accepted",
                text=f"{user.name} accepted your answer to “{post.title}”",
                url=comment.get_absolute_url(),
                actor=user,
            )
    return post


def answer_unaccept(*, post: Post, user: User) -> Post:
    _answer_check(post=post, user=user)
    post.accepted_answer = None
    post.save(update_fields=["accepted_answer"])
    return post


def _answer_check(*, post: Post, user: User) -> None:
    if post.kind != Post.Kind.QUESTION:
        raise ValidationError("Only lesson questions have accepted answers.")
    if refusal := answer_accept_refusal(user=user, post=post):
        raise PermissionDenied(refusal)


def report_create(
    *,
    reporter: User,
    reason: str,
    details: str = "",
    post: Post | None = None,
    comment: Comment | None = None,
    review: Review | None = None,
) -> Report:
    """A member flags a post, comment or review they see (not their own) once."""
    target = _one_target(post=post, comment=comment, review=review)
    if not (reporter.is_authenticated and reporter.is_active):
        raise PermissionDenied("Sign in to report.")
    if not _target_visible(user=reporter, target=target):
        raise PermissionDenied("You may not see this.")
    if refusal := report_refusal(user=reporter, target=target):
        raise PermissionDenied(refusal)
    noun = noun_of(target)
    if reason not in Report.Reason.values:
        raise ValidationError("Choose a reason for the report.", code="invalid")
    details = (details or "").strip()
    if len(details) > REPORT_DETAILS_MAX_LENGTH:
        raise ValidationError(
            f"Say it in at most {REPORT_DETAILS_MAX_LENGTH} characters.",
            code="max_length",
        )
    report = Report(
        reporter=reporter,
        post=post,
        comment=comment,
        review=review,
        reason=reason,
        details=details,
    )
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ValidationError(
            f"You have already reported this {noun}.", code="duplicate"
        ) from None
    return report


# Moderation


def contribution_hide(*, target: Post | Comment | Review, moderator: User) -> None:
    """Hidden: only its author (told so) and its moderators still see it."""
    _moderation_check(target=target, moderator=moderator)
    if target.status == Status.HIDDEN:
        return
    _status_set(target=target, status=Status.HIDDEN, moderator=moderator)
    log(instance=target, action="community.hide", user=moderator)


def contribution_unhide(*, target: Post | Comment | Review, moderator: User) -> None:
    _moderation_check(target=target, moderator=moderator)
    if target.status != Status.HIDDEN:
        raise ValidationError(f"This {noun_of(target)} is not hidden.")
    _status_set(target=target, status=Status.PUBLISHED, moderator=moderator)
    log(instance=target, action="community.unhide", user=moderator)


def post_approve(*, post: Post, moderator: User) -> Post:
    """A held post goes out, and those it concerns hear of it now."""
    _moderation_check(target=post, moderator=moderator)
    if post.status != Status.HELD:
        raise ValidationError("This post is not waiting for review.")
    with transaction.atomic():
        _status_set(target=post, status=Status.PUBLISHED, moderator=moderator)
        log(instance=post, action="community.approve", user=moderator)
        _post_notify_new(post=post, mentioned=mention_map(post.body).values())
    return post


def post_lock(*, post: Post, moderator: User) -> Post:
    """A locked thread takes no more comments, but from its moderators."""
    _moderation_check(target=post, moderator=moderator)
    if not post.is_locked:
        post.locked_at = timezone.now()
        post.save(update_fields=["locked_at"])
        log(instance=post, action="community.lock", user=moderator)
    return post


def post_unlock(*, post: Post, moderator: User) -> Post:
    _moderation_check(target=post, moderator=moderator)
    if post.is_locked:
        post.locked_at = None
        post.save(update_fields=["locked_at"])
        log(instance=post, action="community.unlock", user=moderator)
    return post


def member_mute(
    *,
    user: User,
    moderator: User,
    minutes: int,
    course: CoursePage | None = None,
    reason: str = "",
) -> Mute:
    """
    Keep a member from posting, commenting and liking for a while: in one
    course (its teachers may, there) or everywhere (community moderators).
    """
    if not user_moderates_place(user=moderator, course=course):
        raise PermissionDenied(
            "Only community moderators mute members everywhere."
            if course is None
            else "Only the course's teachers mute members there."
        )
    if user_moderates_place(user=user, course=course):
        raise ValidationError("Moderators cannot be muted.", code="moderator")
    if not 1 <= minutes <= MUTE_LONGEST.total_seconds() // 60:
        raise ValidationError("Mute for between a minute and 30 days.")
    mute = Mute(
        user=user,
        course=course,
        until=timezone.now() + timedelta(minutes=minutes),
        reason=(reason or "").strip(),
        muted_by=moderator,
    )
    mute.full_clean()
    mute.save()
    log(
        instance=mute,
        action="community.mute",
        user=moderator,
        data={"until": mute.until.isoformat()},
    )
    return mute


def mute_end(*, mute: Mute, moderator: User) -> Mute:
    """End a mute early: who may mute there may end it."""
    if not user_moderates_place(
        user=moderator, course=mute.course if mute.course_id else None
    ):
        raise PermissionDenied("Only moderators end mutes.")
    now = timezone.now()
    if mute.until > now:
        mute.until = now
        mute.save(update_fields=["until"])
        log(instance=mute, action="community.unmute", user=moderator)
    return mute


def report_resolve(*, report: Report, moderator: User, verdict: str) -> int:
    """
    Close every open report on the report's post or comment with the
    moderator's verdict, each logged; "hidden" hides it too (muting takes
    `member_mute` first, for how long). How many reports were closed.
    """
    target = report.target
    _moderation_check(target=target, moderator=moderator)
    if verdict not in Report.Verdict.values:
        raise ValidationError("Choose a verdict.")
    with transaction.atomic():
        if verdict == Report.Verdict.HIDDEN:
            contribution_hide(target=target, moderator=moderator)
        target_field = {
            field: getattr(report, f"{field}_id")
            for field in ("post", "comment", "review")
            if getattr(report, f"{field}_id")
        }
        reports = list(
            Report.objects.select_for_update().filter(
                resolved_at__isnull=True, **target_field
            )
        )
        if not reports:
            raise ValidationError("These reports are already resolved.")
        now = timezone.now()
        for open_report in reports:
            open_report.resolved_at, open_report.resolved_by = now, moderator
            open_report.verdict = verdict
            open_report.save(update_fields=["resolved_at", "resolved_by", "verdict"])
            # One entry each: Wagtail's history shows one per request and action.
            log(
                instance=open_report,
                action=f"community.report.{verdict}",
                user=moderator,
                uuid=uuid4(),
            )
    return len(reports)


# Reviews of courses


@transaction.atomic
def review_save(
    *, author: User, course: CoursePage, rating: int, body: str = ""
) -> Review:
    """
    The author's stars (1 to 5) and words for a course they may review
    (`review_write_refusal`): their review, written or changed. A hidden
    review stays hidden when edited.
    """
    if refusal := review_write_refusal(user=author, course=course):
        raise PermissionDenied(refusal)
    if rating not in range(1, 6):
        raise ValidationError("Rate the course with 1 to 5 stars.", code="invalid")
    body = _clean_body(body, REVIEW_MAX_LENGTH, required=False)
    _rate_check(action="review", user=author, rate=settings.COMMUNITY_REVIEW_RATE)
    written = {"rating": rating, "body": body, "body_html": markdown_render(body)}
    review, _created = Review.objects.update_or_create(
        course=course,
        author=author,
        defaults={**written, "edited_at": timezone.now()},
        create_defaults=written,
    )
    course_rating_refresh(course=course)
    return review


@transaction.atomic
def review_delete(*, review: Review, user: User) -> None:
    """The author takes their review back (`review_delete_refusal`)."""
    if refusal := review_delete_refusal(user=user, review=review):
        raise PermissionDenied(refusal)
    review.delete()
    course_rating_refresh(course=review.course)


def review_reply(*, review: Review, user: User, body: str) -> Review:
    """
    A teacher of the course answers the review: one reply a review, which
    they (or another of its teachers) may change. The reviewer is told.
    """
    if refusal := review_reply_refusal(user=user, review=review):
        raise PermissionDenied(refusal)
    body = _clean_body(body, REVIEW_MAX_LENGTH)
    _rate_check(action="review", user=user, rate=settings.COMMUNITY_REVIEW_RATE)
    first = not review.reply
    review.reply, review.reply_html = body, markdown_render(body)
    review.replied_by, review.replied_at = user, timezone.now()
    with transaction.atomic():
        review.save(update_fields=["reply", "reply_html", "replied_by", "replied_at"])
        if first:
            notification_send(
                recipient=review.author,
                kind="community.review_reply",
                text=f"{user.name} replied to your review of “{review.course.title}”",
                url=review.get_absolute_url(),
                actor=user,
            )
    return review


def course_rating_refresh(*, course: CoursePage) -> CourseRating:
    """
    The course's rating from its shown reviews, as they are now. Its row is
    locked first, so that reviews written at the same moment are summed up
    one after the other (each sees the others once they are committed); it
    is saved only when it changes, for saving it empties the page cache.
    """
    with transaction.atomic():
        CourseRating.objects.get_or_create(course=course)
        rating = CourseRating.objects.select_for_update().get(course=course)
        summary = review_summary(course=course)
        if (rating.count, rating.average) != (summary.count, summary.average):
            rating.count, rating.average = summary.count, summary.average
            rating.save()
    return rating


# Accounts


def community_data_delete(*, user: User) -> None:
    """
    What goes with a deleted account: its likes, reports and reviews (the
    courses' ratings are summed up again without them); its comments, but
    those others replied to, which stay as placeholders; its posts, but
    those others commented on, which stay without an author or history.
    """
    with transaction.atomic():
        Like.objects.filter(user=user).delete()
        Report.objects.filter(reporter=user).delete()
        reviewed = list(CoursePage.objects.filter(reviews__author=user))
        Review.objects.filter(author=user).delete()
        for course in reviewed:
            course_rating_refresh(course=course)
        # Replies first, so that a comment whose replies were all theirs goes.
        comments = Comment.objects.filter(author=user).order_by(
            F("parent_id").asc(nulls_last=True)
        )
        for comment in comments.select_related("parent"):
            _comment_remove(comment)
        Comment.objects.filter(author=user).update(author=None)
        posts = Post.objects.filter(author=user)
        discussed = posts.filter(comments__isnull=False).distinct()
        Revision.objects.filter(post__in=discussed).delete()
        discussed.update(author=None)
        posts.delete()


def body_preview(*, user: User, body: str) -> str:
    """A body as it will show, for the forms' "Preview" button: as often as
    one may comment (COMMUNITY_COMMENT_RATE), since each renders Markdown
    and looks up the members it mentions."""
    _rate_check(action="preview", user=user, rate=settings.COMMUNITY_COMMENT_RATE)
    return markdown_render(body, mentions=mention_map(body))


# Shared


def mention_map(text: str) -> dict[str, User]:
    """The members a body mentions by `@handle`: each known handle,
    lower-cased, to its member."""
    handles = mention_handles(text)
    if not handles:
        return {}
    return {user.handle.lower(): user for user in user_list_by_handles(handles=handles)}


def _post_notify_new(*, post: Post, mentioned: Iterable[User]) -> None:
    """A new lesson question goes to the course's teachers; mentions to
    those mentioned (but the teachers, who heard already)."""
    url = post.get_absolute_url()
    told = {None, post.author_id}
    if post.kind == Post.Kind.QUESTION:
        course = post.course
        for teacher in user_list_teaching(course=course):
            told.add(teacher.pk)
            if _sees(teacher, post):
                notification_send(
                    recipient=teacher,
                    kind="community.question",
                    text=f"New question in {course.title}: “{post.title}”",
                    url=url,
                    actor=post.author,
                )
    _mentions_notify(
        post=post,
        users=[user for user in mentioned if user.pk not in told],
        actor=post.author,
        url=url,
    )


def _comment_notify_new(*, comment: Comment, mentioned: Iterable[User]) -> None:
    post, actor = comment.post, comment.author
    url = comment.get_absolute_url()
    told = {None, actor.pk}
    if post.author is not None and post.author_id not in told:
        told.add(post.author_id)
        if _sees(post.author, post):
            if post.kind == Post.Kind.QUESTION and comment.parent_id is None:
                kind, text = "community.answer", "answered your question"
            else:
                kind, text = "community.reply", "replied to your post"
            notification_send(
                recipient=post.author,
                kind=kind,
                text=f"{actor.name} {text} “{post.title}”",
                url=url,
                actor=actor,
            )
    parent = comment.parent
    if parent is not None and parent.author_id not in told:
        told.add(parent.author_id)
        if _sees(parent.author, post):
            notification_send(
                recipient=parent.author,
                kind="community.reply",
                text=f"{actor.name} replied to your comment on “{post.title}”",
                url=url,
                actor=actor,
            )
    _mentions_notify(
        post=post,
        users=[user for user in mentioned if user.pk not in told],
        actor=actor,
        url=url,
    )


def _mentions_notify(
    *, post: Post, users: Iterable[User], actor: User | None, url: str
) -> None:
    """
    Tell the members mentioned, those who may see the post, and only so
    many; each hears of a mention at `url` (a post or a comment) once ever,
    however often an edit takes their name out and puts it back.
    """
    name = actor.name if actor else "Someone"
    users = list(users)[:MENTIONS_NOTIFIED_MAX]
    already_told = set(
        Notification.objects.filter(
            kind="community.mention", url=url, recipient__in=users
        ).values_list("recipient_id", flat=True)
    )
    for user in users:
        if user.pk not in already_told and _sees(user, post):
            notification_send(
                recipient=user,
                kind="community.mention",
                text=f"{name} mentioned you in “{post.title}”",
                url=url,
                actor=actor,
            )


def _sees(user: User, post: Post) -> bool:
    return post_visible_to(viewer=Viewer(user=user), post=post)


def _target_visible(*, user: User, target: Post | Comment | Review) -> bool:
    if isinstance(target, Review):
        return review_visible_to(user=user, review=target)
    if isinstance(target, Post):
        return _sees(user, target)
    return (
        _sees(user, target.post)
        and not target.is_deleted
        and comment_visible_to(user=user, comment=target)
    )


def _one_target(
    *, post: Post | None, comment: Comment | None, review: Review | None = None
) -> Post | Comment | Review:
    given = [target for target in (post, comment, review) if target is not None]
    if len(given) != 1:
        raise ValueError("Give one post, comment or review.")
    return given[0]


def _moderation_check(*, target: Post | Comment | Review, moderator: User) -> None:
    if isinstance(target, Review):
        # Not the course's teachers: the reviews are of their own course.
        moderates = user_moderates_community(user=moderator)
    else:
        post = target if isinstance(target, Post) else target.post
        moderates = user_moderates_post(user=moderator, post=post)
    if not moderates:
        raise PermissionDenied("Only moderators can do this.")


def _status_set(
    *, target: Post | Comment | Review, status: str, moderator: User
) -> None:
    target.status = status
    target.moderated_at, target.moderated_by = timezone.now(), moderator
    target.save(update_fields=["status", "moderated_at", "moderated_by"])
    if isinstance(target, Review):
        course_rating_refresh(course=target.course)


def _held(*, author: User, course: CoursePage | None) -> bool:
    """Whether the author's new post waits for review: fewer published posts
    than COMMUNITY_HOLD_FIRST_POSTS, and not a moderator of the place."""
    hold = settings.COMMUNITY_HOLD_FIRST_POSTS
    if hold <= 0:
        return False
    if user_moderates_place(user=author, course=course):
        return False
    published = Post.objects.filter(author=author, status=Status.PUBLISHED)
    return published.count() < hold


def _rate_check(*, action: str, user: User, rate: str) -> None:
    limit, seconds = rate_parse(rate)
    if rate_limit_hit(
        key=f"community:{action}:{user.pk}", limit=limit, seconds=seconds
    ):
        raise ValidationError(
            "You are doing that too often; wait a few minutes and try again.",
            code="rate_limited",
        )


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError("Give your post a title.", code="required")
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            f"Titles may be at most {TITLE_MAX_LENGTH} characters long.",
            code="max_length",
        )
    return title


def _clean_body(body: str, max_length: int, *, required: bool = True) -> str:
    body = (body or "").strip()
    if required and not body:
        raise ValidationError("Write something first.", code="required")
    if len(body) > max_length:
        raise ValidationError(
            f"Write at most {max_length} characters (this is {len(body)}).",
            code="max_length",
        )
    return body


def _clean_tags(tags: Iterable[str]) -> list[str]:
    cleaned = list(dict.fromkeys(t.strip().lower() for t in tags if t.strip()))
    if len(cleaned) > TAGS_MAX:
        raise ValidationError(f"Use at most {TAGS_MAX} tags.", code="max_tags")
    if any(len(tag) > TAG_MAX_LENGTH for tag in cleaned):
        raise ValidationError(
            f"Tags may be at most {TAG_MAX_LENGTH} characters long.",
            code="max_length",
        )
    return cleaned


def _clean_attachments(author: User, attachments: Iterable[MediaAsset]) -> list:
    attachments = list(dict.fromkeys(attachments))
    if len(attachments) > ATTACHMENTS_MAX:
        raise ValidationError(
            f"Attach at most {ATTACHMENTS_MAX} files.", code="max_attachments"
        )
    if any(asset.owner_id != author.pk for asset in attachments):
        raise ValidationError(
            "You can only attach media from your own library.", code="not_owner"
        )
    return attachments
