from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

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
