"""
The chooser lessons use for video and audio: a teacher picks among their own
media and what is public, never someone else's private files.
"""

from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet


class PlayableAssetsMixin:
    def get_object_list(self):
        from .selectors import assets_usable_in_lessons

        return assets_usable_in_lessons(user=self.request.user)


class PlayableAssetChooseView(PlayableAssetsMixin, ChooseView):
    pass


class PlayableAssetChooseResultsView(PlayableAssetsMixin, ChooseResultsView):
    pass


class PlayableAssetChooserViewSet(ChooserViewSet):
    model = "media_library.MediaAsset"
    icon = "media"
    choose_one_text = "Choose a video or audio file"
    choose_another_text = "Choose another file"
    edit_item_text = "View this file"
    choose_view_class = PlayableAssetChooseView
    choose_results_view_class = PlayableAssetChooseResultsView


playable_asset_chooser_viewset = PlayableAssetChooserViewSet(
    "media_library_playable_chooser"
)
