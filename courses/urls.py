from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("<int:course_id>/enroll/", views.enroll, name="enroll"),
    path("<int:course_id>/unenroll/", views.unenroll, name="unenroll"),
]
