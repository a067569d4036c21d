"""
The community's pages: the feed, a course's board, a post with its
comments, and the forms and buttons that write. Views parse, call a
service or selector, and render; who may do what is `access.py`'s to say
and the services' to enforce. A refusal is shown in words, with the status
that says why: 403 not allowed, 400 bad input, 429 too fast.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods, require_POST

from courses.access import user_teaches_course
from courses.models import CoursePage
from courses.viewer import Viewer, viewer_from_request
from media_library.access import asset_list_visible_to
from members.models import User

from .access import (
    answer_accept_refusal,
    comment_write_refusal,
    delete_refusal,
    edit_refusal,
    like_refusal,
    likers_refusal,
    mute_active,
    noun_of,
    post_edit_refusal,
    post_write_refusal,
    report_refusal,
    user_moderates_community,
    user_moderates_post,
)
from .forms import (
    BoardFilterForm,
    CommentForm,
    FeedFilterForm,
    MuteForm,
    PostForm,
    PreviewForm,
    ReportForm,
)
from .models import Comment, Post, Review
from .refusals import (
    refusal_told,
    refusals_shown,
    refused,
    validation_error_status,
)
from .selectors import (
    board_get,
    comment_get_in_thread,
    comment_get_visible,
    like_list,
    post_get_visible,
    post_list,
    tag_list_popular,
    thread,
)
from .services import (
    answer_accept,
    answer_unaccept,
    body_preview,
    comment_create,
    comment_delete,
    comment_update,
    contribution_hide,
    contribution_unhide,
    like_toggle,
    member_mute,
    post_approve,
    post_create,
    post_delete,
    post_lock,
    post_unlock,
    post_update,
    report_create,
)

PER_PAGE = 20


def _refuse_unless_allowed(refusal: str) -> None:
    """A page whose action `access.py` refuses is refused itself."""
    if refusal:
        raise PermissionDenied(refusal)


def _actions_marked(*, user, post: Post, comments: list[Comment]) -> None:
    """What the viewer may do with each comment of a thread (`thread`'s
    top-level comments and their replies), as `access.py` says, for its
    buttons: `may_edit`, `may_delete`, `may_report`, `may_like`,
    `may_see_likers`, `may_mute` (its author)."""
    moderates = user_moderates_post(user=user, post=post)
    for comment in (c for top in comments for c in (top, *top.reply_list)):
        comment.may_edit = not edit_refusal(user=user, target=comment)
        comment.may_delete = not delete_refusal(user=user, target=comment)
        comment.may_report = not report_refusal(user=user, target=comment)
        comment.may_like = not like_refusal(user=user, target=comment)
        comment.may_see_likers = not likers_refusal(user=user, target=comment)
        comment.may_mute = _may_mute_author(
            user=user, target=comment, moderates=moderates
        )


def _may_mute_author(*, user, target: Post | Comment, moderates: bool) -> bool:
    """Whether to offer "Mute the author": to the moderators of its post, for
    another member's contribution (`member_mute` says whether they may be)."""
    return moderates and target.author_id is not None and target.author_id != user.pk


def _htmx(request: HttpRequest) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


# Listings


def _post_listing(
    request: HttpRequest,
    *,
    form: BoardFilterForm,
    course: CoursePage | None,
    template: str,
) -> HttpResponse:
    """A page of posts, newest or most liked first; HTMX asks for the next."""
    viewer = viewer_from_request(request)
    filters = {"tag": "", "sort": "new"}
    status = 200
    if form.is_valid():
        filters["tag"] = form.cleaned_data["tag"]
        filters["sort"] = form.cleaned_data["sort"] or "new"
        course = course or form.cleaned_data.get("course")
    elif form.is_bound:
        status = 400
    posts = Paginator(
        post_list(viewer=viewer, course=course, **filters), PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {"form": form, "posts": posts, "course": course, **filters}
    if _htmx(request):
        template = "community/partials/post_page.html"
    else:
        context["tags"] = tag_list_popular(viewer=viewer)
        context["write_refusal"] = (
            post_write_refusal(user=request.user, course=course)
            if request.user.is_authenticated
            else ""
        )
    response = TemplateResponse(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def feed(request: HttpRequest) -> HttpResponse:
    """The community: the site-wide feed and the boards of my courses."""
    form = FeedFilterForm(request.GET or None, user=request.user)
    return _post_listing(
        request, form=form, course=None, template="community/feed.html"
    )


def board(request: HttpRequest, course_pk: int) -> HttpResponse:
    """A course's discussion board, for its members, teachers and admins."""
    course = board_get(user=request.user, pk=course_pk)
    form = BoardFilterForm(request.GET or None)
    return _post_listing(
        request, form=form, course=course, template="community/board.html"
    )


# Posts


def _post_page(request: HttpRequest, *, viewer: Viewer, post: Post) -> HttpResponse:
    """A post, its attachments that the media rules show, and its thread."""
    user = request.user
    comments = thread(viewer=viewer, post=post)
    moderates = user_moderates_post(user=user, post=post)
    _actions_marked(user=user, post=post, comments=comments)
    context = {
        "post": post,
        "comments": comments,
        "attachments": asset_list_visible_to(viewer=viewer).filter(
            pk__in=post.attachments.values("pk")
        ),
        "author_teaches": bool(
            post.course_id
            and post.author
            and user_teaches_course(user=post.author, course=post.course)
        ),
        "moderates": moderates,
        "may_edit": not edit_refusal(user=user, target=post),
        "may_delete": not delete_refusal(user=user, target=post),
        "may_report": not report_refusal(user=user, target=post),
        "may_like": not like_refusal(user=user, target=post),
        "may_see_likers": not likers_refusal(user=user, target=post),
        "may_mute": _may_mute_author(user=user, target=post, moderates=moderates),
        "may_accept": not answer_accept_refusal(user=user, post=post),
        "comment_refusal": comment_write_refusal(user=user, post=post),
        "comment_form": CommentForm(post=post),
    }
    return TemplateResponse(request, "community/post_detail.html", context)


def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_from_request(request)
    post = post_get_visible(viewer=viewer, pk=pk)
    return _post_page(request, viewer=viewer, post=post)


def _post_form_page(
    request: HttpRequest, form: PostForm, *, post: Post | None = None, status: int = 200
) -> HttpResponse:
    return TemplateResponse(
        request, "community/post_form.html", {"form": form, "post": post}, status=status
    )


@require_http_methods(["GET", "POST"])
@login_required
@refusals_shown
def post_new(request: HttpRequest) -> HttpResponse:
    """Write a post in the feed or, ?course=<pk>, on one of my boards."""
    if request.method == "GET":
        form = PostForm(user=request.user, initial={"where": request.GET.get("course")})
        return _post_form_page(request, form)
    form = PostForm(request.POST, user=request.user)
    if not form.is_valid():
        return _post_form_page(request, form, status=400)
    data = form.cleaned_data
    try:
        post = post_create(
            author=request.user,
            title=data["title"],
            body=data["body"],
            course=form.course,
            tags=data["tags"],
            attachments=data.get("attachments") or (),
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _post_form_page(request, form, status=validation_error_status(error))
    if not post.is_published:
        messages.info(
            request, "Your post is held for review: others see it once approved."
        )
    return redirect(post)


def _own_post(request: HttpRequest, pk: int) -> Post:
    """The post its author may edit, there and now; else refused."""
    post = post_get_visible(viewer=viewer_from_request(request), pk=pk)
    _refuse_unless_allowed(post_edit_refusal(user=request.user, post=post))
    return post


@require_http_methods(["GET", "POST"])
@login_required
@refusals_shown
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = _own_post(request, pk)
    if request.method == "GET":
        form = PostForm(user=request.user, post=post)
        return _post_form_page(request, form, post=post)
    form = PostForm(request.POST, user=request.user, post=post)
    if not form.is_valid():
        return _post_form_page(request, form, post=post, status=400)
    data = form.cleaned_data
    try:
        post_update(
            post=post,
            user=request.user,
            title=data["title"],
            body=data["body"],
            tags=data["tags"],
            attachments=data.get("attachments") or (),
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _post_form_page(
            request, form, post=post, status=validation_error_status(error)
        )
    messages.success(request, "Your post is saved.")
    return redirect(post)


def _after_post_deleted(post: Post) -> str:
    if post.lesson_id:
        return post.lesson.url
    if post.course_id:
        return reverse("community:board", args=[post.course_id])
    return reverse("community:feed")


@require_http_methods(["GET", "POST"])
@login_required
@refusals_shown
def post_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a post, with its thread, once confirmed."""
    post = post_get_visible(viewer=viewer_from_request(request), pk=pk)
    _refuse_unless_allowed(delete_refusal(user=request.user, target=post))
    if request.method == "POST":
        post_delete(post=post, user=request.user)
        messages.success(request, f"“{post.title}” is deleted.")
        return redirect(_after_post_deleted(post))
    context = {"target": post, "kind": "post", "back": post.get_absolute_url()}
    return TemplateResponse(request, "community/confirm_delete.html", context)


def _like_response(
    request: HttpRequest,
    *,
    kind: str,
    target: Post | Comment,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    """The like button of a target annotated with like_count and liked."""
    context = {
        "kind": kind,
        "target": target,
        "like_count": target.like_count,
        "liked": target.liked,
        "can_like": True,
        "error": error,
    }
    return TemplateResponse(
        request, "community/partials/like_button.html", context, status=status
    )


def _like(request: HttpRequest, pk: int, *, kind: str, target_get) -> HttpResponse:
    """
    Like a post or comment (`target_get(viewer=, pk=)` finds it annotated),
    or take the like back: the button again (HTMX), or where it is.
    """
    viewer = viewer_from_request(request)
    target = target_get(viewer=viewer, pk=pk)
    try:
        like_toggle(user=request.user, **{kind: target})
    except (PermissionDenied, ValidationError) as error:
        if not _htmx(request):
            raise
        message, status = refusal_told(error)
        return _like_response(
            request, kind=kind, target=target, error=message, status=status
        )
    if not _htmx(request):
        return redirect(target.get_absolute_url())
    return _like_response(request, kind=kind, target=target_get(viewer=viewer, pk=pk))


@require_POST
@login_required
@refusals_shown
def post_like(request: HttpRequest, pk: int) -> HttpResponse:
    return _like(request, pk, kind="post", target_get=post_get_visible)


@login_required
@refusals_shown
def post_likes(request: HttpRequest, pk: int) -> HttpResponse:
    """Who liked the post: for its author and its moderators."""
    viewer = viewer_from_request(request)
    post = post_get_visible(viewer=viewer, pk=pk)
    context = {
        "target": post,
        "post": post,
        "members": like_list(viewer=viewer, post=post),
    }
    return TemplateResponse(request, "community/likes.html", context)


def report_view(
    request: HttpRequest, *, target: Post | Comment | Review, place: str, back: str
) -> HttpResponse:
    """
    The report form for a post, comment or review the member sees (`place`
    names where it is), and sending it; the member comes `back` after.
    """
    _refuse_unless_allowed(report_refusal(user=request.user, target=target))
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            try:
                report_create(
                    reporter=request.user,
                    reason=form.cleaned_data["reason"],
                    details=form.cleaned_data["details"],
                    **{noun_of(target): target},
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
                status = validation_error_status(error)
            else:
                messages.success(request, "Thank you: the moderators will look at it.")
                return redirect(back)
    context = {
        "noun": noun_of(target),
        "place": place,
        "back": back,
        "form": form,
    }
    return TemplateResponse(
        request, "community/report_form.html", context, status=status
    )


@require_http_methods(["GET", "POST"])
@login_required
@refusals_shown
def post_report(request: HttpRequest, pk: int) -> HttpResponse:
    post = post_get_visible(viewer=viewer_from_request(request), pk=pk)
    return report_view(
        request, target=post, place=post.title, back=post.get_absolute_url()
    )


def button_view(
    find: Callable[[HttpRequest, int], Post | Comment | Review],
    act: Callable[[HttpRequest, Post | Comment | Review], str],
) -> Callable[..., HttpResponse]:
    """
    A button on a post, comment or review (a POST): `find` it (404 for who
    may not see it), `act` on it through a service, tell what `act` says
    was done, and go back to it.
    """

    @require_POST
    @login_required
    @refusals_shown
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        target = find(request, pk)
        back = target.get_absolute_url()  # before a deletion takes its id
        messages.success(request, act(request, target))
        return redirect(back)

    return view


def _visible_post(request: HttpRequest, pk: int) -> Post:
    return post_get_visible(viewer=viewer_from_request(request), pk=pk)


def _moderation(
    action: Callable[[Post, User], object], done: str
) -> Callable[..., HttpResponse]:
    """A moderator's button on a post: the service, then the post again."""

    def act(request: HttpRequest, post: Post) -> str:
        action(post, request.user)
        return done

    return button_view(_visible_post, act)


post_hide = _moderation(
    lambda post, user: contribution_hide(target=post, moderator=user),
    "The post is hidden.",
)
post_unhide = _moderation(
    lambda post, user: contribution_unhide(target=post, moderator=user),
    "The post is shown again.",
)
post_lock_view = _moderation(
    lambda post, user: post_lock(post=post, moderator=user), "The thread is locked."
)
post_unlock_view = _moderation(
    lambda post, user: post_unlock(post=post, moderator=user),
    "The thread is open again.",
)
post_approve_view = _moderation(
    lambda post, user: post_approve(post=post, moderator=user),
    "The post is approved.",
)


def _mute_author(
    request: HttpRequest, *, post: Post, target: Post | Comment
) -> HttpResponse:
    """
    A moderator of the post mutes the author of the post or comment: a
    course's teachers in that course; community moderators there or
    everywhere (in the feed, everywhere). The page says if the author is
    muted already.
    """
    user = request.user
    if not user_moderates_post(user=user, post=post):
        raise PermissionDenied("Only its moderators mute its author.")
    author = target.author
    if author is None:
        raise ValidationError("Its author has left: there is nobody to mute.")
    course = post.course if post.course_id else None
    form = MuteForm(
        request.POST or None,
        course=course,
        everywhere=user_moderates_community(user=user),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                member_mute(
                    user=author,
                    moderator=user,
                    minutes=form.cleaned_data["minutes"],
                    course=form.mute_course,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                where = "everywhere" if form.mute_course is None else "in this course"
                messages.success(
                    request, f"{author.name} is muted {where} for {form.duration}."
                )
                return redirect(target.get_absolute_url())
    context = {
        "target": target,
        "post": post,
        "author": author,
        "form": form,
        "muted": mute_active(user=author, course=course),
    }
    return TemplateResponse(request, "community/mute_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
@refusals_shown
def post_mute(request: HttpRequest, pk: int) -> HttpResponse:
    """Mute the post's author: for the post's moderators."""
    post = post_get_visible(viewer=viewer_from_request(request), pk=pk)
    return _mute_author(request, post=post, target=post)


@require_POST
@login_required
@refusals_shown
def answer_unaccept_view(request: HttpRequest, pk: int) -> HttpResponse:
    post = post_get_visible(viewer=viewer_from_request(request), pk=pk)
    answer_unaccept(post=post, user=request.user)
    return redirect(post)


@require_POST
@login_required
@refusals_shown
def preview(request: HttpRequest) -> HttpResponse:
    """The Markdown as it will show, for the form's "Preview" button (429
    when asked too often)."""
    form = PreviewForm(request.POST)
    if not form.is_valid():
        return refused(request, " ".join(form.errors["body"]), status=400)
    html = body_preview(user=request.user, body=form.cleaned_data["body"])
    return TemplateResponse(request, "community/partials/preview.html", {"html": html})


# Comments


def _comment_form_page(
    request: HttpRequest,
    *,
    post: Post,
    form: CommentForm,
    comment: Comment | None = None,
    status: int = 200,
) -> HttpResponse:
    """A comment's form on a page of its own: to edit it, or to say what
    was wrong with a new one when scripts are off."""
    context = {"post": post, "form": form, "comment": comment}
    return TemplateResponse(
        request, "community/comment_form.html", context, status=status
    )


def _comment_form_fragment(
    request: HttpRequest,
    *,
    post: Post,
    form: CommentForm,
    parent: Comment | None,
    posted: Comment | None = None,
    status: int = 200,
) -> HttpResponse:
    """The comment form again (HTMX): empty, with the new comment put in
    its place in the thread; or with what was wrong."""
    context = {
        "post": post,
        "form": form,
        "parent": parent,
        "posted": posted,
        "moderates": user_moderates_post(user=request.user, post=post),
        "may_accept": not answer_accept_refusal(user=request.user, post=post),
    }
    return TemplateResponse(
        request, "community/partials/comment_posted.html", context, status=status
    )


@require_POST
@login_required
@refusals_shown
def comment_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A comment on the post, or (`parent`) a reply to one of its comments."""
    viewer = viewer_from_request(request)
    post = post_get_visible(viewer=viewer, pk=pk)
    form = CommentForm(request.POST, post=post)
    parent = None
    status = 400
    if form.is_valid():
        parent = form.cleaned_data["parent"]
        try:
            comment = comment_create(
                post=post,
                author=request.user,
                body=form.cleaned_data["body"],
                parent=parent,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            status = validation_error_status(error)
        else:
            if not _htmx(request):
                return redirect(comment.get_absolute_url())
            comment = comment_get_in_thread(viewer=viewer, pk=comment.pk)
            _actions_marked(user=request.user, post=post, comments=[comment])
            return _comment_form_fragment(
                request,
                post=post,
                form=CommentForm(post=post),
                parent=parent,
                posted=comment,
            )
    elif "parent" not in form.errors:
        parent = form.cleaned_data.get("parent")
    if _htmx(request):
        return _comment_form_fragment(
            request, post=post, form=form, parent=parent, status=status
        )
    return _comment_form_page(request, post=post, form=form, status=status)


def _own_comment(request: HttpRequest, pk: int) -> Comment:
    """The comment its author may edit, there and now; else refused."""
    comment = comment_get_visible(viewer=viewer_from_request(request), pk=pk)
    _refuse_unless_allowed(
        edit_refusal(user=request.user, target=comment)
        or comment_write_refusal(user=request.user, post=comment.post)
    )
    return comment


@require_http_methods(["GET", "POST"])
@login_required
@refusals_shown
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _own_comment(request, pk)
    post = comment.post
    if request.method == "GET":
        form = CommentForm(initial={"body": comment.body})
        return _comment_form_page(request, post=post, form=form, comment=comment)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _comment_form_page(
            request, post=post, form=form, comment=comment, status=400
        )
    try:
        comment_update(
            comment=comment, user=request.user, body=form.cleaned_data["body"]
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _comment_form_page(
            request,
            post=post,
            form=form,
            comment=comment,
            status=validation_error_status(error),
        )
    messages.success(request, "Your comment is saved.")
    return redirect(comment.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
@refusals_shown
def comment_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    comment = comment_get_visible(viewer=viewer_from_request(request), pk=pk)
    post = comment.post
    _refuse_unless_allowed(delete_refusal(user=request.user, target=comment))
    if request.method == "POST":
        comment_delete(comment=comment, user=request.user)
        messages.success(request, "The comment is deleted.")
        return redirect(post)
    context = {"target": comment, "kind": "comment", "back": comment.get_absolute_url()}
    return TemplateResponse(request, "community/confirm_delete.html", context)


@require_POST
@login_required
@refusals_shown
def comment_like(request: HttpRequest, pk: int) -> HttpResponse:
    return _like(request, pk, kind="comment", target_get=comment_get_visible)


@login_required
@refusals_shown
def comment_likes(request: HttpRequest, pk: int) -> HttpResponse:
    """Who liked the comment: for its author and the post's moderators."""
    viewer = viewer_from_request(request)
    comment = comment_get_visible(viewer=viewer, pk=pk)
    context = {
        "target": comment,
        "post": comment.post,
        "members": like_list(viewer=viewer, comment=comment),
    }
    return TemplateResponse(request, "community/likes.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@refusals_shown
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = comment_get_visible(viewer=viewer_from_request(request), pk=pk)
    return report_view(
        request,
        target=comment,
        place=comment.post.title,
        back=comment.get_absolute_url(),
    )


def _visible_comment(request: HttpRequest, pk: int) -> Comment:
    return comment_get_visible(viewer=viewer_from_request(request), pk=pk)


def _comment_moderation(action: Callable, done: str) -> Callable[..., HttpResponse]:
    """A moderator's button on a comment: the service, then the comment again."""

    def act(request: HttpRequest, comment: Comment) -> str:
        action(target=comment, moderator=request.user)
        return done

    return button_view(_visible_comment, act)


comment_hide = _comment_moderation(contribution_hide, "The comment is hidden.")
comment_unhide = _comment_moderation(contribution_unhide, "The comment is shown again.")


@require_POST
@login_required
@refusals_shown
def comment_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """The asker or a teacher accepts this answer to a lesson question."""
    viewer = viewer_from_request(request)
    comment = comment_get_visible(viewer=viewer, pk=pk)
    post = post_get_visible(viewer=viewer, pk=comment.post_id)
    answer_accept(post=post, comment=comment, user=request.user)
    messages.success(request, "The answer is accepted.")
    return redirect(comment.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
@refusals_shown
def comment_mute(request: HttpRequest, pk: int) -> HttpResponse:
    """Mute the comment's author: for the post's moderators."""
    comment = comment_get_visible(viewer=viewer_from_request(request), pk=pk)
    return _mute_author(request, post=comment.post, target=comment)
