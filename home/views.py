from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def robots_txt(request):
    return TemplateResponse(
        request,
        "home/robots.txt",
        {"sitemap_url": request.build_absolute_uri(reverse("sitemap_index"))},
        content_type="text/plain; charset=utf-8",
    )
