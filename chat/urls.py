from django.urls import path

from . import views

app_name = "chat"

urlpatterns = [
    path("", views.my_chats, name="my_chats"),
    path("rooms/<int:room_id>/", views.room, name="room"),
    path("rooms/<int:room_id>/older/", views.older_messages, name="older"),
    path("direct/<int:user_id>/", views.direct, name="direct"),
    path("courses/<int:course_id>/", views.course, name="course"),
    path("public/", views.public, name="public"),
]
