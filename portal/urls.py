from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    # The admin has no sign-in form of its own: everyone signs in through
    # allauth, so its rate limits and MFA cannot be bypassed here.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("", include("members.urls")),
    path("learning/", include("courses.urls")),
    path("library/", include("media_library.urls")),
    path("payments/", include("commerce.urls")),
    path("chat/", include("chat.urls")),
    path("accounts/", include("allauth.urls")),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail serves every page; this stays last.
    path("", include(wagtail_urls)),
]
