from django.db import models

from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin


class LessonSearchTextQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class LessonSearchText(index.Indexed, models.Model):
    """
    What search may match of a published lesson, in two versions: its
    outline (title and summary), public like the course's outline, and its
    full text (the body too), for those who may read it. Each searcher is
    given exactly one version of each lesson (`lesson_search_text_list`), so
    words only in a lesson's body never reveal it, nor show in a snippet, to
    someone who may not read it. Kept in step with what is published by
    `lesson_search_texts_sync`; drafts and unpublished lessons have none.
    """

    class Kind(models.TextChoices):
        OUTLINE = "outline", "Outline"
        FULL = "full", "Full text"

    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="search_texts"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    free_preview = models.BooleanField(default=False)
    title = models.CharField(max_length=255)
    text = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True)

    objects = LessonSearchTextQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("text"),
        index.FilterField("lesson"),
        index.FilterField("kind"),
        index.FilterField("course"),
        index.FilterField("free_preview"),
        index.FilterField("published_at"),
    ]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "kind"], name="courses_lesson_search_text_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()})"
