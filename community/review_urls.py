"""Courses' reviews' URLs, added to `community.urls` (its namespace)."""

from django.urls import path

from . import review_views

urlpatterns = [
    path(
        "courses/<int:course_pk>/reviews/",
        review_views.course_reviews,
        name="course_reviews",
    ),
    path(
        "reviews/<int:pk>/delete/",
        review_views.review_delete_view,
        name="review_delete",
    ),
    path(
        "reviews/<int:pk>/reply/", review_views.review_reply_view, name="review_reply"
    ),
    path("reviews/<int:pk>/report/", review_views.review_report, name="review_report"),
    path("reviews/<int:pk>/hide/", review_views.review_hide, name="review_hide"),
    path("reviews/<int:pk>/unhide/", review_views.review_unhide, name="review_unhide"),
]
