"""Search in a real Chromium: from the home page to a section, filters without JavaScript, the
no-results page, and axe-core on each of them."""

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser


def test_search_from_the_home_page_to_a_section(page):
    page.goto("/")
    page.get_by_label("Search guidance, briefings and agencies").fill("three levels of management")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("h1")).to_have_text("Search results", use_inner_text=True)
    assert page.locator("mark").first.is_visible()
    assert axe_violations(page) == []
    screenshot(page, "search-results")
    page.get_by_role("link", name="The three levels of management").click()
    assert page.url.endswith("/about/#levels")


def test_filters_work_without_javascript(chromium, portal_url):
    context = chromium.new_context(
        base_url=portal_url, java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    tab = context.new_page()
    tab.goto("/search/?q=duty+to+co-operate")
    total = tab.locator("#results-heading").inner_text()
    tab.get_by_role("group", name="Content type").get_by_label("Agencies", exact=False).check()
    tab.get_by_role("button", name="Apply filters").click()
    assert "kind=agency" in tab.url
    filtered = tab.locator("#results-heading").inner_text()
    assert filtered != total
    assert tab.get_by_role("link", name="Clear filters").is_visible()
    tab.get_by_role("link", name="Next").click()
    assert "page=2" in tab.url and "kind=agency" in tab.url
    context.close()


def test_filtered_results_have_no_axe_violations(page):
    page.goto("/search/?q=duty+to+co-operate&kind=agency&agency=housing&agency=police")
    assert (
        page.get_by_role("group", name="Agency")
        .get_by_label("Local housing authorities", exact=False)
        .is_checked()
    )
    assert axe_violations(page) == []
    screenshot(page, "search-filtered")


def test_no_results_page_helps(page):
    page.goto("/search/?q=mosov&kind=agency")
    assert page.get_by_role("heading", name="There are no matching results").is_visible()
    assert page.get_by_role("link", name="removing the filters").is_visible()
    assert page.get_by_text("MAPPA terms that may help").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "search-no-results")


def test_empty_search_page_and_editors_picks(page):
    page.goto("/search/")
    expect(page.locator("h1")).to_have_text("Search", use_inner_text=True)
    assert axe_violations(page) == []
    page.goto("/search/?q=MAPPA")
    assert page.get_by_role("heading", name="Recommended").is_visible()
    assert page.get_by_role("link", name="About MAPPA").first.is_visible()
    assert axe_violations(page) == []
    screenshot(page, "search-recommended")


def test_on_a_phone_the_filters_fold_away_and_the_first_result_is_on_the_first_screen(
    chromium, portal_url
):
    for javascript in (True, False):
        context = chromium.new_context(
            base_url=portal_url,
            java_script_enabled=javascript,
            viewport={"width": 375, "height": 667},
        )
        tab = context.new_page()
        tab.goto("/search/?q=duty+to+co-operate")
        assert tab.get_by_text("Filter results").first.is_visible()
        assert not tab.get_by_role("group", name="Content type").is_visible()
        if javascript:  # the navigation folds behind "Menu" too (without JavaScript it is listed)
            screenshot(tab, "search-phone")
            assert tab.locator(".app-search-result").first.bounding_box()["y"] < 667
        tab.locator(".app-search-filters > summary").click()
        assert tab.get_by_role("group", name="Content type").is_visible()
        context.close()


def test_on_a_wide_screen_the_filters_are_open(page):
    page.goto("/search/?q=duty+to+co-operate")
    assert page.get_by_role("group", name="Content type").is_visible()
    assert not page.locator(".app-search-filters > summary").is_visible()
