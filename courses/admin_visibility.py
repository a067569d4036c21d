"""
What the Wagtail admin shows each user. Teachers see their own courses and
uploads, shared files and published pages, never another teacher's drafts.

Listings that ask Wagtail's permission policies (the explorer, page search,
the site history, the image and document choosers and listings) follow the
policies in `courses.permissions`. The rest ask here: the page chooser, the
admin views wrapped in `courses.admin_views`, and the editor's form, which
checks the files a page is given.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr

from wagtail.admin.forms.pages import WagtailAdminPageForm
from wagtail.blocks import StreamValue
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.query import PageQuerySet

from members.models import User


def pages_explorable_by(*, user: User) -> PageQuerySet:
    return policy_registry.get_by_type(Page).explorable_instances(user)


def pages_choosable_by(*, user: User) -> PageQuerySet:
    """
    The pages `user` may pick in a chooser: those they may explore, and
    published pages that no unpublished page hides (to link to a live page
    of the site).
    """
    hiding_draft = Page.objects.filter(
        live=False, path=Substr(OuterRef("path"), 1, Length("path"))
    )
    return Page.objects.filter(
        Q(pk__in=pages_explorable_by(user=user).values("pk"))
        | (Q(live=True) & ~Exists(hiding_draft))
    )


def user_sees_every_page(*, user: User) -> bool:
    return policy_registry.get_by_type(Page).pages_of_other_courses(user) is None


def files_choosable_by(*, user: User, model: type[Model]) -> QuerySet:
    """The images or documents `user` may pick: see UploadPermissionPolicy."""
    policy = policy_registry.get_by_type(model)
    return policy.instances_user_has_permission_for(user, "choose")


def items_visible_to(*, user: User, model: type[Model]) -> QuerySet:
    if issubclass(model, Page):
        return pages_explorable_by(user=user)
    return files_choosable_by(user=user, model=model)


def files_in(value) -> set[tuple[type[Model], str]]:
    """The images and documents in a form value: a chooser's, or a StreamField's."""
    file_models = {get_image_model(), get_document_model()}
    if isinstance(value, StreamValue):
        references = value.stream_block.extract_references(value)
        return {
            (model, str(pk)) for model, pk, _, _ in references if model in file_models
        }
    if type(value) in file_models:
        return {(type(value), str(value.pk))}
    return set()


class CourseContentPageForm(WagtailAdminPageForm):
    """
    The editor's form for courses, modules and lessons. An image or document
    placed in them must be one the editor may choose (their own upload or a
    shared one); those already there stay, whoever placed them. The choosers
    offer nothing else, so only a forged id is refused, outright: a form shown
    again with the file in it would name the file.
    """

    def clean(self) -> dict:
        cleaned_data = super().clean()
        for name, value in cleaned_data.items():
            placed = files_in(value) - files_in(getattr(self.instance, name, None))
            for model, pk in placed:
                choosable = files_choosable_by(user=self.for_user, model=model)
                if not choosable.filter(pk=pk).exists():
                    raise PermissionDenied
        return cleaned_data
