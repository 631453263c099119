"""The demo reports: real figures with their sources (nothing invented, nothing missing shown
as zero), and one report at each stage of the SMB sign-off."""

import csv
from decimal import Decimal

import pytest

from django.utils import timezone

from portal.reports import demo
from portal.reports import statistics as stats
from portal.reports.models import AnnualReportPage, ReportFigure

pytestmark = pytest.mark.django_db


def data_rows():
    """{(scope, metric, year): (value, qualifier, source_url)} from the demo's data files."""
    rows = {}
    for name, scope, metrics in (
        ("area_figures.csv", stats.AREA, demo.AREA_METRICS),
        ("national_figures.csv", stats.NATIONAL, demo.NATIONAL_METRICS),
    ):
        with (demo.DATA / name).open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["metric"] in metrics and row.get("area", "Dorset") == "Dorset":
                    value, qualifier = demo.parse_value(row["value"], row["notes"])
                    for year in demo.years_of(row["year"]):
                        if value is not None or (scope, metrics[row["metric"]], year) not in rows:
                            rows[(scope, metrics[row["metric"]], year)] = (
                                value,
                                qualifier,
                                row["source_url"],
                            )
    return rows


def test_at_least_four_years_of_dorset_reports_are_published():
    live = AnnualReportPage.objects.filter(area="Dorset", live=True)
    assert live.count() >= 4
    assert {2018, 2019} <= set(live.values_list("year_start", flat=True))


def test_every_demo_figure_is_a_real_figure_with_its_source():
    rows = data_rows()
    figures = ReportFigure.objects.filter(page__area="Dorset")
    assert figures.filter(value__isnull=False).count() >= 30
    for figure in figures:
        year = AnnualReportPage.objects.get(pk=figure.page_id).year_start
        value, qualifier, source = rows[(figure.scope, figure.metric, year)]
        assert figure.value == value and figure.qualifier == qualifier
        if value is not None:
            assert figure.source_url == source and figure.source_url.startswith("http")
            assert figure.source_title


def test_known_figures_as_published():
    def value(slug, scope, metric):
        return ReportFigure.objects.get(page__slug=slug, scope=scope, metric=metric)

    assert value("dorset-2019-20", "area", "category_1").value == Decimal("846")
    assert value("dorset-2019-20", "area", "rso_rate_per_100k").value == Decimal("122")
    assert value("dorset-2019-20", "national", "rso_rate_per_100k").value == Decimal("119")
    lower = value("dorset-2018-19", "national", "category_1")
    assert (lower.value, lower.qualifier) == (Decimal("60000"), stats.AT_LEAST)
    assert value("dorset-2014-15", "national", "total_eligible").qualifier == stats.ROUNDED
    assert not value("dorset-2003-04", "national", "total_eligible").comparable
    # A measure the sources do not have is not published, never zero.
    assert not ReportFigure.objects.filter(
        page__slug="dorset-2019-20", metric="level_2", scope="area"
    ).exists()
    assert value("dorset-2019-20", "national", "level_2").value is None
    assert not ReportFigure.objects.filter(value=0).exists()


def test_one_report_waits_for_an_approver_and_one_is_scheduled():
    waiting = AnnualReportPage.objects.get(slug="dorset-2021-22")
    assert not waiting.live and waiting.workflow_in_progress
    assert waiting.current_workflow_state.requested_by.username == "editor"
    scheduled = AnnualReportPage.objects.get(slug="dorset-2020-21")
    assert not scheduled.live and not scheduled.workflow_in_progress
    assert scheduled.scheduled_revision.approved_go_live_at > timezone.now()


def test_the_words_are_marked_as_a_demonstration_and_use_the_right_law():
    for report in AnnualReportPage.objects.filter(area="Dorset"):
        assert "Demonstration text" in report.chair_foreword
        assert "A demonstration report" in report.intro
        if report.year_start >= 2004:
            assert "sections 325 to 327 of the Criminal Justice Act 2003" in report.chair_foreword
            assert "section 326 of the Criminal Justice Act 2003" in report.lay_advisers_view
        else:
            assert "Criminal Justice and Court Services Act 2000" in report.chair_foreword
            assert report.lay_advisers_view == ""
        assert "MAPPA Serious Case Review" in report.serious_case_reviews


def test_the_demo_figures_pass_the_checks_an_editor_faces():
    for report in AnnualReportPage.objects.filter(area="Dorset"):
        assert report.publication_problems() == [], report.slug
