from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:course_id>/", views.report, name="report"),
    path("<int:course_id>/<slug:table>.csv", views.export, name="export"),
]
