from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notifications_page, name="list"),
    path("bell/", views.bell, name="bell"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("digest/", views.digest_toggle, name="digest"),
    path(
        "courses/<int:course_id>/email/",
        views.course_email_toggle,
        name="course_email",
    ),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
