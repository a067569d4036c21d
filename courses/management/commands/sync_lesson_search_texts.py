from django.core.management.base import BaseCommand

from courses.models import CourseIndexPage, LessonSearchText
from courses.services import lesson_search_texts_sync


class Command(BaseCommand):
    help = (
        "Rebuild what search may match of every published lesson, course by "
        "course. Publishing keeps it up to date; run this once after upgrading "
        "to a version that has search, then `update_index`."
    )

    def handle(self, *args, **options) -> None:
        for index in CourseIndexPage.objects.all():
            lesson_search_texts_sync(page_id=index.pk)
        texts = LessonSearchText.objects.filter(kind=LessonSearchText.Kind.OUTLINE)
        self.stdout.write(f"{texts.count()} published lesson(s) are searchable.")
