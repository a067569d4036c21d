from django.urls import path, re_path

from . import views

app_name = "media_library"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("mine/", views.my_media, name="mine"),
    path("students/", views.students_media, name="students"),
    path("upload/", views.upload, name="upload"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/captions/", views.captions, name="captions"),
    path("<int:pk>/captions/<str:language>/", views.caption_file, name="caption"),
    path(
        "<int:pk>/captions/<str:language>/delete/",
        views.caption_delete,
        name="caption_delete",
    ),
    path("<int:pk>/hide/", views.hide, name="hide"),
    path("<int:pk>/unhide/", views.unhide, name="unhide"),
    re_path(
        r"^(?P<pk>\d+)/(?P<rendition>file|preview|thumbnail)/$",
        views.asset_file,
        name="file",
    ),
]
