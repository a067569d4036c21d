"""
A lesson's questions, under the lesson: the list, and the form to ask one.
The lesson's page loads them with HTMX (see `lesson_questions_panel` in
wagtail_hooks.py) so that the page itself stays the same for every reader;
without JavaScript they are a page of their own. A question's answers are
on its post's page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_http_methods

from courses.access import lesson_access
from courses.viewer import viewer_from_request

from .access import post_write_refusal
from .forms import QuestionForm
from .refusals import validation_error_status
from .selectors import question_lesson_get, question_list
from .services import post_create

QUESTIONS_PER_PAGE = 20


@require_http_methods(["GET", "POST"])
def lesson_questions(request: HttpRequest, lesson_pk: int) -> HttpResponse:
    """
    The questions of a lesson the viewer may read (404 otherwise: nobody
    learns about a lesson's questions who may not read the lesson), and
    the form to ask one for those who may write there, newest first and
    twenty at a time: HTMX asks for the next page (`?page=`) as the list's
    end shows, a plain link without scripts. Asking answers with the panel
    again (HTMX) or goes to the new question's page.
    """
    lesson, course = question_lesson_get(pk=lesson_pk)
    viewer = viewer_from_request(request)
    if not lesson_access(viewer=viewer, lesson=lesson, course=course).allowed:
        raise Http404
    refusal = post_write_refusal(user=request.user, course=course, lesson=lesson)
    form = None if refusal else QuestionForm(request.POST or None)
    asked = None
    status = 200
    if request.method == "POST":
        if refusal:
            status = 403
        elif not form.is_valid():
            status = 400
        else:
            try:
                asked = post_create(
                    author=request.user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    lesson=lesson,
                )
            except PermissionDenied as error:
                form, refusal, status = None, str(error), 403
            except ValidationError as error:
                form.add_error(None, error.messages)
                status = validation_error_status(error)
            else:
                if not request.htmx:
                    messages.success(
                        request,
                        "Your question is posted."
                        if asked.is_published
                        else "Your question is held for review.",
                    )
                    return redirect(asked)
                form = QuestionForm()
    questions = Paginator(
        question_list(viewer=viewer, lesson=lesson), QUESTIONS_PER_PAGE
    ).get_page(None if asked else request.GET.get("page"))
    context = {
        "lesson": lesson,
        "questions": questions,
        "form": form,
        "refusal": refusal,
        "asked": asked,
    }
    if not request.htmx:
        template = "community/lesson_questions.html"
    elif request.method == "GET" and "page" in request.GET:
        template = "community/partials/lesson_question_page.html"
    else:
        template = "community/partials/lesson_questions_panel.html"
    response = TemplateResponse(request, template, context, status=status)
    # Who may read the lesson, and its questions, change at any moment.
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ["HX-Request"])
    return response
