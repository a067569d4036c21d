from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from courses.models import CoursePage
from members.models import User

from .access import user_moderates_room
from .models import Room
from .selectors import HISTORY_PAGE, room_history, room_titles, rooms_of
from .services import (
    chat_memberships_sync,
    course_room,
    direct_room_open,
    public_room,
    room_join,
    room_mark_read,
)


@login_required
def my_chats(request: HttpRequest) -> HttpResponse:
    chat_memberships_sync(user=request.user)
    response = TemplateResponse(
        request, "chat/my_chats.html", {"rooms": rooms_of(user=request.user)}
    )
    patch_cache_control(response, private=True)
    return response


@login_required
def room(request: HttpRequest, room_id: int) -> HttpResponse:
    """A room's page: recent history here, the rest live over the socket."""
    chat_room = get_object_or_404(Room.objects.select_related("course"), pk=room_id)
    room_join(user=request.user, room=chat_room)
    room_mark_read(user=request.user, room=chat_room)
    history = room_history(room=chat_room)
    context = {
        "room": chat_room,
        "title": room_titles(user=request.user, rooms=[chat_room])[chat_room.pk],
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
    chat_room = get_object_or_404(Room, pk=room_id)
    room_join(user=request.user, room=chat_room)
    try:
        before = int(request.GET.get("before", ""))
    except ValueError:
        return HttpResponse("Say which message to page back from.", status=400)
    history = room_history(room=chat_room, before=before)
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


@login_required
def course(request: HttpRequest, course_id: int) -> HttpResponse:
    chat_room = course_room(course=get_object_or_404(CoursePage, pk=course_id))
    return redirect(chat_room)


@login_required
def public(request: HttpRequest) -> HttpResponse:
    return redirect(public_room())
