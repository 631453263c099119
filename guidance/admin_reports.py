"""Admin reports: guidance overdue for review, and the full version history (deleted documents
included), with the archived content of any version."""

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone

from wagtail.admin.views.reports import PageReportView, ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from portal.core.spreadsheets import SpreadsheetSafeExportMixin

from .models import GuidancePage, GuidanceVersion
from .review import overdue_for_review


class ReviewOverdueReportView(SpreadsheetSafeExportMixin, PageReportView):
    """Documents whose owners should have reviewed them by now, most overdue first."""

    page_title = "Guidance overdue for review"
    header_icon = "time"
    results_template_name = "guidance/admin/review_overdue_results.html"
    index_url_name = "guidance_review_overdue"
    index_results_url_name = "guidance_review_overdue_results"
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "content_owner", "review_by", "days_overdue", "full_url"]
    export_headings = {
        "content_owner": "Owner",
        "review_by": "Review by",
        "days_overdue": "Days overdue",
        "full_url": "Address",
    }

    def get_filename(self):
        return f"guidance-overdue-for-review-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        editable = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        self.queryset = overdue_for_review().filter(pk__in=editable.values("pk"))
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        for page in object_list:
            page.days_overdue = (today - page.review_by).days
        return object_list


class VersionHistoryReportView(SpreadsheetSafeExportMixin, ReportView):
    """Every recorded version of every guidance document, including deleted documents."""

    page_title = "Guidance version history"
    header_icon = "history"
    model = GuidanceVersion
    results_template_name = "guidance/admin/version_history_results.html"
    index_url_name = "guidance_version_history"
    index_results_url_name = "guidance_version_history_results"
    list_export = [
        "title",
        "number",
        "change_type",
        "change_note",
        "published_at",
        "published_by_name",
        "url_path",
        "state",
    ]
    export_headings = {
        "published_by_name": "Published by",
        "url_path": "Address",
        "number": "Version",
    }

    @property
    def permission_policy(self):
        return PagePermissionPolicy()

    any_permission_required = ["add", "change", "publish"]

    def get_filename(self):
        return f"guidance-version-history-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        return (
            GuidanceVersion.objects.select_related("page")
            .defer("content", "page__sections")
            .order_by("-published_at", "-sequence")
        )

    def decorate_paginated_queryset(self, object_list):
        for version in object_list:
            if version.page is None:
                version.state = "Deleted"
            else:
                version.state = "Live" if version.page.live else "Unpublished"
        return object_list


def archived_version(request, pk):
    """One version's content as published, from its frozen copy: readable even after the
    document was deleted and its revisions went with it."""
    if not PagePermissionPolicy().user_has_any_permission(
        request.user, ["add", "change", "publish"]
    ):
        raise PermissionDenied
    version = get_object_or_404(GuidanceVersion, pk=pk)
    document = GuidancePage.from_serializable_data(version.content, check_fks=False)
    return TemplateResponse(
        request,
        "guidance/admin/archived_version.html",
        {
            "version": version,
            "document": document,
            "page_title": str(version),
            "header_icon": "history",
        },
    )
