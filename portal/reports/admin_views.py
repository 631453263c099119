"""The annual reports' audit trail in the admin, on a page and as CSV, for SMB editors and
approvers (the permission reports.view_report_audit)."""

import csv
import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from portal.core.spreadsheets import spreadsheet_safe

from . import audit
from .models import AnnualReportPage

PERMISSION = "reports.view_report_audit"


def may_see_audit(user):
    return user.is_authenticated and user.has_perm(PERMISSION)


def _report_or_404(request, pk):
    if not may_see_audit(request.user):
        raise PermissionDenied
    return get_object_or_404(AnnualReportPage, pk=pk)


def audit_index(request):
    """Every annual report, whatever its state, with where it stands and a link to its trail."""
    if not may_see_audit(request.user):
        raise PermissionDenied
    reports = AnnualReportPage.objects.order_by("-year_start", "area").only(
        "id",
        "title",
        "area",
        "year_start",
        "live",
        "has_unpublished_changes",
        "expired",
        "path",
        "depth",
        "url_path",
        "content_type_id",
    )
    rows = [{"report": report, "status": audit.status(report)} for report in reports]
    return TemplateResponse(
        request,
        "reports/admin/audit_index.html",
        {
            "rows": rows,
            "page_title": "Annual report audit trail",
            "header_title": "Annual report audit trail",
            "header_icon": "history",
        },
    )


def audit_page(request, pk):
    report = _report_or_404(request, pk)
    trail = audit.audit_trail(report)
    return TemplateResponse(
        request,
        "reports/admin/audit.html",
        {
            "report": report,
            "status": audit.status(report),
            "trail": trail,
            "summary": audit.summary(trail),
            "csv_url": reverse("reports_audit_csv", args=[report.pk]),
            "page_title": f"Audit trail: {report.title}",
            "header_title": f"Audit trail: {report.title}",
            "header_icon": "history",
        },
    )


def audit_csv(request, pk):
    report = _report_or_404(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = f"{datetime.date.today():%Y-%m-%d}"
    response["Content-Disposition"] = f'attachment; filename="{report.slug}-audit-{stamp}.csv"'
    writer = csv.DictWriter(response, fieldnames=audit.CSV_COLUMNS)
    writer.writeheader()
    for row in audit.csv_rows(audit.audit_trail(report)):
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    return response
