"""A visitor walks the portal in a real Chromium; every page type passes axe-core."""

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser


def test_visitor_walks_home_about_agencies_agency(page):
    page.goto("/")
    expect(page.locator("h1")).to_have_text("MAPPA Portal", use_inner_text=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="About MAPPA").click()
    expect(page.locator("h1")).to_have_text("About MAPPA", use_inner_text=True)
    page.get_by_role("link", name="The three levels of management").click()
    assert page.url.endswith("/about/#levels")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Agencies", exact=True
    ).click()
    page.get_by_role("link", name="Probation Service").click()
    expect(page.locator("h1")).to_have_text("Probation Service", use_inner_text=True)
    assert page.get_by_text("Key roles in MAPPA").is_visible()
    assert screenshot(page, "agency-page").stat().st_size > 10_000


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/about/",
        "/agencies/",
        "/agencies/police/",
        "/glossary/",
        "/no-such-page/",
        "/accessibility/",
        "/privacy/",
        "/cookies/",
        "/contact/",
    ],
    ids=[
        "home",
        "standard",
        "agency-index",
        "agency",
        "glossary",
        "not-found",
        "accessibility",
        "privacy",
        "cookies",
        "contact",
    ],
)
def test_every_page_type_has_no_axe_violations(page, path):
    page.goto(path)
    assert axe_violations(page) == []


def test_pages_work_without_javascript(chromium, portal_url):
    context = chromium.new_context(base_url=portal_url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/agencies/")
    tab.get_by_role("link", name="Police").click()
    expect(tab.locator("h1")).to_have_text("Police", use_inner_text=True)
    context.close()


def test_design_system_is_loaded(page):
    page.goto("/")
    # GOV.UK Frontend styles the footer; a missing stylesheet leaves it unstyled.
    colour = page.eval_on_selector(".govuk-footer", "el => getComputedStyle(el).borderTopColor")
    assert colour != "rgb(0, 0, 0)"
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
