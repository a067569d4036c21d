"""
The REST API, /api/v1/: each app's router (its api.py) mounted in one
django-ninja API, with the OpenAPI schema at /api/v1/openapi.json and the
interactive docs at /api/v1/docs. What every router shares (the token, the
error and list shapes) is in members/api_base.py.
"""

from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    ValidationError,
)
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from chat.api import router as chat_router
from commerce.api import router as commerce_router
from community.api import router as community_router
from courses.api import router as courses_router
from media_library.api import router as media_router
from members.api import auth_router, me_router
from members.api_base import ApiError, TextParser, token_auth
from notifications.api import router as notifications_router
from search.api import router as search_router


class LecternAPI(NinjaAPI):
    """
    The schema is built once a process: it changes only with the code, and
    building it takes most of a second (measured: 0.7 s), which anyone could
    otherwise ask for again and again at /api/v1/openapi.json. Every caller
    gets the one schema: none may change it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._schemas = {}

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        if path_prefix not in self._schemas:
            self._schemas[path_prefix] = super().get_openapi_schema(
                path_prefix=path_prefix
            )
        return self._schemas[path_prefix]


api = LecternAPI(
    title="Lectern API",
    version="1",
    description=(
        "Courses, learning, media, community, chat and search with the same "
        "rules as the site. Obtain a token pair at `POST /api/v1/auth/token`, "
        "then send `Authorization: Bearer <access>`."
    ),
    urls_namespace="api",
    auth=token_auth,
    parser=TextParser(),
)

api.add_router("/auth", auth_router)
api.add_router("/me", me_router)
# Subjects, courses, lessons and /learning/…: the course rule's resources.
api.add_router("", courses_router)
api.add_router("/media", media_router)
api.add_router("/community", community_router)
api.add_router("/notifications", notifications_router)
api.add_router("/chat", chat_router)
api.add_router("/search", search_router)
api.add_router("/commerce", commerce_router)


def _error(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    *,
    fields: dict | None = None,
    detail: dict | None = None,
    headers: dict | None = None,
) -> HttpResponse:
    response = api.create_response(
        request,
        {
            "code": code,
            "message": message,
            "fields": fields or {},
            "detail": detail or {},
        },
        status=status,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


@api.exception_handler(ApiError)
def api_error(request: HttpRequest, error: ApiError) -> HttpResponse:
    headers = dict(error.headers)
    if error.status == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="api"')
    return _error(
        request,
        error.status,
        error.code,
        error.message,
        fields=error.fields,
        detail=error.detail,
        headers=headers,
    )


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return _error(
        request,
        401,
        "not_authenticated",
        "Sign in: send an access token as `Authorization: Bearer <token>`.",
        headers={"WWW-Authenticate": 'Bearer realm="api"'},
    )


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return _error(
        request,
        403,
        "permission_denied",
        str(error) or "You may not do that.",
    )


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """What a service refused as bad input: 400 with what was wrong with
    which field; or 429 when it was one time too many (code "rate_limited")."""
    if hasattr(error, "error_dict"):
        fields, codes = error.message_dict, set()
    else:
        fields, codes = {}, {item.code for item in error.error_list}
    if "rate_limited" in codes:
        return _error(request, 429, "rate_limited", " ".join(error.messages))
    return _error(
        request,
        400,
        next(iter(codes - {None}), None) or "invalid",
        " ".join(error.messages),
        fields=fields,
    )


@api.exception_handler(SchemaValidationError)
def schema_invalid(request: HttpRequest, error: SchemaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for problem in error.errors:
        # ("body", "payload", "title") names the field "title".
        location = [str(part) for part in problem.get("loc", ()) if part]
        name = location[-1] if location else "request"
        fields.setdefault(name, []).append(problem.get("msg", "Invalid."))
    return _error(
        request,
        422,
        "invalid",
        "Some fields are missing or not valid.",
        fields=fields,
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Exception) -> HttpResponse:
    return _error(request, 404, "not_found", "There is nothing here.")


api.add_exception_handler(ObjectDoesNotExist, not_found)
# An id past the database's integers (SQLite says so by overflowing) names
# nothing that exists.
api.add_exception_handler(OverflowError, not_found)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    """What django-ninja refuses itself, such as a body that is not JSON."""
    code = "bad_request" if error.status_code == 400 else "error"
    return _error(request, error.status_code, code, error.message)


@api.exception_handler(SuspiciousOperation)
def bad_request(request: HttpRequest, error: SuspiciousOperation) -> HttpResponse:
    if isinstance(error, RequestDataTooBig):
        return _error(request, 413, "too_large", "The request is too large.")
    return _error(request, 400, "bad_request", "The request is not valid.")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 (handler404): the API's under /api/, the site's elsewhere."""
    if request.path.startswith("/api/"):
        return api_not_found(request)
    return defaults.page_not_found(request, exception)


def api_not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any other address under /api/: the API's 404, not the site's page."""
    return JsonResponse(
        {
            "code": "not_found",
            "message": "There is no such API address. See /api/v1/docs.",
            "fields": {},
            "detail": {},
        },
        status=404,
    )
