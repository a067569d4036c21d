from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from .access import viewer_from_request
from .models import CoursePage, LessonPage
from .selectors import learning_list
from .services import (
    enrollment_create,
    enrollment_delete,
    lesson_complete,
    quiz_attempt_create,
)


@require_POST
@login_required
def enroll(request: HttpRequest, course_id: int) -> HttpResponse:
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        enrollment_create(user=request.user, course=course)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"You are enrolled in {course.title}.")
    return redirect(course.url)


@require_POST
@login_required
def unenroll(request: HttpRequest, course_id: int) -> HttpResponse:
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        enrollment_delete(user=request.user, course=course)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"You left {course.title}.")
    return redirect(course.url)


@require_POST
@login_required
def quiz_submit(request: HttpRequest, lesson_id: int, block_id: str) -> HttpResponse:
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    answers = {
        key: request.POST.getlist(key)
        for key in request.POST
        if key != "csrfmiddlewaretoken"
    }
    try:
        attempt, results = quiz_attempt_create(
            viewer=viewer_from_request(request),
            lesson=lesson,
            block_id=block_id,
            answers=answers,
        )
    except ValidationError as error:
        return TemplateResponse(
            request,
            "courses/partials/quiz_error.html",
            {"message": error.messages[0]},
            status=400,
        )
    return TemplateResponse(
        request,
        "courses/partials/quiz_result.html",
        {"attempt": attempt, "results": results},
    )


@require_POST
@login_required
def lesson_mark_complete(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    lesson_complete(viewer=viewer_from_request(request), lesson=lesson)
    if request.htmx:
        return TemplateResponse(request, "courses/partials/lesson_completed.html", {})
    messages.success(request, "Lesson complete.")
    return redirect(lesson.url)


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    response = TemplateResponse(
        request,
        "courses/my_learning.html",
        {"learning": learning_list(user=request.user)},
    )
    patch_cache_control(response, private=True)
    return response
