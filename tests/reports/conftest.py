"""Fixtures for annual report tests: the demo's /annual-reports/, reports built for one test,
and the admin's own edit form as a browser would submit it."""

import pytest

from django.urls import reverse

from wagtail.test.utils.form_data import querydict_from_html
from wagtail.test.utils.wagtail_tests import WagtailTestUtils

from portal.reports.models import AnnualReportIndexPage, AnnualReportPage
from tests.factories import AnnualReportPageFactory, publish


@pytest.fixture
def report_index(db):
    return AnnualReportIndexPage.objects.get()


@pytest.fixture
def make_report(report_index):
    """make_report(year, figures=[...], area=..., published=True): a report under the demo's
    index, published through a revision (as the sign-off would) unless published=False."""

    def make(year, figures=None, area="Wiltshire", published=True, **fields):
        extra = {"figures": figures} if figures is not None else {}
        page = AnnualReportPageFactory(
            parent=report_index, area=area, year_start=year, live=False, **extra, **fields
        )
        return publish(page) if published else AnnualReportPage.objects.get(pk=page.pk)

    return make


def form_data(html):
    """The page form's fields as the browser would post them (a ticked box with no value
    attribute is sent as "on")."""
    data = querydict_from_html(html, form_id="page-edit-form")
    soup = WagtailTestUtils.get_soup(html).find("form", attrs={"id": "page-edit-form"})
    for box in soup.find_all("input", type="checkbox", checked=True):
        if box.attrs.get("name") and "value" not in box.attrs:
            data.setlist(box["name"], ["on"])
    return data


def edit_form(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return form_data(response.content.decode())


def add_form(client, parent):
    url = reverse("wagtailadmin_pages:add", args=["reports", "annualreportpage", parent.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, form_data(response.content.decode())


def figure_index(data, scope, metric):
    total = int(data["figures-TOTAL_FORMS"])
    for i in range(total):
        if data.get(f"figures-{i}-scope") == scope and data.get(f"figures-{i}-metric") == metric:
            return i
    return None


def set_figure(data, scope, metric, value, source_url="https://example.org/source", **fields):
    """Change a figure row of the posted form, or add one; returns its index."""
    i = figure_index(data, scope, metric)
    if i is None:
        i = int(data["figures-TOTAL_FORMS"])
        data["figures-TOTAL_FORMS"] = str(i + 1)
        data.update(
            {
                f"figures-{i}-id": "",
                f"figures-{i}-ORDER": str(i + 1),
                f"figures-{i}-DELETE": "",
                f"figures-{i}-scope": scope,
                f"figures-{i}-metric": metric,
                f"figures-{i}-qualifier": "exact",
                f"figures-{i}-comparable": "on",
                f"figures-{i}-source_title": "Test source",
                f"figures-{i}-note": "",
            }
        )
    data[f"figures-{i}-value"] = str(value)
    data[f"figures-{i}-source_url"] = source_url
    for name, field_value in fields.items():
        data[f"figures-{i}-{name}"] = field_value
    return i


@pytest.fixture(autouse=True)
def fresh_chart_cache():
    """Each test starts with no cached charts (ids are reused once a test's data rolls back)."""
    from django.core.cache import cache

    cache.clear()
