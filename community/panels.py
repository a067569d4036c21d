"""
Lists that sit under another page and load with HTMX as the reader reaches
them (a lesson's questions, a course's reviews), so that the page itself
stays the same for every reader and can be cached.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from .refusals import validation_error_status

Written = TypeVar("Written")


def panel_form_sent(
    request: HttpRequest,
    *,
    form: Form | None,
    refusal: str,
    write: Callable[[dict], Written],
) -> tuple[Written | None, Form | None, str, int]:
    """
    What the panel's form sent, for the panel to show again: refused (403)
    when `refusal` says why, the form's errors (400) when it is not valid,
    or what `write` made of its data, whose refusal or bad input the panel
    tells too. Gives what was written (None if nothing), the form, the
    refusal and the status.
    """
    if request.method != "POST":
        return None, form, refusal, 200
    if refusal:
        return None, form, refusal, 403
    if not form.is_valid():
        return None, form, refusal, 400
    try:
        return write(form.cleaned_data), form, refusal, 200
    except PermissionDenied as error:
        return None, None, str(error), 403
    except ValidationError as error:
        form.add_error(None, error.messages)
        return None, form, refusal, validation_error_status(error)


def panel_response(
    request: HttpRequest,
    context: dict,
    *,
    page_template: str,
    panel_template: str,
    more_template: str,
    status: int = 200,
) -> TemplateResponse:
    """
    The panel for HTMX; the next items alone when its pager asks for them
    (`?page=`); a page of its own without JavaScript. What it shows
    depends on who asks, and may change at any moment: never kept by a
    shared cache.
    """
    if not request.htmx:
        template = page_template
    elif request.method == "GET" and "page" in request.GET:
        template = more_template
    else:
        template = panel_template
    response = TemplateResponse(request, template, context, status=status)
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ["HX-Request"])
    return response
