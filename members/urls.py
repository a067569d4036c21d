from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("accounts/profile/", views.profile_edit, name="profile_edit"),
    path("people/<int:pk>/", views.profile_detail, name="profile"),
]
