"""Charts are drawn once per published revision, and the report and index pages stay within
the portal's query budget however many years of reports there are."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.reports.charts import RenderStats
from tests.conftest import login_verified, user
from tests.factories import figure, national, publish

from .conftest import edit_form, set_figure

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12


def draws(client, url):
    before = RenderStats.renders
    assert client.get(url).status_code == 200
    return RenderStats.renders - before


def test_charts_are_drawn_once_per_revision(client, make_report):
    make_report(2018, [figure("category_1", 798)])
    report = make_report(2019, [figure("category_1", 846), national("rso_rate_per_100k", 119)])
    assert draws(client, report.url) == 4, "categories, levels and two trends"
    assert draws(client, report.url) == 0, "the second view draws nothing"
    assert draws(client, f"{report.url}pdf/") == 4, "the PDF's own charts, once"
    assert draws(client, f"{report.url}pdf/") == 0

    # A new published revision of this report draws its charts again, with the new figure.
    publish(report, figures=[figure("category_1", 850), national("rso_rate_per_100k", 119)])
    assert draws(client, report.url) == 4
    assert ">850</text>" in client.get(report.url).content.decode()


def test_the_index_draws_its_trends_once_until_a_report_changes(client, make_report, report_index):
    make_report(2018, [figure("category_1", 798)])
    assert draws(client, report_index.url) == 6, "three trends for Dorset, three for Wiltshire"
    assert draws(client, report_index.url) == 0
    make_report(2019, [figure("category_1", 846)])
    assert draws(client, report_index.url) == 3, "only Wiltshire's trends changed"


def test_a_preview_of_a_draft_is_drawn_from_the_draft_and_never_cached(client, make_report):
    report = make_report(2019, [figure("category_1", 846)])
    client.get(report.url)  # the live charts are now cached
    login_verified(client, user("editor"))
    data = edit_form(client, report)
    set_figure(data, "area", "category_1", "700")
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[report.pk])
    assert client.post(preview, data).json()["is_valid"]
    before = RenderStats.renders
    html = client.get(preview).content.decode()
    assert RenderStats.renders - before == 4
    assert ">700</text>" in html and ">846</text>" not in html.split("chart-categories")[1][:3000]
    assert ">846</text>" in client.get(report.url).content.decode()


def queries_for(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_report_and_index_stay_within_budget_with_twenty_years_of_reports(
    client, make_report, report_index
):
    reports = [
        make_report(
            year,
            [
                figure("total_eligible", 1000 + year),
                figure("category_1", 700 + year),
                figure("level_1", 900),
                national("rso_rate_per_100k", 100 + year % 50),
                figure("rso_rate_per_100k", 90 + year % 40),
            ],
        )
        for year in range(2005, 2025)
    ]
    one_year = queries_for(client, reports[-1].url)
    assert one_year <= MAX_QUERIES
    assert queries_for(client, reports[0].url) == one_year, "the same for any year"
    assert queries_for(client, report_index.url) <= MAX_QUERIES
    assert queries_for(client, f"{reports[-1].url}data.csv") <= MAX_QUERIES


@pytest.mark.parametrize("path", ["/annual-reports/", "/annual-reports/dorset-2019-20/"])
def test_demo_report_pages_stay_within_budget(client, path):
    assert queries_for(client, path) <= MAX_QUERIES
