"""SMB editors write reports in the admin; bad figures get an error on the field concerned,
never a 500, and nothing is saved until they are put right."""

import re

import pytest

from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils.wagtail_tests import WagtailTestUtils

from portal.reports.models import AnnualReportPage
from tests.conftest import login_verified, user
from tests.factories import figure

from .conftest import add_form, edit_form, figure_index, set_figure

pytestmark = pytest.mark.django_db


def field_errors(response):
    """The error messages shown in the edit form, in page order."""
    html = response.content.decode()
    return [
        re.sub(r"\s+", " ", m).strip()
        for m in re.findall(r'class="error-message"[^>]*>(.*?)</', html, re.S)
    ]


def row_error(response, i, field):
    """The error shown on one field of one figure row: the errors the field's own input
    points to with aria-describedby."""
    soup = WagtailTestUtils.get_soup(response.content.decode())
    control = soup.find(id=f"id_figures-{i}-{field}")
    assert control is not None, f"no field figures-{i}-{field}"
    ids = (control.get("aria-describedby") or "").split()
    errors = [soup.find(id=name) for name in ids if name.endswith("-errors")]
    return " ".join(e.get_text(" ", strip=True) for e in errors if e is not None)


@pytest.fixture
def editor(client):
    return login_verified(client, user("editor"))


@pytest.fixture
def draft(make_report):
    return make_report(2019, [figure("total_eligible", 1000), figure("category_1", 700)])


def post_edit(client, page, data):
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def unchanged(page):
    return list(
        AnnualReportPage.objects.get(pk=page.pk)
        .get_latest_revision_as_object()
        .figures.values_list("metric", "value")
    ) == list(page.figures.values_list("metric", "value"))


def test_an_editor_writes_a_new_report_in_the_admin(editor, report_index):
    url, data = add_form(editor, report_index)
    data.update(
        {
            "title": "Wiltshire MAPPA annual report 2022/23",
            "slug": "wiltshire-2022-23",
            "area": "Wiltshire",
            "year_start": "2022",
        }
    )
    set_figure(data, "area", "category_1", "412")
    set_figure(data, "national", "category_1", "68357", source_url="https://www.lbc.co.uk/")
    response = editor.post(url, data)
    assert response.status_code == 302, field_errors(response)
    page = AnnualReportPage.objects.get(slug="wiltshire-2022-23")
    assert not page.live, "an editor saves a draft"
    draft = page.get_latest_revision_as_object()
    assert sorted((f.scope, f.metric, int(f.value)) for f in draft.figures.all()) == [
        ("area", "category_1", 412),
        ("national", "category_1", 68357),
    ]


def test_a_negative_count_is_an_error_on_its_field(editor, draft):
    data = edit_form(editor, draft)
    i = set_figure(data, "area", "category_1", "-5")
    response = post_edit(editor, draft, data)
    assert response.status_code == 200
    assert "A figure cannot be negative" in row_error(response, i, "value")
    assert unchanged(draft)


@pytest.mark.parametrize("typed", ["about 120", "122 per 100k", "1,2", "twelve", "12O"])
def test_a_rate_written_with_words_is_an_error_on_its_field(editor, draft, typed):
    data = edit_form(editor, draft)
    i = set_figure(data, "area", "rso_rate_per_100k", typed)
    response = post_edit(editor, draft, data)
    assert response.status_code == 200
    assert "Enter the figure as a number" in row_error(response, i, "value")


def test_a_breakdown_that_exceeds_the_total_is_an_error_on_the_total(editor, draft):
    data = edit_form(editor, draft)
    set_figure(data, "area", "category_2", "400")
    response = post_edit(editor, draft, data)
    assert response.status_code == 200
    total = figure_index(data, "area", "total_eligible")
    assert "Categories 1 to 4 for Wiltshire add up to 1,100, more than this total of 1,000" in (
        row_error(response, total, "value")
    )
    assert unchanged(draft)


def test_a_count_with_a_fraction_or_no_source_is_an_error_on_its_field(editor, draft):
    data = edit_form(editor, draft)
    i = set_figure(data, "area", "level_1", "10.5")
    j = set_figure(data, "area", "level_2", "3", source_url="")
    response = post_edit(editor, draft, data)
    assert response.status_code == 200
    assert "enter a whole number" in row_error(response, i, "value")
    assert "Give the address of the publication" in row_error(response, j, "source_url")


def test_the_same_figure_twice_is_an_error_on_the_second(editor, draft):
    data = edit_form(editor, draft)
    i = int(data["figures-TOTAL_FORMS"])
    set_figure(data, "area", "level_1", "10")
    data[f"figures-{i}-metric"] = "category_1"  # a second Category 1 row
    response = post_edit(editor, draft, data)
    assert response.status_code == 200
    assert "already given in this report" in row_error(response, i, "metric")


def test_a_second_report_for_the_same_area_and_year_is_an_error_on_the_year(
    editor, draft, report_index
):
    url, data = add_form(editor, report_index)
    data.update(
        {
            "title": "Another report",
            "slug": "another-report",
            "area": "Wiltshire",
            "year_start": "2019",
        }
    )
    response = editor.post(url, data)
    assert response.status_code == 200
    assert any(
        "There is already a report for Wiltshire for 2019/20" in e for e in field_errors(response)
    )
    assert not Page.objects.filter(slug="another-report").exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("year_start", "abc"),
        ("year_start", "1990"),
        ("year_start", "99999999999"),
        ("area", "Atlantis"),
        ("figures-0-metric", "not_a_measure"),
        ("figures-0-scope", "galaxy"),
        ("figures-0-qualifier", "maybe"),
        ("figures-0-source_url", "not a web address"),
        ("figures-0-value", "1" * 40),
        ("figures-0-value", "1e400"),
        ("figures-TOTAL_FORMS", "x"),
    ],
)
def test_other_bad_input_is_a_form_error_never_a_500(editor, draft, field, value):
    data = edit_form(editor, draft)
    data[field] = value
    response = post_edit(editor, draft, data)
    assert response.status_code in (200, 400), response.status_code
    assert unchanged(draft)


def test_the_edit_form_lists_every_figure_with_its_source(editor, draft):
    html = editor.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).content.decode()
    assert "How exact" in html and "Comparable with the year before" in html
    assert html.count('name="figures-0-source_url"') == 1
