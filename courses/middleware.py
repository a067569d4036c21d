from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from .models import CoursePage


class CourseSubdomainMiddleware:
    """
    With COURSE_SUBDOMAIN_DOMAIN set (say "lectern.example.com"),
    <course-slug>.lectern.example.com redirects to the course's page, and an
    unknown subdomain to the site itself. ALLOWED_HOSTS must admit the
    subdomains (".lectern.example.com").
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        domain = settings.COURSE_SUBDOMAIN_DOMAIN
        if domain:
            host = request.get_host().split(":")[0].lower()
            slug, dot, parent = host.partition(".")
            if dot and parent == domain and slug != "www":
                course = CoursePage.objects.live().public().filter(slug=slug).first()
                target = course.full_url if course else f"{request.scheme}://{domain}/"
                return HttpResponseRedirect(target)
        return self.get_response(request)
