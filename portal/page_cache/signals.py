"""
What invalidates the page cache: every change that a public page shows,
from the editor, a workflow, a scheduled publish, the API or code. It
happens once the change is committed, so that no request can read the old
data again and keep it under the new generation.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from commerce.models import Plan
from courses.models import CourseRating, Subject
from courses.published import invalidate_published

# Shown on public pages, or deciding who may see them; saved rarely (never
# while a page renders, as image renditions are).
SHOWN_MODELS = (
    BaseGenericSetting,
    BaseSiteSetting,
    Site,
    PageViewRestriction,
    Subject,
    # Saved as students' reviews change: cards and course pages show it.
    CourseRating,
    AbstractImage,
    AbstractDocument,
    # Which courses some plan unlocks (commerce.selectors.course_may_be_in_a_plan).
    Plan,
)


def invalidate_on_commit(**kwargs) -> None:
    transaction.on_commit(invalidate_published)


def invalidate_on_live_page_created(instance: Page, created: bool, **kwargs) -> None:
    # A live page made without publishing: an alias, a live copy, code's
    # add_child. Drafts, saved as teachers write, change nothing shown.
    if created and instance.live:
        invalidate_on_commit()


def connect_invalidation() -> None:
    # A release is deployed with `migrate`: its templates and static file
    # names replace the kept pages of the release before.
    post_migrate.connect(invalidate_published)
    # A deleted account's name leaves the course pages it taught at once
    # (a new name shows after PAGE_CACHE_SECONDS at most).
    post_delete.connect(invalidate_on_commit, sender=get_user_model())
    page_published.connect(invalidate_on_commit)
    page_unpublished.connect(invalidate_on_commit)
    # Moving covers reordering a course's modules and lessons too.
    post_page_move.connect(invalidate_on_commit)
    for model in apps.get_models():
        if issubclass(model, Page):
            post_delete.connect(invalidate_on_commit, sender=model)
            post_save.connect(invalidate_on_live_page_created, sender=model)
        elif issubclass(model, SHOWN_MODELS):
            post_save.connect(invalidate_on_commit, sender=model)
            post_delete.connect(invalidate_on_commit, sender=model)
    m2m_changed.connect(invalidate_on_commit, sender=Plan.courses.through)
