"""
Wagtail admin views that look pages up by id and show their titles, with no
hook to narrow them: each is wrapped here so that a page the user may not
see is not found. The page types report (which names the latest page of
each type, whoever wrote it) and the forms listing (whose filters name
everyone who owns or edited a page) are only for those who see every page.
The workflows report's own filter names only those who requested the
workflows it lists (admin_views.ReportedWorkflowsView).
portal/urls.py mounts these ahead of Wagtail's admin, at the same addresses.
"""

from django.urls import path

from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import chooser
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.contrib.forms.views import FormPagesListView
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .admin_views import (
    ReportedWorkflowsView,
    every_page_visible_required,
    visible_pages_required,
)
from .admin_visibility import pages_choosable_by, pages_explorable_by

explorable_pages_required = visible_pages_required(pages_explorable_by)
choosable_pages_required = visible_pages_required(pages_choosable_by)

urlpatterns = [
    path(
        "pages/<int:parent_page_id>/",
        explorable_pages_required(
            page_viewset_registry.as_view(
                "index", parent_page_id_kwarg="parent_page_id"
            )
        ),
    ),
    path(
        "pages/<int:parent_page_id>/results/",
        explorable_pages_required(
            page_viewset_registry.as_view(
                "index_results", parent_page_id_kwarg="parent_page_id"
            )
        ),
    ),
    path(
        "choose-page/<int:parent_page_id>/",
        choosable_pages_required(chooser.BrowseView.as_view()),
    ),
    path(
        "choose-page/chosen-multiple/",
        choosable_pages_required(chooser.ChosenMultipleView.as_view()),
    ),
    path(
        "pages/create/<slug:app_label>/<slug:model_name>",
        explorable_pages_required(
            page_viewset_registry.as_view(
                "choose_parent",
                app_label_kwarg="app_label",
                model_name_kwarg="model_name",
            )
        ),
    ),
    path(
        "reports/page-types-usage/",
        every_page_visible_required(PageTypesUsageReportView.as_view()),
    ),
    path(
        "reports/page-types-usage/results/",
        every_page_visible_required(
            PageTypesUsageReportView.as_view(results_only=True)
        ),
    ),
    path("reports/workflow/", ReportedWorkflowsView.as_view()),
    path(
        "reports/workflow/results/",
        ReportedWorkflowsView.as_view(results_only=True),
    ),
    path("forms/", every_page_visible_required(FormPagesListView.as_view())),
    path(
        "forms/results/",
        every_page_visible_required(FormPagesListView.as_view(results_only=True)),
    ),
]

urlpatterns = decorate_urlpatterns(urlpatterns, require_admin_access)
