"""Admin for training records: the agency report (Reports → Training report, with its own CSV
export), one person's records as CSV for a subject access request (Reports → Training records
export), corrections in the site history, and modules whose guidance has changed (a warning
on the module's edit view and a dashboard panel for editors)."""

import csv
import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import ReportView

from portal.core.spreadsheets import SpreadsheetSafeExportMixin, safe_rows

from . import report as training_report
from .guidance_link import modules_behind_guidance, review_for
from .models import Completion, ModulePage
from .records import (
    CORRECTED,
    SAR_COLUMNS,
    VOIDED,
    correct_completion,
    may_correct,
    subject_access_rows,
)


@hooks.register("register_log_actions")
def training_log_actions(actions):
    actions.register_action(CORRECTED, "Correct training record", "Corrected a training record")
    actions.register_action(VOIDED, "Withdraw training record", "Withdrew a training record")


# -- the agency report -------------------------------------------------------------------------


class TrainingReportView(SpreadsheetSafeExportMixin, ReportView):
    """The same report as /training/report/, for the same people, in the admin."""

    page_title = "Training report"
    header_icon = "table"
    results_template_name = "training/admin/report_results.html"
    index_url_name = "training_admin_report"
    index_results_url_name = "training_admin_report_results"
    paginate_by = 100
    list_export = [
        "agency_title",
        "module_title",
        "requirement_label",
        "practitioners",
        "in_date",
        "percentage",
        "expiring",
        "expired",
        "refresher",
        "in_progress",
        "not_started",
        "guidance_changed",
    ]
    export_headings = dict(zip(list_export, training_report.CSV_COLUMNS, strict=True))

    def dispatch(self, request, *args, **kwargs):
        if not training_report.may_see_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"training-report-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        try:
            self.report = training_report.build(self.request.user, self.request.GET)
        except training_report.BadFilter as error:
            messages.error(self.request, str(error))
            self.report = training_report.build(self.request.user, {})
        return self.report.rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = self.report
        context["site_report_url"] = reverse("training:report")
        return context


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return training_report.may_see_report(request.user)


# -- one person's records: subject access export and corrections -------------------------------


class ExportForm(forms.Form):
    username = forms.CharField(max_length=150, help_text="The person's username, exactly.")

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError("There is no account with that username.")
        self.user = user
        return username


def _records_csv(person):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="training-records-{person.username}-'
        f'{datetime.date.today():%Y-%m-%d}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    writer = csv.DictWriter(response, fieldnames=SAR_COLUMNS)
    writer.writeheader()
    writer.writerows(safe_rows(subject_access_rows(person)))
    return response


def export_records(request):
    """A form for a username; with a known one, that person's training records, to correct
    them or (format=csv) download them all for a subject access request."""
    if not may_correct(request.user):
        raise PermissionDenied
    form = ExportForm(request.GET or None)
    person = completions = None
    if form.is_bound and form.is_valid():
        person = form.user
        if request.GET.get("format") == "csv":
            return _records_csv(person)
        completions = list(
            Completion.objects.filter(user=person)
            .select_related("replaced_by")
            .order_by("-completed_at", "-pk")
        )
    return TemplateResponse(
        request,
        "training/admin/export.html",
        {
            "form": form,
            "person": person,
            "completions": completions,
            "page_title": "Training records",
            "header_title": "Training records",
            "header_icon": "download",
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


class CorrectionForm(forms.Form):
    valid_until = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The corrected last day the pass is valid (leave empty to withdraw it).",
    )
    void = forms.BooleanField(
        required=False, label="Withdraw this pass (it should never have been recorded)"
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="Why the record is corrected: kept with the record and in the site history.",
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("void") and not cleaned.get("valid_until"):
            self.add_error("valid_until", "Give the corrected date, or tick withdraw.")
        return cleaned


def correct_record(request, pk):
    """Correct one completion: a new record replaces it (training.records.correct_completion)."""
    if not may_correct(request.user):
        raise PermissionDenied
    completion = get_object_or_404(Completion.objects.select_related("user"), pk=pk)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            correct_completion(
                completion,
                by=request.user,
                reason=form.cleaned_data["reason"],
                valid_until=form.cleaned_data["valid_until"],
                void=form.cleaned_data["void"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Corrected: {completion}.")
            url = reverse("training_admin_export")
            if completion.user is not None:
                url += "?" + urlencode({"username": completion.user.username})
            return redirect(url)
    return TemplateResponse(
        request,
        "training/admin/correct.html",
        {
            "form": form,
            "completion": completion,
            "page_title": f"Correct: {completion}",
            "header_title": "Correct a training record",
            "header_icon": "edit",
        },
        status=400 if request.method == "POST" else 200,
    )


class ExportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_correct(request.user)


@hooks.register("register_admin_urls")
def training_admin_urls():
    return [
        path("reports/training/", TrainingReportView.as_view(), name="training_admin_report"),
        path(
            "reports/training/results/",
            TrainingReportView.as_view(results_only=True),
            name="training_admin_report_results",
        ),
        path("reports/training-records/", export_records, name="training_admin_export"),
        path(
            "reports/training-records/<int:pk>/correct/",
            correct_record,
            name="training_admin_correct",
        ),
    ]


@hooks.register("register_reports_menu_item")
def training_report_menu_item():
    return ReportMenuItem(
        "Training report",
        reverse("training_admin_report"),
        name="training-report",
        icon_name="table",
        order=1500,
    )


@hooks.register("register_reports_menu_item")
def training_export_menu_item():
    return ExportMenuItem(
        "Training records",
        reverse("training_admin_export"),
        name="training-export",
        icon_name="download",
        order=1510,
    )


# -- guidance that moved on --------------------------------------------------------------------


@hooks.register("before_edit_page")
def warn_when_guidance_changed(request, page):
    """The module's editor is told, above the form, when guidance it teaches has had a major
    change since its current version (no JavaScript needed: a message in the page)."""
    if request.method != "GET" or page.specific_class is not ModulePage:
        return None
    review = review_for(page)
    if review is not None:
        messages.warning(request, f"{review.message} Review the lessons and questions.")
    return None


class TrainingReviewPanel(Component):
    """Modules whose cited guidance has had a major change since their current version."""

    name = "portal_training_review"
    template_name = "training/admin/dashboard_training_review.html"
    order = 240

    def get_context_data(self, parent_context):
        from portal.accounts.admin_privacy import hide_restricted_pages

        user = parent_context["request"].user
        modules = hide_restricted_pages(ModulePage.objects.live().order_by("title"), user)
        return {"reviews": modules_behind_guidance(modules)}


@hooks.register("construct_homepage_panels")
def training_review_panel(request, panels):
    from wagtail.models import Page
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(Page)
    if policy.user_has_any_permission(request.user, ["add", "change", "publish"]):
        panels.append(TrainingReviewPanel())
