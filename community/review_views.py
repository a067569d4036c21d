"""
Students' reviews of a course, under its outline: the rating summed up,
the reviews, and the form to write or change one's own. The course's page
loads them with HTMX (see `course_reviews_panel` in wagtail_hooks.py) so
that the page itself stays the same for every reader; without JavaScript
they are a page of their own. Replies, reports and moderators' buttons act
on one review and come back to them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from courses.models import CoursePage
from members.models import User

from .access import (
    course_reviews_reply_refusal,
    report_refusal,
    review_delete_refusal,
    review_write_refusal,
    user_moderates_community,
)
from .forms import ReviewForm
from .models import Review
from .panels import panel_form_sent, panel_response
from .refusals import refusals_shown
from .selectors import (
    review_course_get,
    review_get_visible,
    review_list,
    review_own_get,
    review_summary,
)
from .services import (
    contribution_hide,
    contribution_unhide,
    review_delete,
    review_reply,
    review_save,
)
from .views import button_view, report_view

REVIEWS_PER_PAGE = 10


@require_http_methods(["GET", "POST"])
def course_reviews(request: HttpRequest, course_pk: int) -> HttpResponse:
    """
    A course's rating and reviews, ten at a time (HTMX asks for the next
    page, `?page=`, as the list's end shows), and for a student who may
    review it the form to write or change theirs. Saving answers with the
    panel again (HTMX) or comes back to this page.
    """
    course = review_course_get(pk=course_pk, request=request)
    user = request.user
    refusal = review_write_refusal(user=user, course=course)
    own = review_own_get(user=user, course=course)
    form = None
    if not refusal:
        initial = {"rating": own.rating, "body": own.body} if own else None
        form = ReviewForm(request.POST or None, initial=initial)
    saved, form, refusal, status = panel_form_sent(
        request,
        form=form,
        refusal=refusal,
        write=lambda data: review_save(
            author=user, course=course, rating=data["rating"], body=data["body"]
        ),
    )
    if saved is not None:
        if not request.htmx:
            messages.success(request, "Thank you: your review is saved.")
            return redirect(saved)
        own = saved
    page = Paginator(review_list(user=user, course=course), REVIEWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    _actions_marked(user=user, course=course, reviews=page)
    context = {
        "course": course,
        "summary": review_summary(course=course),
        "reviews": page,
        "own": own,
        "form": form,
        "refusal": refusal,
    }
    return panel_response(
        request,
        context,
        page_template="community/course_reviews.html",
        panel_template="community/partials/course_reviews_panel.html",
        more_template="community/partials/review_page.html",
        status=status,
    )


def _actions_marked(*, user: User, course: CoursePage, reviews) -> None:
    """What the viewer may do with each review of the course, for its buttons."""
    moderates = user_moderates_community(user=user)
    replies = not course_reviews_reply_refusal(user=user, course=course)
    for review in reviews:
        review.course = course  # not read again for each
        review.may_delete = not review_delete_refusal(user=user, review=review)
        review.may_report = not report_refusal(user=user, target=review)
        # As review_reply_refusal says, with the course's part asked once.
        review.may_reply = replies and review.is_published
        review.may_moderate = moderates


def _visible_review(request: HttpRequest, pk: int) -> Review:
    return review_get_visible(request=request, pk=pk)


def _delete(request: HttpRequest, review: Review) -> str:
    review_delete(review=review, user=request.user)
    return "Your review is deleted."


def _reply(request: HttpRequest, review: Review) -> str:
    review_reply(review=review, user=request.user, body=request.POST.get("reply", ""))
    return "Your reply is posted."


def _hide(request: HttpRequest, review: Review) -> str:
    contribution_hide(target=review, moderator=request.user)
    return "The review is hidden."


def _unhide(request: HttpRequest, review: Review) -> str:
    contribution_unhide(target=review, moderator=request.user)
    return "The review is shown again."


review_delete_view = button_view(_visible_review, _delete)
review_reply_view = button_view(_visible_review, _reply)
review_hide = button_view(_visible_review, _hide)
review_unhide = button_view(_visible_review, _unhide)


@require_http_methods(["GET", "POST"])
@login_required
@refusals_shown
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    review = _visible_review(request, pk)
    return report_view(
        request,
        target=review,
        place=review.course.title,
        back=review.get_absolute_url(),
    )
