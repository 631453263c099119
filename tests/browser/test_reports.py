"""Annual reports in a real Chromium: a report with its charts, the index with its trends and
the admin's audit trail pass axe-core, under the portal's CSP; the PDF is looked at too."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, axe_violations, csp_violations, screenshot, sign_in

pytestmark = pytest.mark.browser

REPORT = "/annual-reports/dorset-2019-20/"


def test_a_report_with_its_charts_passes_axe_under_the_csp(page):
    csp = csp_violations(page)
    page.goto(REPORT)
    expect(page.locator("h1")).to_have_text(
        "Dorset MAPPA annual report 2019/20", use_inner_text=True
    )
    charts = page.locator("figure.app-chart svg[role=img]")
    assert charts.count() == 3, "levels have no published figure, so no chart"
    assert page.locator("figure.app-chart table").count() == 3
    assert charts.first.is_visible()
    assert axe_violations(page) == []
    assert csp == [], "\n".join(csp)
    screenshot(page, "reports-report")
    page.locator("#chart-categories-heading").scroll_into_view_if_needed()
    page.locator("figure.app-chart").first.screenshot(path=str(ARTIFACTS / "reports-chart.png"))


def test_a_report_on_a_phone_scrolls_its_tables_not_the_page(chromium, portal_url):
    context = chromium.new_context(base_url=portal_url, viewport={"width": 375, "height": 800})
    tab = context.new_page()
    tab.goto(REPORT)
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"
    assert axe_violations(tab) == []
    screenshot(tab, "reports-report-phone")
    context.close()


def test_the_index_with_its_trends_passes_axe(page):
    csp = csp_violations(page)
    page.goto("/annual-reports/")
    expect(page.locator("h1")).to_have_text("Annual reports", use_inner_text=True)
    assert page.get_by_role("link", name="Dorset MAPPA annual report 2019/20").is_visible()
    assert page.get_by_role("link", name="Dorset MAPPA annual report 2021/22").count() == 0
    assert page.locator("section[aria-labelledby=trends] figure.app-chart svg").count() == 3
    assert axe_violations(page) == []
    assert csp == [], "\n".join(csp)
    screenshot(page, "reports-index")


def test_a_reader_follows_the_index_to_a_report_and_its_downloads_without_javascript(
    chromium, portal_url
):
    context = chromium.new_context(base_url=portal_url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/annual-reports/")
    tab.get_by_role("link", name="Dorset MAPPA annual report 2019/20").click()
    expect(tab.locator("h1")).to_have_text(
        "Dorset MAPPA annual report 2019/20", use_inner_text=True
    )
    csv_link = tab.get_by_role("link", name="Download the figures as a spreadsheet (CSV)")
    response = tab.request.get(csv_link.get_attribute("href"))
    assert response.status == 200 and "category_1" in response.text()
    pdf_href = tab.get_by_role(
        "link", name="Download the whole report to print (PDF)"
    ).get_attribute("href")
    pdf = tab.request.get(pdf_href)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    path = ARTIFACTS / "reports-report.pdf"
    path.write_bytes(pdf.body())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", str(path), str(ARTIFACTS / "reports-pdf-page")], check=True
    )
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+[3-9]", info) and "Tagged:          yes" in info
    context.close()


def test_the_audit_trail_in_the_admin_passes_axe(page):
    csp = csp_violations(page)
    sign_in(page, "approver", "demo-approver-2026", "/admin/")
    page.goto("/admin/annual-reports/audit/")
    assert page.locator("h1").first.inner_text() == "Annual report audit trail"
    assert page.get_by_text("Waiting for SMB sign-off").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Audit trail of Dorset MAPPA annual report 2021/22").click()
    page.wait_for_load_state("networkidle")
    assert (
        "Audit trail: Dorset MAPPA annual report 2021/22" in page.locator("h1").first.inner_text()
    )
    assert page.get_by_role("cell", name="Submitted").first.is_visible()
    assert axe_violations(page) == []
    screenshot(page, "reports-audit")
    assert csp == [], "\n".join(csp)
