"""
A lesson's questions, under the lesson: the list, and the form to ask one.
The lesson's page loads them with HTMX (see `lesson_questions_panel` in
wagtail_hooks.py) so that the page itself stays the same for every reader;
without JavaScript they are a page of their own. A question's answers are
on its post's page.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from courses.access import lesson_access
from courses.viewer import viewer_from_request

from .access import post_write_refusal
from .forms import QuestionForm
from .panels import panel_form_sent, panel_response
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
    asked, form, refusal, status = panel_form_sent(
        request,
        form=form,
        refusal=refusal,
        write=lambda data: post_create(
            author=request.user, title=data["title"], body=data["body"], lesson=lesson
        ),
    )
    if asked is not None:
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
    return panel_response(
        request,
        context,
        page_template="community/lesson_questions.html",
        panel_template="community/partials/lesson_questions_panel.html",
        more_template="community/partials/lesson_question_page.html",
        status=status,
    )
