from django.urls import path

from . import lesson_urls, review_urls, views

app_name = "community"

urlpatterns = [
    path("", views.feed, name="feed"),
    path("courses/<int:course_pk>/", views.board, name="board"),
    path("new/", views.post_new, name="post_new"),
    path("preview/", views.preview, name="preview"),
    path("posts/<int:pk>/", views.post_detail, name="post"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/delete/", views.post_delete_view, name="post_delete"),
    path("posts/<int:pk>/like/", views.post_like, name="post_like"),
    path("posts/<int:pk>/likes/", views.post_likes, name="post_likes"),
    path("posts/<int:pk>/report/", views.post_report, name="post_report"),
    path("posts/<int:pk>/hide/", views.post_hide, name="post_hide"),
    path("posts/<int:pk>/unhide/", views.post_unhide, name="post_unhide"),
    path("posts/<int:pk>/lock/", views.post_lock_view, name="post_lock"),
    path("posts/<int:pk>/unlock/", views.post_unlock_view, name="post_unlock"),
    path("posts/<int:pk>/approve/", views.post_approve_view, name="post_approve"),
    path("posts/<int:pk>/mute/", views.post_mute, name="post_mute"),
    path("posts/<int:pk>/unaccept/", views.answer_unaccept_view, name="post_unaccept"),
    path("posts/<int:pk>/comments/", views.comment_new, name="comment_new"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", views.comment_delete_view, name="comment_delete"),
    path("comments/<int:pk>/like/", views.comment_like, name="comment_like"),
    path("comments/<int:pk>/likes/", views.comment_likes, name="comment_likes"),
    path("comments/<int:pk>/report/", views.comment_report, name="comment_report"),
    path("comments/<int:pk>/hide/", views.comment_hide, name="comment_hide"),
    path("comments/<int:pk>/unhide/", views.comment_unhide, name="comment_unhide"),
    path("comments/<int:pk>/mute/", views.comment_mute, name="comment_mute"),
    path("comments/<int:pk>/accept/", views.comment_accept, name="comment_accept"),
    *lesson_urls.urlpatterns,
    *review_urls.urlpatterns,
]
