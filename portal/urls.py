from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as document_serve

from members.api_base import accepts_api_token

from .api import api, api_not_found, page_not_found

urlpatterns = [
    # Neither the admin nor Wagtail's private pages have a sign-in form of
    # their own: everyone signs in through allauth, so its rate limits and
    # MFA cannot be bypassed here.
    *(
        path(
            login_path,
            RedirectView.as_view(pattern_name="account_login", query_string=True),
        )
        for login_path in ("admin/login/", "_util/login/")
    ),
    # Admin views that would name pages a teacher may not see, narrowed.
    path("admin/", include("courses.admin_urls")),
    path("admin/", include("search.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("", include("members.urls")),
    path("learning/", include("courses.urls")),
    path("library/", include("media_library.urls")),
    path("payments/", include("commerce.urls")),
    path("chat/", include("chat.urls")),
    path("community/", include("community.urls")),
    path("notifications/", include("notifications.urls")),
    path("search/", include("search.urls")),
    # Support pages: robots.txt and the sitemap.
    path("", include("home.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<path>.*)$", api_not_found),
    # Documents, lesson files among them, go to API clients by their token too.
    re_path(
        r"^documents/(\d+)/(.*)$",
        accepts_api_token(document_serve.serve),
        name="wagtaildocs_serve",
    ),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = page_not_found

urlpatterns += [
    # Wagtail serves every page; this stays last.
    path("", include(wagtail_urls)),
]
