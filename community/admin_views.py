"""
The Wagtail admin's community screens, for community moderators only
(teachers moderate their courses on the site): members' reports and their
verdicts, posts held for review, posts and comments with their edit history,
course reviews, and mutes. Every button acts through the services; `wagtail_hooks.py`
groups these views into the "Community" menu.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import cached_property

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies.base import BaseDjangoAuthPermissionPolicy
from wagtail.snippets.views.snippets import IndexView

import django_filters

from courses.models import CoursePage
from members import admin_review
from members.admin_review import (
    ActionInspectView,
    ActionMixin,
    ReportStatusFilter,
    VerdictMixin,
)

from .access import noun_of, user_moderates_community
from .models import Comment, Mute, Post, Report, Review, Status
from .selectors import report_context
from .services import (
    contribution_hide,
    contribution_unhide,
    member_mute,
    mute_end,
    post_approve,
    report_resolve,
)


class CommunityModerationPolicy(BaseDjangoAuthPermissionPolicy):
    """
    Community moderators read these records here, and act on them only
    through the buttons of their pages (the services): nobody adds, edits
    or deletes them as records, a report least of all.
    """

    def __init__(self, model):
        super().__init__(model, auth_model=Post)

    def user_has_permission(self, user, action):
        return action == "view" and user_moderates_community(user=user)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return self._get_users_with_any_permission_codenames({"moderate_community"})


class ModeratorActionsMixin:
    def user_may_act(self) -> bool:
        return user_moderates_community(user=self.request.user)


def place_label(post: Post) -> str:
    """Where a post is, as a moderator reads it in a listing."""
    if post.lesson_id:
        return f"Question on “{post.lesson.title}” ({post.course.title})"
    if post.course_id:
        return f"Board of {post.course.title}"
    return "Community feed"


def reported_place(report: Report) -> str:
    """Where the reported post, comment or review is, for a moderator."""
    if report.review_id:
        return f"Review of {report.review.course.title}"
    return place_label(report.post or report.comment.post)


def review_context(report: Report) -> dict:
    """What a moderator reads a post, comment or review with
    (`report_context`): the post, the comments around a comment, and every
    report of it."""
    context = report_context(report=report)
    return {
        "post": context["post"],
        "target": report.target,
        "noun": noun_of(report.target),
        "thread": context["comments"],
        "reports": context["reports"],
        "place": reported_place(report),
    }


class PlaceFilter(django_filters.ChoiceFilter):
    """Posts (or comments on posts, with ``post__``) of one kind of place."""

    def __init__(self, *, prefix: str = "", **kwargs):
        self.prefix = prefix
        super().__init__(label="Place", choices=Post.Kind.choices, **kwargs)

    def filter(self, qs, value):
        p = self.prefix
        match value:
            case Post.Kind.FEED:
                return qs.filter(**{f"{p}course__isnull": True})
            case Post.Kind.BOARD:
                return qs.filter(
                    **{f"{p}course__isnull": False, f"{p}lesson__isnull": True}
                )
            case Post.Kind.QUESTION:
                return qs.filter(**{f"{p}lesson__isnull": False})
        return qs


class PostFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label="Status", choices=Status.choices)
    place = PlaceFilter()
    course = django_filters.ModelChoiceFilter(
        label="Course", queryset=CoursePage.objects.order_by("title")
    )

    class Meta:
        model = Post
        fields = ["status"]


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label="Status", choices=Status.choices)
    place = PlaceFilter(prefix="post__")
    course = django_filters.ModelChoiceFilter(
        label="Course",
        field_name="post__course",
        queryset=CoursePage.objects.order_by("title"),
    )

    class Meta:
        model = Comment
        fields = ["status"]


class ReviewFilterSet(WagtailFilterSet):
    # Reviews are never held for review.
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[choice for choice in Status.choices if choice[0] != Status.HELD],
    )
    course = django_filters.ModelChoiceFilter(
        label="Course", queryset=CoursePage.objects.order_by("title")
    )
    rating = django_filters.ChoiceFilter(
        label="Stars", choices=[(str(stars), f"{stars}★") for stars in range(1, 6)]
    )

    class Meta:
        model = Review
        fields = ["status"]


class ReportFilterSet(WagtailFilterSet):
    status = ReportStatusFilter()

    class Meta:
        model = Report
        fields = ["status"]


class MuteStatusFilter(django_filters.ChoiceFilter):
    """Mutes in force unless another status is chosen."""

    def __init__(self, **kwargs):
        super().__init__(
            label="Status",
            choices=[("ended", "Ended"), ("all", "All")],
            empty_label="In force",
            widget=forms.RadioSelect,
            **kwargs,
        )

    def filter(self, qs, value):
        now = timezone.now()
        if value == "ended":
            return qs.filter(until__lte=now)
        if value == "all":
            return qs
        return qs.filter(until__gt=now)


class MuteFilterSet(WagtailFilterSet):
    status = MuteStatusFilter()

    class Meta:
        model = Mute
        fields = ["status"]


MUTE_CHOICES = [
    (60, "1 hour"),
    (24 * 60, "1 day"),
    (7 * 24 * 60, "1 week"),
    (30 * 24 * 60, "30 days"),
]


class MuteForm(forms.Form):
    """How long, and where, the author of reported content stays quiet."""

    minutes = forms.TypedChoiceField(
        label="Mute for", choices=MUTE_CHOICES, coerce=int, initial=24 * 60
    )
    where = forms.ChoiceField(
        label="Where", choices=[("", "Everywhere")], required=False
    )
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=Mute._meta.get_field("reason").max_length,
        help_text="Kept with the mute, for moderators.",
    )

    def __init__(self, *args, course: CoursePage | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        if course is not None:
            self.fields["where"].choices = [
                ("course", f"Only in {course.title}"),
                ("", "Everywhere"),
            ]
        else:
            self.fields["where"].widget = forms.HiddenInput()

    def clean_where(self) -> CoursePage | None:
        return self.course if self.cleaned_data["where"] == "course" else None


# Reports


class ReportIndexView(admin_review.ReportIndexView):
    def get_base_queryset(self):
        # Open ones first (whichever the status filter keeps), newest first.
        return (
            super()
            .get_base_queryset()
            .select_related(
                "reporter",
                "post__author",
                "post__course",
                "post__lesson",
                "comment__author",
                "comment__post__course",
                "comment__post__lesson",
                "review__author",
                "review__course",
            )
            .order_by(F("resolved_at").desc(nulls_first=True), "-created_at")
        )


class ReportReviewView(ModeratorActionsMixin, ActionInspectView):
    """The reported post, or comment among its neighbours; every report of
    it; and the verdicts."""

    page_title = "Review"
    template_name = "community/admin/report_review.html"

    def get_mute_form(self) -> MuteForm:
        return MuteForm(course=self.reported_course)

    @cached_property
    def reported_course(self) -> CoursePage | None:
        """The course where the reported content is; None for the feed's."""
        if self.object.review_id:
            return self.object.review.course
        return (self.object.post or self.object.comment.post).course

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(review_context(self.object))
        reports = context["reports"]
        context["open_reports"] = [r for r in reports if r.resolved_at is None]
        context["mute_form"] = self.get_mute_form()
        return context


class ReportVerdictMixin(VerdictMixin):
    """A verdict on the reported post or comment, which closes every open
    report of it (hiding it, for that verdict)."""

    verdict: Report.Verdict

    def judge(self) -> str:
        """Act on the reported content before the reports close, and say
        what was done."""
        raise NotImplementedError

    def act(self) -> str:
        with transaction.atomic():
            done = self.judge()
            report_resolve(
                report=self.object, moderator=self.request.user, verdict=self.verdict
            )
        return done


class HideView(ReportVerdictMixin, ReportReviewView):
    verdict = Report.Verdict.HIDDEN

    def judge(self) -> str:
        return "It is hidden: only its author and moderators see it now."


class DismissView(ReportVerdictMixin, ReportReviewView):
    verdict = Report.Verdict.DISMISSED

    def judge(self) -> str:
        return "The report is dismissed; what was reported stays."


class MuteAuthorView(ReportVerdictMixin, ReportReviewView):
    verdict = Report.Verdict.MUTED

    @cached_property
    def mute_form(self) -> MuteForm:
        return MuteForm(self.request.POST, course=self.reported_course)

    def get_mute_form(self) -> MuteForm:
        return self.mute_form

    def judge(self) -> str:
        author = self.object.target.author
        if author is None:
            raise ValidationError("The author's account is deleted.")
        if not self.mute_form.is_valid():
            raise ValidationError("Choose how long and where to mute them.")
        mute = member_mute(
            user=author,
            moderator=self.request.user,
            minutes=self.mute_form.cleaned_data["minutes"],
            course=self.mute_form.cleaned_data["where"],
            reason=self.mute_form.cleaned_data["reason"],
        )
        until = timezone.localtime(mute.until)
        where = f"in {mute.course.title}" if mute.course else "everywhere"
        return f"{author} is muted {where} until {until:%d %b, %H:%M}."


# Posts and comments


class PostIndexView(IndexView):
    default_ordering = "-created_at"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("author", "course", "lesson")


class HeldPostIndexView(PostIndexView):
    page_title = "Held posts"
    default_ordering = "created_at"

    def get_base_queryset(self):
        return super().get_base_queryset().filter(status=Status.HELD)

    def get_list_more_buttons(self, instance):
        return [
            ListingButton(
                "Review", url=self.get_inspect_url(instance), icon_name="warning"
            )
        ]


class CommentIndexView(IndexView):
    default_ordering = "-created_at"

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(deleted_at__isnull=True)
            .select_related("author", "post__course")
        )


class ReviewIndexView(IndexView):
    default_ordering = "-created_at"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("author", "course")


class PostInspectView(ModeratorActionsMixin, ActionInspectView):
    """A post as its author wrote it now and before, its state, and the
    buttons that change it."""

    template_name = "community/admin/post_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Its reports, as a report of it would be reviewed.
        context.update(review_context(Report(post=self.object)))
        context["revisions"] = self.object.revisions.all()
        return context


class CommentInspectView(ModeratorActionsMixin, ActionInspectView):
    """A comment among its neighbours, its earlier versions, and the buttons."""

    template_name = "community/admin/comment_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Its neighbours and reports, as a report of it would be reviewed.
        context.update(review_context(Report(comment=self.object)))
        context["revisions"] = self.object.revisions.all()
        return context


class ReviewInspectView(ModeratorActionsMixin, ActionInspectView):
    """A course's review with its teacher's reply, its reports, and the buttons."""

    template_name = "community/admin/review_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(review_context(Report(review=self.object)))
        return context


class HideMixin(ActionMixin):
    def act(self) -> str:
        contribution_hide(target=self.object, moderator=self.request.user)
        return "It is hidden: only its author and moderators see it now."


class UnhideMixin(ActionMixin):
    def act(self) -> str:
        contribution_unhide(target=self.object, moderator=self.request.user)
        return "It is shown again to everyone who may read it."


class ApproveMixin(ActionMixin):
    def act(self) -> str:
        post_approve(post=self.object, moderator=self.request.user)
        return f"“{self.object.title}” is published."


class PostHideView(HideMixin, PostInspectView):
    pass


class PostUnhideView(UnhideMixin, PostInspectView):
    pass


class PostApproveView(ApproveMixin, PostInspectView):
    pass


class HeldPostHideView(VerdictMixin, PostHideView):
    pass


class HeldPostApproveView(VerdictMixin, PostApproveView):
    pass


class CommentHideView(HideMixin, CommentInspectView):
    pass


class CommentUnhideView(UnhideMixin, CommentInspectView):
    pass


class ReviewHideView(HideMixin, ReviewInspectView):
    pass


class ReviewUnhideView(UnhideMixin, ReviewInspectView):
    pass


# Mutes


class MuteIndexView(IndexView):
    default_ordering = "until"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "course", "muted_by")

    def get_list_more_buttons(self, instance):
        return [
            ListingButton(
                "Review", url=self.get_inspect_url(instance), icon_name="view"
            )
        ]


class MuteInspectView(ModeratorActionsMixin, ActionInspectView):
    template_name = "community/admin/mute_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {"mute": self.object, "in_force": self.object.until > timezone.now()}
        )
        return context


class MuteEndView(ActionMixin, MuteInspectView):
    def act(self) -> str:
        mute_end(mute=self.object, moderator=self.request.user)
        return f"{self.object.user} may write again."
