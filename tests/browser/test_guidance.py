"""Guidance and learning briefs in a real Chromium: every view passes axe-core, print fits A4."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, axe_violations, screenshot

pytestmark = pytest.mark.browser

DOC = "/guidance/mappa-guidance/"


@pytest.mark.parametrize(
    "path",
    [
        "/guidance/",
        DOC,
        DOC + "versions/",
        DOC + "versions/1/",
        DOC + "versions/3/compare/4/",
        DOC + "as-of/2022-09-01/",
        DOC + "as-of/2010-01-01/",
        DOC + "versions/5/compare/2/",
        "/guidance/remote-mappa-meetings/",
        "/guidance/mappa-referral-procedure/",
        "/guidance/remote-mappa-meetings/as-of/2023-01-01/",
        "/guidance/mappa-referral-procedure/versions/1/",
        "/briefings/",
        "/briefings/mappa/",
    ],
    ids=[
        "index",
        "document",
        "history",
        "past-version",
        "compare",
        "as-of",
        "not-yet",
        "compare-reversed",
        "withdrawn",
        "superseded",
        "withdrawn-as-of",
        "superseded-version",
        "brief-index",
        "brief",
    ],
)
def test_guidance_views_have_no_axe_violations(page, path):
    page.goto(path)
    assert axe_violations(page) == []


def test_print_view_of_a_brief_has_no_axe_violations_and_fits_one_a4_page(page):
    page.goto("/briefings/mappa/")
    page.emulate_media(media="print")
    assert axe_violations(page) == []
    assert not page.locator(".govuk-service-navigation").is_visible()
    pdf = ARTIFACTS / "brief-print.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\n", info)
    screenshot(page, "brief-print")


def test_reader_follows_history_to_a_past_version_and_a_comparison(page):
    page.goto(DOC)
    expect(page.locator("h1")).to_have_text("MAPPA Guidance", use_inner_text=True)
    page.get_by_role("link", name=re.compile(r"See all 7 versions")).click()
    expect(page.locator("h1")).to_have_text("All versions", use_inner_text=True)
    screenshot(page, "guidance-history")
    page.get_by_role("link", name="Version 4.5").click()
    expect(page.get_by_role("region", name="Not the current version")).to_be_visible()
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    screenshot(page, "guidance-past-version")
    page.get_by_role("link", name="see what has changed since").click()
    assert (
        "What changed between MAPPA Guidance 2012 version 4.5 and updated August 2024"
        in page.locator("h1").inner_text()
    )
    assert (
        page.locator("ins.app-diff__ins").count() > 0
        and page.locator("del.app-diff__del").count() > 0
    )
    screenshot(page, "guidance-compare")


def test_compare_and_date_forms_work_without_javascript(chromium, portal_url):
    context = chromium.new_context(base_url=portal_url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto(DOC + "versions/")
    tab.select_option("#compare-from", label="Updated 24 November 2021 (24 Nov 2021)")
    tab.select_option(
        "#compare-to", label="Dated May 2022, published 1 September 2022 (1 Sep 2022)"
    )
    tab.get_by_role("button", name="Compare").click()
    assert tab.url.endswith("/versions/3/compare/4/")
    tab.goto(DOC + "versions/")
    tab.get_by_label("Day").fill("13")
    tab.get_by_label("Month").fill("9")
    tab.get_by_label("Year").fill("2023")
    tab.get_by_role("button", name="Show that version").click()
    assert tab.url.endswith("/as-of/2023-09-13/")
    assert "was updated 13 September 2023." in tab.content()
    context.close()


def test_brief_and_its_pdf(page):
    page.goto("/briefings/mappa/")
    assert page.locator(".app-brief__part").count() == 7
    screenshot(page, "brief")
    response = page.request.get("/briefings/mappa/pdf/")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"


def test_history_fits_a_phone_with_the_versions_table_scrolling_in_its_own_region(
    chromium, portal_url
):
    context = chromium.new_context(base_url=portal_url, viewport={"width": 375, "height": 812})
    phone = context.new_page()
    try:
        phone.goto(DOC + "versions/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        region = phone.get_by_role("region", name="Versions of MAPPA Guidance")
        assert region.get_attribute("tabindex") == "0"
        assert region.locator("table").count() == 1
        assert axe_violations(phone) == []
        screenshot(phone, "guidance-history-phone")
    finally:
        context.close()
