from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

import django_filters

from members.choosers import RestrictedSnippetChooserViewSet
from members.selectors import ProfileSection

from .choosers import playable_asset_chooser_viewset
from .models import MediaAsset
from .selectors import asset_data_export, asset_list_public


class MediaAssetPermissionPolicy(ModelPermissionPolicy):
    """
    Assets arrive through the site's upload, which checks files (and the
    lesson chooser's, which is the same), never the admin's snippet forms.
    """

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


register_permission_policy(MediaAsset, MediaAssetPermissionPolicy(MediaAsset))


class MediaAssetFilterSet(WagtailFilterSet):
    hidden = django_filters.BooleanFilter(
        field_name="hidden_at",
        lookup_expr="isnull",
        exclude=True,
        label=_("Hidden by a teacher"),
    )

    class Meta:
        model = MediaAsset
        fields = ["kind", "visibility", "live", "course"]


class MediaAssetViewSet(SnippetViewSet):
    model = MediaAsset
    icon = "media"
    menu_label = _("Media library")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["title", "kind", "owner", "visibility", LiveStatusTagColumn()]
    filterset_class = MediaAssetFilterSet
    # Search the database directly, so that uploaders are found by name or email.
    search_backend_name = None
    search_fields = [
        "title",
        "description",
        "owner__email",
        "owner__display_name",
        "owner__first_name",
        "owner__last_name",
    ]
    inspect_view_enabled = True
    chooser_viewset_class = RestrictedSnippetChooserViewSet


register_snippet(MediaAssetViewSet)


@hooks.register("register_admin_viewset")
def register_playable_asset_chooser():
    return playable_asset_chooser_viewset


@hooks.register("register_account_data")
def export_media(user) -> dict:
    return asset_data_export(user=user)


# How many of a member's public media their profile page shows.
PROFILE_MEDIA_COUNT = 8


@hooks.register("register_profile_section", order=200)
def show_public_media_on_profile(member) -> ProfileSection:
    return ProfileSection(
        template_name="media_library/partials/profile_media.html",
        context={
            "media": asset_list_public(uploader=str(member.pk))[:PROFILE_MEDIA_COUNT]
        },
    )
