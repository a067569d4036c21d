"""
Chat's pages. Reading them writes nothing: a member takes their place in a
room, and marks it read, over its socket; rooms are made by POSTs.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_POST

from courses.models import CoursePage
from members.models import User

from .access import user_may_chat_in_course, user_may_join_room, user_moderates_room
from .models import Room
from .selectors import (
    HISTORY_PAGE,
    message_list_for_room,
    room_list_for,
    room_title_map,
)
from .services import course_room_open, direct_room_open


@login_required
def my_chats(request: HttpRequest) -> HttpResponse:
    response = TemplateResponse(
        request, "chat/my_chats.html", {"rooms": room_list_for(user=request.user)}
    )
    patch_cache_control(response, private=True)
    return response


def _room_for(request: HttpRequest, room_id: int) -> Room:
    chat_room = get_object_or_404(Room.objects.select_related("course"), pk=room_id)
    if not user_may_join_room(user=request.user, room=chat_room):
        raise PermissionDenied("You are not a member of this room.")
    return chat_room


@login_required
def room(request: HttpRequest, room_id: int) -> HttpResponse:
    """A room's page: recent history here, the rest live over the socket."""
    chat_room = _room_for(request, room_id)
    history = message_list_for_room(room=chat_room)
    context = {
        "room": chat_room,
        "title": room_title_map(user=request.user, rooms=[chat_room])[chat_room.pk],
        "history": history,
        "has_older": len(history) == HISTORY_PAGE,
        "is_moderator": user_moderates_room(user=request.user, room=chat_room),
    }
    response = TemplateResponse(request, "chat/room.html", context)
    patch_cache_control(response, private=True)
    return response


@login_required
def older_messages(request: HttpRequest, room_id: int) -> HttpResponse:
    """The page of messages before ?before=<id>, for HTMX to put above."""
    chat_room = _room_for(request, room_id)
    try:
        before = int(request.GET.get("before", ""))
    except ValueError:
        return HttpResponse("Say which message to page back from.", status=400)
    history = message_list_for_room(room=chat_room, before=before)
    context = {
        "room": chat_room,
        "history": history,
        "has_older": len(history) == HISTORY_PAGE,
    }
    return TemplateResponse(request, "chat/partials/messages.html", context)


@require_POST
@login_required
def direct(request: HttpRequest, user_id: int) -> HttpResponse:
    """The "Message" button: the room of the two of us, new or not."""
    other = get_object_or_404(User, pk=user_id, is_active=True)
    try:
        chat_room = direct_room_open(user=request.user, other=other)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(other)
    return redirect(chat_room)


@require_http_methods(["GET", "POST"])
@login_required
def course(request: HttpRequest, course_id: int) -> HttpResponse:
    """
    The "Course chat" button (a POST) opens the course's room, making it
    the first time; a GET only finds a room already made. Either way,
    those who may not chat in the course learn nothing of it.
    """
    course_page = get_object_or_404(CoursePage, pk=course_id)
    if not user_may_chat_in_course(user=request.user, course=course_page):
        raise Http404("No such course chat.")
    if request.method == "POST":
        return redirect(course_room_open(user=request.user, course=course_page))
    return redirect(get_object_or_404(Room, course=course_page))


@login_required
def public(request: HttpRequest) -> HttpResponse:
    return redirect(get_object_or_404(Room, kind=Room.Kind.PUBLIC))
