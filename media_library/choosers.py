"""
The chooser lessons use for video and audio: a teacher picks among their own
media and what is public, never someone else's private files.
"""

from wagtail.admin.views.generic.chooser import (
    ChooseResultsView,
    ChooseView,
    ChosenMultipleView,
    ChosenView,
)
from wagtail.admin.viewsets.chooser import ChooserViewSet


class PlayableAssetsMixin:
    """Every view of the chooser, listing or looking up by id, offers the same."""

    def get_object_list(self):
        from .selectors import assets_usable_in_lessons

        return assets_usable_in_lessons(user=self.request.user)

    def get_object(self, pk):
        return self.get_object_list().get(pk=pk)

    def get_objects(self, pks):
        return self.get_object_list().filter(pk__in=pks)


class PlayableAssetChooseView(PlayableAssetsMixin, ChooseView):
    pass


class PlayableAssetChooseResultsView(PlayableAssetsMixin, ChooseResultsView):
    pass


class PlayableAssetChosenView(PlayableAssetsMixin, ChosenView):
    pass


class PlayableAssetChosenMultipleView(PlayableAssetsMixin, ChosenMultipleView):
    pass


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


playable_asset_chooser_viewset = PlayableAssetChooserViewSet(
    "media_library_playable_chooser"
)
