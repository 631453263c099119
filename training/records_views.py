"""My training and the agency report: thin views over training.status and training.report.

Both are personal: never cached, and a session without two factors is sent to the sign-in.
"""

import csv
import datetime

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.accounts.gate import is_verified
from portal.core.navigation import home_crumb, home_url
from portal.core.spreadsheets import spreadsheet_safe

from . import report as training_report
from . import status as st


def _verified_only(view):
    def wrapped(request, *args, **kwargs):
        if not is_verified(request.user):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return view(request, *args, **kwargs)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def _crumbs(*extra):
    """Home, then the Training section as setup_portal made it (no query: the report's budget
    is ten queries in all)."""
    trail = [home_crumb()]
    for model, slug, title, _intro in settings.PORTAL_SECTIONS:
        if model == "training.TrainingIndexPage":
            trail.append({"title": title, "url": f"{home_url()}{slug}/"})
    return trail + list(extra)


@never_cache
@require_safe
@_verified_only
def my_training(request):
    """The modules required or recommended for my agency, where I stand with each, and my
    certificates."""
    profile = getattr(request.user, "practitioner_profile", None)
    rows = st.for_user(request.user) if profile is not None and profile.agency_id else []
    return render(
        request,
        "training/my_training.html",
        {
            "rows": rows,
            "agency": profile.agency if profile is not None else None,
            "required": [row for row in rows if row.requirement == "required"],
            "recommended": [row for row in rows if row.requirement != "required"],
            "may_see_report": training_report.may_see_report(request.user),
            "breadcrumbs": _crumbs(),
        },
    )


def _csv(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    return response


def report_csv(report):
    stamp = f"{datetime.date.today():%Y-%m-%d}"
    return _csv(
        f"training-report-{stamp}.csv",
        training_report.CSV_COLUMNS,
        [row.csv_row() for row in report.rows],
    )


def people_csv(report, wanted, rows):
    stamp = f"{datetime.date.today():%Y-%m-%d}"
    return _csv(
        f"training-{report.agency.slug}-{report.module.pk}-{wanted}-{stamp}.csv",
        training_report.PEOPLE_COLUMNS,
        [training_report.person_row(report, row) for row in rows],
    )


@never_cache
@require_safe
@_verified_only
def agency_report(request):
    """/training/report/: completion by agency and module; with agency, module and status,
    the people behind one number. ?format=csv gives either as CSV."""
    if not training_report.may_see_report(request.user):
        raise PermissionDenied
    params = request.GET
    as_csv = params.get("format", "") == "csv"
    if params.get("format", "") not in ("", "csv", "html"):
        return _bad(request, "The format can only be csv, or left out for the page.")
    try:
        if params.get("status"):
            report, wanted, rows = training_report.people(request.user, params)
            if as_csv:
                return people_csv(report, wanted, rows)
            return render(
                request,
                "training/report_people.html",
                {
                    "report": report,
                    "wanted": wanted,
                    "heading": training_report.status_heading(wanted),
                    "rows": rows,
                    "back_url": f"{reverse('training:report')}?agency={report.agency.slug}",
                    "breadcrumbs": _crumbs(
                        {"title": "Training report", "url": reverse("training:report")}
                    ),
                },
            )
        report = training_report.build(request.user, params)
    except training_report.BadFilter as error:
        return _bad(request, str(error))
    if as_csv:
        return report_csv(report)
    return render(
        request,
        "training/report.html",
        {"report": report, "statuses": st.STATUSES, "breadcrumbs": _crumbs()},
    )


def _bad(request, message):
    response = render(request, "400.html", {"message": message}, status=400)
    return response
