from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from wagtail.contrib.forms.models import FormSubmission

from courses.models import CourseIndexPage, CoursePage
from courses.selectors import course_list
from members.models import User

from .models import ContactPage, HomePage

NEWEST_COURSES_SHOWN = 6


@dataclass(frozen=True)
class HomePageCourses:
    catalog: CourseIndexPage | None
    featured: list[CoursePage]
    newest: list[CoursePage]


def catalog_get(request: HttpRequest | None = None) -> CourseIndexPage | None:
    """
    The live course catalog, if the site has one: looked up once a request
    (the header links to it on every page, the home page lists from it).
    """
    if request is not None and hasattr(request, "_catalog"):
        return request._catalog
    catalog = CourseIndexPage.objects.live().first()
    if request is not None:
        request._catalog = catalog
    return catalog


def home_page_courses(
    *, page: HomePage, request: HttpRequest | None = None
) -> HomePageCourses:
    """
    The courses the home page shows, as the catalog lists them: those its
    editors featured, in their order, then the newest of the others.
    """
    catalog = catalog_get(request)
    if catalog is None:
        return HomePageCourses(catalog=None, featured=[], newest=[])
    listed = course_list(index=catalog, sort="newest")
    # Read through the page, not the database, so that previews show the
    # editor's unsaved choice.
    chosen = [item.course_id for item in page.featured_courses.all()]
    newest = listed.exclude(pk__in=chosen).values("pk")[:NEWEST_COURSES_SHOWN]
    # Both lists in one query, newest first.
    shown = list(listed.filter(Q(pk__in=chosen) | Q(pk__in=newest)))
    by_pk = {course.pk: course for course in shown}
    return HomePageCourses(
        catalog=catalog,
        featured=[by_pk[pk] for pk in chosen if pk in by_pk],
        newest=[course for course in shown if course.pk not in chosen],
    )


def contact_messages_of(*, user: User) -> QuerySet[FormSubmission]:
    """
    The contact messages sent from the addresses `user` has verified,
    whatever their case: an address added but not verified could be
    anyone's, and so could the messages sent from it.
    """
    addresses = set(
        user.emailaddress_set.filter(verified=True).values_list("email", flat=True)
    )
    if not addresses:
        return FormSubmission.objects.none()
    return FormSubmission.objects.filter(
        reduce(or_, (Q(form_data__email__iexact=email) for email in addresses)),
        page__in=ContactPage.objects.all(),
    )
