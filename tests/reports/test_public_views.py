"""What readers see: a report's figures and charts, the index's trends, the CSV, the PDF and
the read API; unknown reports and malformed addresses are 404, never a 500."""

import csv
import io
import re
import subprocess

import pytest

from portal.reports import statistics as stats
from portal.reports.models import AnnualReportPage, ReportFigure
from tests.factories import figure, national

pytestmark = pytest.mark.django_db


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_report_shows_its_figures_beside_england_and_wales_with_computed_changes(
    client, make_report
):
    make_report(2018, [figure("category_1", 798), national("total_eligible", 82921)])
    report = make_report(
        2019,
        [
            figure("category_1", 846),
            figure("rso_rate_per_100k", 122),
            national("total_eligible", 85709),
            national("rso_rate_per_100k", 119),
        ],
    )
    response = client.get(report.url)
    assert response.status_code == 200
    page = text_of(response)
    assert "Category 1: registered sexual offenders 846 Up 6% on 2018/19" in page
    assert (
        "MAPPA-eligible people in total not published No comparison 85,709 Up 3% on 2018/19" in page
    )
    assert (
        "Registered sexual offenders per 100,000 population 122 No comparison: not published in 2018/19 119"
        in page
    )
    assert "Figures counted on 31 March 2020" in page


def test_figures_not_published_are_never_shown_or_charted_as_zero(client, make_report):
    report = make_report(2019, [figure("category_1", 846), figure("category_2")])
    html = client.get(report.url).content.decode()
    categories = html.split('id="chart-categories-heading"', 1)[1].split("</figure>", 1)[0]
    svg = categories.split("<svg", 1)[1].split("</svg>", 1)[0]
    # One bar (Category 1); the three others are words, not bars of zero height or width.
    assert svg.count('class="app-chart__bar app-chart__bar--1"') == 1
    assert svg.count(">not published</text>") == 3
    assert ">0</text>" not in svg.split('class="app-chart__tick"', 1)[0]
    assert not re.search(r'class="app-chart__value" [^>]*>0<', svg)
    table = categories.split("<table", 1)[1]
    assert table.count('<span class="app-not-published">not published</span>') == 3
    assert re.search(r">\s*0\s*<", table) is None
    # The figure tables agree: nothing not published becomes 0.
    figures_section = html.split('id="figures"', 1)[1].split('id="charts"', 1)[0]
    assert figures_section.count('<span class="app-not-published">not published</span>') == 31
    assert re.search(r'numeric">\s*0\s*</td>', figures_section) is None


def test_a_real_zero_is_shown_and_drawn_as_zero(client, make_report):
    report = make_report(2019, [figure("category_1", 846), figure("category_3", 0)])
    html = client.get(report.url).content.decode()
    svg = html.split('id="chart-categories-heading"', 1)[1].split("</svg>", 1)[0]
    assert re.search(r'class="app-chart__value" x="[\d.]+" y="[\d.]+">0</text>', svg)
    assert svg.count(">not published</text>") == 2


def test_charts_have_a_title_and_description_and_obey_the_csp(client, make_report):
    report = make_report(2019)
    response = client.get(report.url)
    html = response.content.decode()
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(svgs) == 4, "categories, levels, and two trends"
    for svg in svgs:
        assert 'role="img"' in svg
        chart_id = re.search(r'aria-labelledby="([\w-]+)-title \1-desc"', svg).group(1)
        assert f'<title id="{chart_id}-title">' in svg and f'<desc id="{chart_id}-desc">' in svg
        assert "<script" not in svg and "style=" not in svg and "<style" not in svg
    assert " style=" not in html and "<style" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    # The rate trend tells its two series apart by pattern as well as colour, with a legend.
    rate = next(svg for svg in svgs if "per 100,000" in svg)
    assert "app-chart__bar--2" in rate and 'fill="url(#chart-rate-trend-hatch)"' in rate
    assert 'class="app-chart__legend"' in rate


def test_the_index_shows_trends_across_published_reports_only(client, make_report, report_index):
    make_report(2018, [figure("category_1", 798)])
    make_report(2019, [figure("category_1", 846)])
    make_report(2020, [figure("category_1", 999)], published=False)
    page = text_of(client.get(report_index.url))
    assert "Wiltshire MAPPA annual report 2019/20" in page
    assert "2019/20 846 Up 6% on 2018/19" in page
    assert "Wiltshire MAPPA annual report 2020/21" not in page and "999" not in page


def test_the_csv_has_one_row_per_figure_and_equals_the_stored_figures(client, make_report):
    report = make_report(
        2019,
        [
            figure("category_1", 846, note="=1+1 is a note, not a formula"),
            figure("rso_rate_per_100k", "122.5"),
            national("category_1", 60000, qualifier=stats.AT_LEAST),
            national("total_eligible", 39492, comparable=False),
            national("level_2"),
        ],
    )
    response = client.get(f"{report.url}data.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 2 * len(stats.METRICS)
    assert {row["year"] for row in rows} == {"2019/20"}
    stored = {(f.scope, f.metric): f for f in ReportFigure.objects.filter(page=report)}
    for row in rows:
        figure_row = stored.get((row["scope"], row["metric"]))
        if figure_row is None or figure_row.value is None:
            assert (row["value"], row["status"]) == ("", "not published")
            continue
        assert row["status"] == "published"
        assert stats.Decimal(row["value"]) == figure_row.value
        assert row["source_url"] == figure_row.source_url
        assert row["figure_for"] == (
            "Wiltshire" if figure_row.scope == "area" else "England and Wales"
        )
    by_metric = {(r["scope"], r["metric"]): r for r in rows}
    assert by_metric[("area", "rso_rate_per_100k")]["value"] == "122.5"
    assert by_metric[("national", "category_1")]["qualifier"] == "more than"
    assert by_metric[("national", "total_eligible")]["comparable_with_previous_year"] == "no"
    assert by_metric[("area", "category_1")]["note"].startswith("'=1+1")


@pytest.mark.parametrize(
    "path",
    [
        "/annual-reports/no-such-report/",
        "/annual-reports/no-such-report/data.csv",
        "/annual-reports/dorset-2019-20/data.csvx",
        "/annual-reports/dorset-2019-20/data.csv/",
        "/annual-reports/dorset-2019-20/figures.csv",
        "/annual-reports/dorset-2019-20/data.CSV",
        "/annual-reports/dorset-2019-20/pdf/extra/",
        "/annual-reports/dorset-2019-20/nothing-here/",
        "/annual-reports/data.csv",
        "/data.csv",
    ],
)
def test_unknown_reports_and_malformed_addresses_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_drafts_and_reports_in_sign_off_are_404(client):
    waiting = AnnualReportPage.objects.get(slug="dorset-2021-22")
    assert not waiting.live
    for suffix in ("", "data.csv", "pdf/"):
        assert client.get(f"/annual-reports/dorset-2021-22/{suffix}").status_code == 404


def test_the_pdf_has_the_whole_report_with_its_charts_and_tables(client, tmp_path):
    response = client.get("/annual-reports/dorset-2019-20/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert re.search(r"Pages:\s+[3-9]", info)
    text = re.sub(
        r"\s+",
        " ",
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout,
    )
    for expected in [
        "Dorset MAPPA annual report 2019/20",
        "Chair's foreword",
        "Figures for 2019/20",
        "Up 6% on 2018/19",
        "People managed under MAPPA in Dorset on 31 March 2020, by category",
        "The numbers in the chart",
        "Lay advisers' view",
        "MAPPA Serious Case Reviews",
        "Business plan priorities",
        "Contacts",
        "Sources and notes",
        "dorsetecho.co.uk",
    ]:
        assert expected in text, expected
    assert "not published" in text


def test_the_api_has_the_figures(client):
    listing = client.get(
        "/api/v2/pages/?type=reports.AnnualReportPage&fields=area,reporting_year,figures,downloads"
    ).json()
    years = {item["reporting_year"] for item in listing["items"]}
    assert {"2002/03", "2019/20"} <= years
    assert "2020/21" not in years and "2021/22" not in years, "scheduled and waiting: not live"
    report = next(item for item in listing["items"] if item["reporting_year"] == "2019/20")
    detail = client.get(f"/api/v2/pages/{report['id']}/").json()
    figures = {(f["scope"], f["metric"]): f for f in detail["figures"]}
    assert figures[("area", "category_1")]["value"] == 846
    assert figures[("area", "category_1")]["source_url"].startswith("https://www.dorsetecho.co.uk/")
    assert figures[("national", "category_1")]["shown_as"] == "62,435"
    assert detail["downloads"]["figures_csv"].endswith("/annual-reports/dorset-2019-20/data.csv")
    assert detail["snapshot_date"] == "2020-03-31"
    assert detail["meta"]["type"] == "reports.AnnualReportPage"


@pytest.mark.parametrize(
    "query",
    [
        "type=reports.AnnualReportPage&year_start=abc",
        "type=reports.AnnualReportPage&year_start=99999999999999999999",
        "type=reports.AnnualReportPage&area=Nowhere",
        "type=reports.AnnualReportPage&figures=1",
        "type=reports.AnnualReportPage&fields=figures(value)",
        "type=reports.AnnualReportPage&fields=nonsense",
        "type=reports.AnnualReportPage&order=figures",
        "type=reports.AnnualReportPage&order=-year_start",
        "type=reports.AnnualReportPage&search=lay+advisers",
        "type=reports.NoSuchPage",
        "type=reports.AnnualReportPage&limit=-1",
        "type=reports.AnnualReportPage&offset=abc",
        "type=reports.AnnualReportPage&snapshot_date=2020-03-31",
    ],
)
def test_the_api_answers_odd_parameters_without_a_500(client, query):
    response = client.get(f"/api/v2/pages/?{query}")
    assert response.status_code in (200, 400), (query, response.status_code)
    assert response.json()
