"""My training and the agency training report in a real Chromium: signed in with two
factors, both pass axe-core under the portal's CSP, and work without JavaScript."""

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations, screenshot
from .test_reports import csp_violations, sign_in

pytestmark = pytest.mark.browser


def test_my_training_passes_axe(page):
    csp = csp_violations(page)
    sign_in(page, "practitioner", "demo-practitioner-2026", "/training/my/")
    expect(page.locator("h1")).to_have_text("My training", use_inner_text=True)
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
    expect(tab.locator("h1")).to_have_text("Training report", use_inner_text=True)
    options = tab.locator("#report-agency option").all_inner_texts()
    assert options in ([], ["Police"]), "a lead sees their own agency only"
    assert axe_violations(tab) == []
    screenshot(tab, "training-report")
    number = tab.locator("table a.govuk-link").first
    if number.count():
        number.click()
        expect(tab.locator("h1")).to_have_count(1)
        assert axe_violations(tab) == []
        screenshot(tab, "training-report-people")
    assert csp == [], "\n".join(csp)
    context.close()


def answer(body, headers):
    def fulfil(route):
        route.fulfill(body=body, headers=headers)

    return fulfil


def test_the_pages_with_many_records_pass_axe(chromium, portal_url, persona_client, db):
    """The demo server may have no modules yet: build records here, render the pages with the
    test client (same code, same templates) and give Chromium those answers, headers (CSP)
    included, at the server's own addresses, so its styles and scripts load as usual."""
    from django.urls import reverse

    from tests.training.test_demo_records import context_with_modules
    from training import demo_records
    from training.models import TrainingIndexPage

    context = context_with_modules(TrainingIndexPage.objects.get())
    demo_records.seed(context)
    sharing = context["training_modules"]["sharing"]
    pages = {
        "report": ("approver", reverse("training:report"), {}),
        "people": (
            "approver",
            reverse("training:report"),
            {"agency": "police", "module": sharing.pk, "status": "in_date"},
        ),
        "my": ("practitioner", reverse("training:my_training"), {}),
    }
    tab = chromium.new_context(base_url=portal_url).new_page()
    csp = csp_violations(tab)
    for name, (persona, path, params) in pages.items():
        client = persona_client(persona)
        response = client.get(path, params)
        assert response.status_code == 200
        client.logout()
        headers = {
            k: v
            for k, v in response.items()
            if k.lower() in ("content-type", "content-security-policy")
        }
        body = response.content.decode()
        tab.route(f"{portal_url}/rendered-{name}/", answer(body, headers))
        tab.goto(f"/rendered-{name}/")
        expect(tab.locator("h1")).to_have_count(1)
        assert axe_violations(tab) == [], name
        screenshot(tab, f"training-{name}-with-records")
    assert csp == [], "\n".join(csp)
    tab.context.close()
