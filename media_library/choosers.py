"""
The chooser lessons use for video and audio: a teacher picks among their own
media and what is public, never someone else's private files, or uploads a
new file of their own through the site's upload (the same form and service).
"""

from django.core.exceptions import ValidationError

from wagtail.admin.views.generic.chooser import (
    ChooseResultsView,
    ChooseView,
    ChosenMultipleView,
    ChosenView,
    CreateView,
)
from wagtail.admin.viewsets.chooser import ChooserViewSet

from members.selectors import user_has_verified_email


class PlayableAssetsMixin:
    """Every view of the chooser, listing or looking up by id, offers the same."""

    def get_object_list(self):
        # Imported here: courses.models loads this chooser through its lesson blocks.
        from .selectors import asset_list_usable_in_lessons

        return asset_list_usable_in_lessons(user=self.request.user)

    def get_object(self, pk):
        return self.get_object_list().get(pk=pk)

    def get_objects(self, pks):
        return self.get_object_list().filter(pk__in=pks)


class UploadMixin:
    """
    The upload tab: for those the site lets upload (MediaAsset's permission
    policy refuses "add", which is for the admin's own snippet forms).
    """

    def can_create(self):
        return user_has_verified_email(user=self.request.user)

    def get_creation_form_kwargs(self):
        return {**super().get_creation_form_kwargs(), "user": self.request.user}


class PlayableAssetChooseView(UploadMixin, PlayableAssetsMixin, ChooseView):
    pass


class PlayableAssetChooseResultsView(
    UploadMixin, PlayableAssetsMixin, ChooseResultsView
):
    pass


class PlayableAssetChosenView(PlayableAssetsMixin, ChosenView):
    pass


class PlayableAssetChosenMultipleView(PlayableAssetsMixin, ChosenMultipleView):
    pass


class PlayableAssetCreateView(UploadMixin, CreateView):
    """Store the upload as the site does, and choose it at once."""

    def post(self, request):
        self.form = self.get_creation_form()
        if self.form.is_valid():
            try:
                asset = self.form.save(owner=request.user)
            except ValidationError as error:
                # Refused by its content (type, size, damage): nothing is kept.
                self.form.add_error(None, error)
            else:
                return self.get_chosen_response(asset)
        # Wagtail's modal shows the form again, with its errors, from a 200.
        return self.get_reshow_creation_form_response()


class PlayableAssetChooserViewSet(ChooserViewSet):
    model = "media_library.MediaAsset"
    icon = "media"
    choose_one_text = "Choose a video or audio file"
    choose_another_text = "Choose another file"
    edit_item_text = "View this file"
    choose_view_class = PlayableAssetChooseView
    choose_results_view_class = PlayableAssetChooseResultsView
    chosen_view_class = PlayableAssetChosenView
    chosen_multiple_view_class = PlayableAssetChosenMultipleView
    create_view_class = PlayableAssetCreateView
    # A string: lesson blocks import this module before the forms' imports load.
    creation_form_class = "media_library.forms.PlayableUploadForm"
    creation_tab_label = "Upload"
    create_action_label = "Upload"
    create_action_clicked_label = "Uploading…"


playable_asset_chooser_viewset = PlayableAssetChooserViewSet(
    "media_library_playable_chooser"
)
