from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("<int:course_id>/enroll/", views.enroll, name="enroll"),
    path("<int:course_id>/unenroll/", views.unenroll, name="unenroll"),
    path(
        "lessons/<int:lesson_id>/complete/",
        views.lesson_mark_complete,
        name="lesson_complete",
    ),
    path(
        "lessons/<int:lesson_id>/notes/",
        views.lesson_notes,
        name="lesson_notes",
    ),
    path(
        "lessons/<int:lesson_id>/outline/<int:module_id>/",
        views.lesson_outline_module,
        name="lesson_outline_module",
    ),
    path(
        "lessons/<int:lesson_id>/quiz/<uuid:block_id>/",
        views.quiz_submit,
        name="quiz_submit",
    ),
    path("", views.my_learning, name="my_learning"),
    path("<int:course_id>/notify-me/", views.notify_me, name="notify_me"),
    path(
        "lessons/<int:lesson_id>/notify-me/",
        views.lesson_notify_me,
        name="lesson_notify_me",
    ),
    path(
        "notify-me/<str:token>/",
        views.notification_confirm_view,
        name="notification_confirm",
    ),
    path("files/<path:name>", views.gated_file, name="gated_file"),
    path("certificates/<str:code>/", views.certificate, name="certificate"),
    path(
        "<int:course_id>/certificate/",
        views.certificate_claim,
        name="certificate_claim",
    ),
    path(
        "<int:course_id>/email-access/",
        views.email_access_request_view,
        name="email_access_request",
    ),
    path(
        "email-access/<str:token>/",
        views.email_access_confirm_view,
        name="email_access_confirm",
    ),
]
