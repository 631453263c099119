"""Admin: each report's audit trail (a page and its CSV), reached from the report's own menus
and from Reports → Annual report audit trail, for SMB editors and approvers."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from . import admin_views
from .models import AnnualReportPage


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_see_audit(request.user)


class AuditTrailButton(PageMenuItem):
    label = "Audit trail"
    icon_name = "history"
    url_name = "reports_audit"
    priority = 66

    def is_shown(self, user):
        return admin_views.may_see_audit(user)


def _is_report(page):
    return page is not None and page.specific_class is AnnualReportPage


@hooks.register("register_admin_urls")
def report_admin_urls():
    return [
        path("annual-reports/audit/", admin_views.audit_index, name="reports_audit_index"),
        path("annual-reports/<int:pk>/audit/", admin_views.audit_page, name="reports_audit"),
        path("annual-reports/<int:pk>/audit.csv", admin_views.audit_csv, name="reports_audit_csv"),
    ]


@hooks.register("register_reports_menu_item")
def audit_menu_item():
    return AuditMenuItem(
        "Annual report audit trail",
        reverse("reports_audit_index"),
        name="annual-report-audit",
        icon_name="history",
        order=1400,
    )


@hooks.register("register_page_header_buttons")
def audit_header_button(page, user, view_name=None, next_url=None):
    if _is_report(page):
        yield AuditTrailButton(page=page)


@hooks.register("register_page_listing_more_buttons")
def audit_listing_button(page, user, next_url=None):
    if _is_report(page):
        yield AuditTrailButton(page=page)


@hooks.register("register_permissions")
def audit_permission():
    return Permission.objects.filter(
        content_type__app_label="reports", codename="view_report_audit"
    )
