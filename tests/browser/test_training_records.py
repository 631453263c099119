"""My training and the agency training report in a real Chromium: signed in with two
factors, both pass axe-core under the portal's CSP, and work without JavaScript."""

import pytest

from .conftest import axe_violations, screenshot
from .test_reports import csp_violations, sign_in

pytestmark = pytest.mark.browser


def test_my_training_passes_axe(page):
    csp = csp_violations(page)
    sign_in(page, "practitioner", "demo-practitioner-2026", "/training/my/")
    assert page.locator("h1").inner_text() == "My training"
    assert page.get_by_text("Probation Service asks its practitioners").count() == 1
    assert axe_violations(page) == []
    assert csp == [], "\n".join(csp)
    screenshot(page, "training-my-training")


def test_the_agency_report_and_the_people_behind_a_number_pass_axe(chromium, portal_url):
    # Without JavaScript: the filters are a plain GET form.
    context = chromium.new_context(base_url=portal_url, java_script_enabled=False)
    tab = context.new_page()
    csp = csp_violations(tab)
    sign_in(tab, "lead", "demo-agency-lead-2026", "/training/report/")
    assert tab.locator("h1").inner_text() == "Training report"
    options = tab.locator("#report-agency option").all_inner_texts()
    assert options in ([], ["Police"]), "a lead sees their own agency only"
    assert axe_violations(tab) == []
    screenshot(tab, "training-report")
    number = tab.locator("table a.govuk-link").first
    if number.count():
        number.click()
        assert tab.locator("h1").count() == 1
        assert axe_violations(tab) == []
        screenshot(tab, "training-report-people")
    assert csp == [], "\n".join(csp)
    context.close()
