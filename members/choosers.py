"""
Snippet choosers for records that not everyone in the admin may see.
Wagtail's snippet choosers check only the "add" permission, for their create
tab, so anyone who may enter the admin could list the records and look them
up by id. These choosers ask, on every view, what the snippet's own listing
asks: some permission on the model. They live here, on the lowest floor, so
that every app's snippets may use them.
"""

from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.snippets.views import chooser


class ListingPermissionRequiredMixin(PermissionCheckedMixin):
    any_permission_required = ["add", "change", "delete", "view"]


class ChooseView(ListingPermissionRequiredMixin, chooser.ChooseView):
    pass


class ChooseResultsView(ListingPermissionRequiredMixin, chooser.ChooseResultsView):
    pass


class ChosenView(ListingPermissionRequiredMixin, chooser.SnippetChosenView):
    pass


class ChosenMultipleView(
    ListingPermissionRequiredMixin, chooser.SnippetChosenMultipleView
):
    pass


class RestrictedSnippetChooserViewSet(chooser.SnippetChooserViewSet):
    """Set as a `SnippetViewSet`'s `chooser_viewset_class`."""

    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView
