import mimetypes
import posixpath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from .access import file_visible_to, viewer_from_request
from .delivery import file_response, refuse_file
from .email_access import email_access_confirm, email_access_request
from .files import gated_image_find
from .forms import EmailForm
from .models import Certificate, CourseIndexPage, CoursePage, LessonPage
from .selectors import learning_list
from .services import (
    course_notification_confirm,
    course_notification_request,
    enrollment_create,
    enrollment_delete,
    lesson_complete,
    quiz_attempt_create,
)


def _enrollment_action(
    request: HttpRequest, course_id: int, service, success: str
) -> HttpResponse:
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    try:
        service(user=request.user, course=course)
    except PermissionDenied as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, success.format(course=course.title))
    return redirect(course.url)


@require_POST
@login_required
def enroll(request: HttpRequest, course_id: int) -> HttpResponse:
    return _enrollment_action(
        request, course_id, enrollment_create, "You are enrolled in {course}."
    )


@require_POST
@login_required
def unenroll(request: HttpRequest, course_id: int) -> HttpResponse:
    return _enrollment_action(
        request, course_id, enrollment_delete, "You left {course}."
    )


@require_POST
@login_required
def quiz_submit(request: HttpRequest, lesson_id: int, block_id: str) -> HttpResponse:
    lesson = get_object_or_404(LessonPage.objects.live().public(), pk=lesson_id)
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
            "courses/partials/error.html",
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
    lesson = get_object_or_404(LessonPage.objects.live().public(), pk=lesson_id)
    try:
        lesson_complete(viewer=viewer_from_request(request), lesson=lesson)
    except PermissionDenied as error:
        if not request.htmx:
            raise
        return TemplateResponse(
            request, "courses/partials/error.html", {"message": str(error)}, status=403
        )
    if request.htmx:
        return TemplateResponse(request, "courses/partials/lesson_completed.html", {})
    messages.success(request, "Lesson complete.")
    return redirect(lesson.url)


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    context = {
        "learning": learning_list(user=request.user),
        "catalog": CourseIndexPage.objects.live().first(),
    }
    response = TemplateResponse(request, "courses/my_learning.html", context)
    patch_cache_control(response, private=True)
    return response


def _email_refused(
    request: HttpRequest, error: ValidationError, course: CoursePage
) -> HttpResponse:
    """Too many emails asked for by this client is a 429; the rest, a message."""
    if error.code == "rate_limited":
        return TemplateResponse(
            request,
            "courses/too_many_requests.html",
            {"message": error.messages[0]},
            status=429,
        )
    messages.warning(request, error.messages[0])
    return redirect(course.url)


@require_POST
def email_access_request_view(request: HttpRequest, course_id: int) -> HttpResponse:
    course = get_object_or_404(
        CoursePage.objects.live()
        .public()
        .filter(access_level=CoursePage.AccessLevel.EMAIL),
        pk=course_id,
    )
    form = EmailForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter a valid email address.")
        return redirect(course.url)
    try:
        email_access_request(
            request=request, email=form.cleaned_data["email"], course=course
        )
    except ValidationError as error:
        return _email_refused(request, error, course)
    messages.success(request, "Check your inbox: we sent you a link to the course.")
    return redirect(course.url)


@require_POST
def notify_me(request: HttpRequest, course_id: int) -> HttpResponse:
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    form = EmailForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter a valid email address.")
        return redirect(course.url)
    try:
        on_the_list = course_notification_request(
            request=request, email=form.cleaned_data["email"], course=course
        )
    except ValidationError as error:
        return _email_refused(request, error, course)
    if on_the_list:
        messages.success(request, "We will email you when the course opens.")
    else:
        messages.success(
            request,
            "Check your inbox: unless this address is on the list already, "
            "we sent it a link to confirm.",
        )
    return redirect(course.url)


def notification_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    """Show a button first: mail scanners that open links must not use them up."""
    if request.method != "POST":
        return TemplateResponse(request, "courses/notification_confirm.html", {})
    try:
        notification = course_notification_confirm(token=token)
    except ValidationError as error:
        return TemplateResponse(
            request,
            "courses/notification_confirm.html",
            {"error": error.messages[0]},
            status=400,
        )
    course = notification.course
    messages.success(
        request, f"Thank you: we will email you when {course.title} opens."
    )
    return redirect(course.url)


def email_access_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    """Show a button first: mail scanners that open links must not use them up."""
    if request.method != "POST":
        return TemplateResponse(request, "courses/email_access_confirm.html", {})
    try:
        access = email_access_confirm(request=request, token=token)
    except ValidationError as error:
        return TemplateResponse(
            request,
            "courses/email_access_confirm.html",
            {"error": error.messages[0]},
            status=400,
        )
    messages.success(request, f"Welcome! You can read {access.course.title} now.")
    return redirect(access.course.url)


def certificate(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone holding the link can check the certificate is genuine."""
    issued = get_object_or_404(Certificate.objects.select_related("course"), code=code)
    return TemplateResponse(
        request, "courses/certificate.html", {"certificate": issued}
    )


def gated_file(request: HttpRequest, name: str) -> HttpResponse:
    """
    A private Wagtail image or rendition, to those the course rule lets
    have it (see courses/storage.py).
    """
    found = gated_image_find(name=name)
    if found is None:
        raise Http404
    owner, file = found
    if not file_visible_to(viewer=viewer_from_request(request), file=owner):
        return refuse_file(request)
    return file_response(
        request,
        file,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
        filename=posixpath.basename(name),
        as_attachment=False,
        public=False,
    )
