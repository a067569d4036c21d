from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from .models import CoursePage
from .services import enrollment_create, enrollment_delete


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
