import mimetypes
import posixpath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from members.api_base import accepts_api_token

from .access import file_visible_to
from .delivery import file_response, refuse_file
from .files import gated_image_find
from .forms import CertificateNameForm, EmailForm
from .models import Certificate, CourseIndexPage, CoursePage, LessonPage
from .selectors import (
    course_list_enrolled,
    course_progress,
    enrollment_list_with_progress,
    lesson_list_served,
    lesson_notes_of,
    lesson_outline,
    lesson_progress_context,
    scroll_page_get,
    scroll_page_of_courses_kept,
)
from .services import (
    certificate_issue,
    course_notification_confirm,
    course_notification_request,
    email_access_confirm,
    email_access_request,
    enrollment_create,
    enrollment_delete,
    lesson_complete,
    lesson_notes_save,
    quiz_attempt_create,
)
from .viewer import viewer_from_request

# My learning's courses a page; more load as the student scrolls.
MY_LEARNING_PER_PAGE = 12


def _enrollment_action(
    request: HttpRequest, course_id: int, service, success: str
) -> HttpResponse:
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    try:
        service(user=request.user, course=course)
    except PermissionDenied as error:
        messages.error(request, str(error))
        status = 403
    except ValidationError as error:
        messages.error(request, error.messages[0])
        status = 400
    else:
        messages.success(request, success.format(course=course.title))
        return redirect(course.url)
    # Refused: the course page again, saying why, with a status that says so.
    response = course.serve(request)
    response.status_code = status
    return response


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


def _refused(
    request: HttpRequest, message: str, *, status: int, back: str
) -> HttpResponse:
    """A refusal in words: a fragment for HTMX, a page with a way back otherwise."""
    return TemplateResponse(
        request,
        "courses/partials/error.html" if request.htmx else "courses/refused.html",
        {"message": message, "back": back},
        status=status,
    )


def _lesson_refusal(
    request: HttpRequest, error: PermissionDenied | ValidationError, lesson: LessonPage
) -> HttpResponse:
    """
    What a student did in a lesson, refused: in words for HTMX (403, or 400
    for bad input); a refused plain form gets the site's 403 page.
    """
    if isinstance(error, ValidationError):
        return _refused(request, error.messages[0], status=400, back=lesson.url)
    if not request.htmx:
        raise error
    return _refused(request, str(error), status=403, back=lesson.url)


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
        outcome = quiz_attempt_create(
            viewer=viewer_from_request(request),
            lesson=lesson,
            block_id=block_id,
            answers=answers,
        )
    except (PermissionDenied, ValidationError) as error:
        return _lesson_refusal(request, error, lesson)
    if not request.htmx:
        # The lesson page shows the student's last try at each quiz.
        if outcome.attempt.pk is None:
            messages.info(
                request,
                f"{outcome.attempt.score} of {outcome.attempt.max_score} right. "
                "You teach this course: your answers are not kept.",
            )
        return redirect(f"{lesson.url}#quiz-{block_id}")
    context = {"standing": outcome.standing, "completed_lesson": False}
    if outcome.completed_lesson:
        context.update(
            lesson_progress_context(
                lesson=lesson,
                course=lesson.get_course(),
                viewer=viewer_from_request(request),
            ),
            completed_lesson=True,
        )
    return TemplateResponse(request, "courses/partials/quiz_answered.html", context)


@require_POST
@login_required
def lesson_mark_complete(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = get_object_or_404(LessonPage.objects.live().public(), pk=lesson_id)
    try:
        lesson_complete(viewer=viewer_from_request(request), lesson=lesson)
    except (PermissionDenied, ValidationError) as error:
        return _lesson_refusal(request, error, lesson)
    if request.htmx:
        return TemplateResponse(
            request,
            "courses/partials/lesson_marked_complete.html",
            lesson_progress_context(
                lesson=lesson,
                course=lesson.get_course(),
                viewer=viewer_from_request(request),
            ),
        )
    messages.success(request, "Lesson complete.")
    return redirect(lesson.url)


@require_POST
@login_required
def lesson_notes(request: HttpRequest, lesson_id: int) -> HttpResponse:
    """
    A student's bookmark (`bookmarked`: "true" or "false") or private notes
    (`note`) on a lesson; HTMX autosaves the notes as they are typed.
    """
    lesson = get_object_or_404(LessonPage.objects.live().public(), pk=lesson_id)
    bookmarked = request.POST.get("bookmarked")
    try:
        if bookmarked not in (None, "true", "false"):
            raise ValidationError("Choose to bookmark or not.")
        progress = lesson_notes_save(
            viewer=viewer_from_request(request),
            lesson=lesson,
            bookmarked=None if bookmarked is None else bookmarked == "true",
            note=request.POST.get("note"),
        )
    except (PermissionDenied, ValidationError) as error:
        response = _lesson_refusal(request, error, lesson)
        # Said on the notes' status line, whichever form asked: the
        # bookmark's button stays where it was.
        response.headers["HX-Retarget"] = "#lesson-note-status"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    if request.htmx:
        template = (
            "courses/partials/lesson_bookmark.html"
            if bookmarked is not None
            else "courses/partials/lesson_note_saved.html"
        )
        return TemplateResponse(
            request,
            template,
            {"page": lesson, "bookmarked": progress.bookmarked},
        )
    messages.success(
        request, "Notes saved." if bookmarked is None else "Bookmark saved."
    )
    return redirect(lesson.url)


@require_safe
def lesson_outline_module(
    request: HttpRequest, lesson_id: int, module_id: int
) -> HttpResponse:
    """
    The lessons of a module folded away in a long course's outline beside
    a lesson, as that lesson's page would list them for this reader: HTMX
    asks when they open the module.
    """
    lesson = get_object_or_404(lesson_list_served().defer_streamfields(), pk=lesson_id)
    course = lesson.get_course()
    outline = lesson_outline(
        viewer=viewer_from_request(request), course=course, lesson=lesson
    )
    items = next(
        (items for module, items in outline.modules if module.pk == module_id), None
    )
    if items is None:
        raise Http404
    response = TemplateResponse(
        request, "courses/partials/outline_lessons.html", {"items": items}
    )
    # Done and locked are this reader's.
    patch_cache_control(response, private=True)
    return response


@login_required
def certificate_claim(request: HttpRequest, course_id: int) -> HttpResponse:
    """
    A student who completed the course says once how their name should
    read on its certificate; then, and ever after, they are sent to it.
    """
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    issued = Certificate.objects.filter(user=request.user, course=course).first()
    if issued is not None:
        return redirect(issued)
    if not course_progress(user=request.user, course=course).is_complete:
        return _refused(
            request,
            "Complete every lesson of the course first.",
            status=403,
            back=course.url,
        )
    form = CertificateNameForm(request.POST or None, user=request.user)
    if form.is_valid():
        certificate = certificate_issue(
            user=request.user, course=course, student_name=form.cleaned_data["name"]
        )
        return redirect(certificate)
    return TemplateResponse(
        request,
        "courses/certificate_claim.html",
        {"course": course, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    """
    The student's courses, a page at a time as they scroll (HTMX asks for
    the next ones), with their progress; then their bookmarks and notes.
    """
    courses = scroll_page_of_courses_kept(
        scroll_page_get(
            courses=course_list_enrolled(user=request.user).values_list(
                "pk", flat=True
            ),
            number=request.GET.get("page"),
            per_page=MY_LEARNING_PER_PAGE,
        )
    )
    context = {
        "learning": enrollment_list_with_progress(
            user=request.user, courses=courses.courses
        ),
        "courses_page": courses,
    }
    if request.htmx and not request.htmx.history_restore_request:
        template = "courses/partials/my_learning_courses.html"
    else:
        template = "courses/my_learning.html"
        context["notes"] = lesson_notes_of(user=request.user)
        # For the way to courses when there is none yet.
        if courses.number == 1 and not courses.courses:
            context["catalog"] = CourseIndexPage.objects.live().first()
    response = TemplateResponse(request, template, context)
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _email_refused(
    request: HttpRequest, error: ValidationError, page: CoursePage | LessonPage
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
    return redirect(page.url)


def _email_form(
    request: HttpRequest,
    course: CoursePage,
    form_name: str,
    lesson: LessonPage | None = None,
) -> TemplateResponse:
    """
    A course's email form on its own: what htmx puts into a page that came
    from the page cache (which keeps no CSRF token), or, without
    JavaScript, a page of its own. "notify" asks about `lesson`, if given.
    """
    template = (
        "courses/partials/email_form.html"
        if request.htmx
        else "courses/email_form_page.html"
    )
    heading = (
        f"Get an email when {(lesson or course).title} opens"
        if form_name == "notify"
        else f"Read {course.title} free"
    )
    response = TemplateResponse(
        request,
        template,
        {
            "course": course,
            "form_name": form_name,
            "heading": heading,
            "notify_url": _notify_url(course, lesson),
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _notify_url(course: CoursePage, lesson: LessonPage | None) -> str:
    if lesson is None:
        return reverse("courses:notify_me", args=[course.pk])
    return reverse("courses:lesson_notify_me", args=[lesson.pk])


@require_http_methods(["GET", "HEAD", "POST"])
def email_access_request_view(request: HttpRequest, course_id: int) -> HttpResponse:
    course = get_object_or_404(
        CoursePage.objects.live()
        .public()
        .filter(access_level=CoursePage.AccessLevel.EMAIL),
        pk=course_id,
    )
    if request.method != "POST":
        return _email_form(request, course, "email_access")
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


@require_http_methods(["GET", "HEAD", "POST"])
def notify_me(request: HttpRequest, course_id: int) -> HttpResponse:
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    if request.method != "POST" and not course.is_coming_soon:
        raise Http404("The course is open: there is nothing to be notified of.")
    return _notify_me(request, course)


@require_http_methods(["GET", "HEAD", "POST"])
def lesson_notify_me(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = get_object_or_404(lesson_list_served(), pk=lesson_id)
    course = lesson.get_course()
    if request.method != "POST" and (
        course.is_coming_soon or not lesson.is_coming_soon
    ):
        raise Http404("The lesson is open: there is nothing to be notified of.")
    return _notify_me(request, course, lesson)


def _notify_me(
    request: HttpRequest, course: CoursePage, lesson: LessonPage | None = None
) -> HttpResponse:
    """Put an address on the list of those told when the course or lesson opens."""
    page = lesson or course
    if request.method != "POST":
        return _email_form(request, course, "notify", lesson)
    form = EmailForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter a valid email address.")
        return redirect(page.url)
    try:
        on_the_list = course_notification_request(
            request=request,
            email=form.cleaned_data["email"],
            course=course,
            lesson=lesson,
        )
    except ValidationError as error:
        return _email_refused(request, error, page)
    if on_the_list:
        messages.success(
            request, f"We will email you when the {page._meta.verbose_name} opens."
        )
    else:
        messages.success(
            request,
            "Check your inbox: unless this address is on the list already, "
            "we sent it a link to confirm.",
        )
    return redirect(page.url)


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
    page = notification.page
    messages.success(request, f"Thank you: we will email you when {page.title} opens.")
    return redirect(page.url)


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


@accepts_api_token
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
