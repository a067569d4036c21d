"""
The sitemap: the site's live, public pages (Wagtail's sitemap), less what
an anonymous visitor may not read by the course rule (courses/access.py):
lessons they may not read, and modules of an unpublished course. Course
outlines are public, so courses and their modules are listed.
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from courses.access import lesson_list_readable
from courses.models import CoursePage, LessonPage, ModulePage
from courses.viewer import Viewer


class PublicPagesSitemap(Sitemap):
    # Fewer than the protocol's 50,000 a file, so that each file is quick
    # to make; the index lists as many files as it takes.
    limit = 5000

    def items(self):
        anyone = Viewer(user=AnonymousUser())
        # A module's course: one step up the tree.
        course_path = Substr(
            OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen
        )
        modules = ModulePage.objects.filter(
            Exists(CoursePage.objects.live().filter(path=course_path))
        )
        lessons = lesson_list_readable(viewer=anyone)
        # Pages outside courses, and the modules and lessons anyone may see.
        in_courses = ContentType.objects.get_for_models(ModulePage, LessonPage)
        return (
            super()
            .items()
            .filter(
                ~Q(content_type__in=in_courses.values())
                | Q(pk__in=modules.values("pk"))
                | Q(pk__in=lessons.values("pk"))
            )
        )

    def get_latest_lastmod(self) -> None:
        # The index gives no date (it is optional): Django's would load every
        # page, and even a MAX() runs the filter above once more (1-4 s at
        # 20,000 pages on a busy machine).
        return None


SITEMAPS = {"pages": PublicPagesSitemap}
