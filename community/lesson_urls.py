"""The lesson questions' URLs, added to `community.urls` (its namespace)."""

from django.urls import path

from . import lesson_views

urlpatterns = [
    path(
        "lessons/<int:lesson_pk>/questions/",
        lesson_views.lesson_questions,
        name="lesson_questions",
    ),
]
