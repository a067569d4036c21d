"""
Community in the Wagtail admin and in Wagtail's hooks: the lesson page's
questions section, the "Community" menu where community moderators review
reports, held posts, posts, comments, course reviews and mutes (the views are in
`admin_views.py`), and the community's part of an account's data export and
deletion.
"""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses.models import CoursePage, LessonPage
from members import admin_review
from members.admin_review import ActionViewSetMixin, ReviewHistoryView
from members.choosers import RestrictedSnippetChooserViewSet

from .admin_views import (
    CommentFilterSet,
    CommentHideView,
    CommentIndexView,
    CommentInspectView,
    CommentUnhideView,
    CommunityModerationPolicy,
    DismissView,
    HeldPostApproveView,
    HeldPostHideView,
    HeldPostIndexView,
    HideView,
    MuteAuthorView,
    MuteEndView,
    MuteFilterSet,
    MuteIndexView,
    MuteInspectView,
    PostApproveView,
    PostFilterSet,
    PostHideView,
    PostIndexView,
    PostInspectView,
    PostUnhideView,
    ReportFilterSet,
    ReportIndexView,
    ReportReviewView,
    ReviewFilterSet,
    ReviewHideView,
    ReviewIndexView,
    ReviewInspectView,
    ReviewUnhideView,
    place_label,
    reported_place,
)
from .models import Comment, Mute, Post, Report, Review
from .selectors import community_data_export
from .services import LOG_ACTIONS, community_data_delete


@hooks.register("lesson_page_panels")
def lesson_questions_panel(request: HttpRequest, lesson: LessonPage) -> SafeString:
    """
    The lesson's questions under its body: a section that loads them as the
    reader reaches it (HTMX), with a link for browsers without JavaScript,
    the same for every reader so that the lesson's page can be cached.
    """
    return render_to_string(
        "community/partials/lesson_questions_loader.html", {"lesson": lesson}
    )


@hooks.register("course_page_panels")
def course_reviews_panel(request: HttpRequest, course: CoursePage) -> SafeString:
    """The course's reviews under its outline, loaded as `lesson_questions_panel`
    loads a lesson's questions."""
    return render_to_string(
        "community/partials/course_reviews_loader.html", {"course": course}
    )


# Moderation, for community moderators only: the "Community" menu.

for model in (Post, Comment, Review, Report, Mute):
    register_permission_policy(model, CommunityModerationPolicy(model))


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions) -> None:
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


class ReportViewSet(admin_review.ReportViewSet):
    model = Report
    menu_label = "Reports"
    menu_order = 100
    index_view_class = ReportIndexView
    inspect_view_class = ReportReviewView
    list_display = [
        "target",
        Column("place", label="Where", accessor=reported_place),
        Column("author", label="Written by", accessor="target.author"),
        "reporter",
        "reason",
        DateColumn("created_at", label="Reported", sort_key="created_at"),
        Column("verdict", label="Verdict", accessor="get_verdict_display"),
    ]
    filterset_class = ReportFilterSet
    search_fields = [
        "post__title",
        "post__body",
        "comment__body",
        "review__body",
        "details",
    ]
    action_views = {
        "hide": HideView,
        "mute_author": MuteAuthorView,
        "dismiss": DismissView,
    }


class ContributionViewSet(ActionViewSetMixin, SnippetViewSet):
    """Posts, comments or reviews: listed, searched, inspected (with their
    edit history, where they keep one), hidden and shown again."""

    inspect_view_enabled = True
    # Not among what uses a course page: its teachers would find members'
    # posts and reviews (hidden ones too) in the page's usage.
    add_to_reference_index = False
    history_view_class = ReviewHistoryView
    index_template_name = "wagtailadmin/generic/index.html"
    search_backend_name = None
    chooser_viewset_class = RestrictedSnippetChooserViewSet


class PostViewSet(ContributionViewSet):
    model = Post
    icon = "doc-full"
    menu_label = "Posts"
    menu_order = 300
    index_view_class = PostIndexView
    inspect_view_class = PostInspectView
    list_display = [
        "title",
        Column("place", label="Where", accessor=place_label),
        "author",
        StatusTagColumn("status", label="Status", accessor="get_status_display"),
        DateColumn("created_at", label="Written", sort_key="created_at"),
    ]
    filterset_class = PostFilterSet
    search_fields = ["title", "body", "author__display_name", "author__email"]
    action_views = {
        "approve": PostApproveView,
        "hide": PostHideView,
        "unhide": PostUnhideView,
    }


class HeldPostViewSet(ActionViewSetMixin, ModelViewSet):
    """The posts of new members that wait for a moderator's approval."""

    model = Post
    url_namespace = "community_held_posts"
    url_prefix = "community/held-posts"
    icon = "time"
    menu_label = "Held posts"
    menu_order = 200
    index_view_class = HeldPostIndexView
    index_template_name = "wagtailadmin/generic/index.html"
    inspect_view_enabled = True
    inspect_view_class = PostInspectView
    history_view_class = ReviewHistoryView
    form_fields = []
    list_display = [
        "title",
        Column("place", label="Where", accessor=place_label),
        "author",
        DateColumn("created_at", label="Written", sort_key="created_at"),
    ]
    search_fields = ["title", "body", "author__display_name", "author__email"]
    search_backend_name = None
    action_views = {"approve": HeldPostApproveView, "hide": HeldPostHideView}

    def register_admin_url_finder(self):
        # The posts' snippet viewset links to a post in the admin.
        pass

    def register_permissions(self):
        # The posts' snippet viewset offers their permissions.
        pass


class CommentViewSet(ContributionViewSet):
    model = Comment
    icon = "comment"
    menu_label = "Comments"
    menu_order = 400
    index_view_class = CommentIndexView
    inspect_view_class = CommentInspectView
    list_display = [
        "__str__",
        "post",
        "author",
        StatusTagColumn("status", label="Status", accessor="get_status_display"),
        DateColumn("created_at", label="Written", sort_key="created_at"),
    ]
    filterset_class = CommentFilterSet
    search_fields = ["body", "author__display_name", "author__email", "post__title"]
    action_views = {"hide": CommentHideView, "unhide": CommentUnhideView}


class ReviewViewSet(ContributionViewSet):
    model = Review
    icon = "pick"
    menu_label = "Reviews"
    menu_order = 450
    index_view_class = ReviewIndexView
    inspect_view_class = ReviewInspectView
    list_display = [
        "__str__",
        "author",
        StatusTagColumn("status", label="Status", accessor="get_status_display"),
        DateColumn("created_at", label="Written", sort_key="created_at"),
    ]
    filterset_class = ReviewFilterSet
    search_fields = ["body", "author__display_name", "author__email", "course__title"]
    action_views = {"hide": ReviewHideView, "unhide": ReviewUnhideView}


class MuteViewSet(ActionViewSetMixin, SnippetViewSet):
    model = Mute
    icon = "cross"
    menu_label = "Mutes"
    menu_order = 500
    index_view_class = MuteIndexView
    index_template_name = "wagtailadmin/generic/index.html"
    inspect_view_enabled = True
    inspect_view_class = MuteInspectView
    history_view_class = ReviewHistoryView
    list_display = [
        "user",
        Column("course", label="Where", accessor=lambda m: m.course or "Everywhere"),
        DateColumn("until", label="Until", sort_key="until"),
        "reason",
        "muted_by",
    ]
    filterset_class = MuteFilterSet
    search_fields = ["user__display_name", "user__email", "reason"]
    search_backend_name = None
    chooser_viewset_class = RestrictedSnippetChooserViewSet
    action_views = {"end": MuteEndView}


class CommunityViewSetGroup(SnippetViewSetGroup):
    menu_label = "Community"
    menu_icon = "group"
    menu_order = 210
    items = (
        ReportViewSet,
        HeldPostViewSet,
        PostViewSet,
        CommentViewSet,
        ReviewViewSet,
        MuteViewSet,
    )


register_snippet(CommunityViewSetGroup)


@hooks.register("register_account_data")
def export_community(user) -> dict:
    return community_data_export(user=user)


@hooks.register("before_delete_account")
def forget_community(user) -> None:
    community_data_delete(user=user)
