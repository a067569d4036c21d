"""
The query chooser of Wagtail's promoted search results lists what people
searched for, and asks no permission of its own: it is for those who may
promote results. portal/urls.py mounts these ahead of Wagtail's admin, at
the same addresses.
"""

from django.urls import path

from wagtail.admin.auth import any_permission_required, require_admin_access
from wagtail.contrib.search_promotions import views

promoters_only = any_permission_required(
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
)

urlpatterns = [
    path(
        "searchpicks/queries/chooser/",
        require_admin_access(promoters_only(views.chooser)),
    ),
    path(
        "searchpicks/queries/chooser/results/",
        require_admin_access(promoters_only(views.chooserresults)),
    ),
]
