"""Two-factor sign-in in a real Chromium against the seeded portal; axe-core on every account page.

Codes come from pyotp. Each demo account has its own device, so each test signs in a
different account (a code is accepted once per account).
"""

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from tests.conftest import DEMO_TOTP_BASE32

from .conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser


def fresh_code(key=DEMO_TOTP_BASE32):
    """A code with a few seconds of its step left, so it is still current when it arrives."""
    left = 30 - time.time() % 30
    if left < 4:
        time.sleep(left + 0.3)
    return pyotp.TOTP(key).now()


def password_step(page, username, password):
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()


def collect_csp_violations(page):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_newstarter_enrols_saves_backup_codes_signs_out_and_back_in_with_one(page):
    csp = collect_csp_violations(page)
    page.goto("/accounts/login/")
    expect(page.locator("h1")).to_have_text("Sign in", use_inner_text=True)
    assert axe_violations(page) == []
    screenshot(page, "accounts-login")

    # Errors use the GOV.UK error summary, and pass axe too.
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error:")
    assert axe_violations(page) == []
    screenshot(page, "accounts-login-errors")

    password_step(page, "newstarter", "demo-newstarter-2026")
    assert page.url.endswith("/accounts/login/set-up/")
    expect(page.locator("h1")).to_have_text("Set up two-factor sign-in", use_inner_text=True)
    assert page.locator(".app-qr svg").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "accounts-enrol")
    key = page.locator("#totp-key").inner_text().replace(" ", "")

    page.get_by_label("Enter the code from your authenticator app").fill(fresh_code(key))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-panel__title")).to_have_text(
        "Two-factor sign-in is set up", use_inner_text=True
    )
    codes = page.locator(".app-backup-code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", c) for c in codes)
    assert axe_violations(page) == []
    screenshot(page, "accounts-backup-codes")

    page.get_by_role("link", name="I have saved my backup codes").click()
    expect(page.locator("h1")).to_have_text("Your account", use_inner_text=True)
    assert page.get_by_text("Probation Service").is_visible()
    assert page.get_by_text("This session", exact=True).is_visible()
    assert axe_violations(page) == []
    screenshot(page, "accounts-account")

    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto("/accounts/two-factor/")
    assert "/accounts/login/" in page.url

    password_step(page, "newstarter", "demo-newstarter-2026")
    expect(page.locator("h1")).to_have_text(
        "Enter the code from your authenticator app", use_inner_text=True
    )
    assert axe_violations(page) == []
    screenshot(page, "accounts-code")
    page.get_by_role("link", name="Use a backup code instead").click()
    expect(page.locator("h1")).to_have_text("Enter a backup code", use_inner_text=True)
    assert axe_violations(page) == []
    page.get_by_label("Enter a backup code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Your account", use_inner_text=True)
    assert page.get_by_text("9 of 10 left").is_visible()
    assert page.get_by_text("You signed in with a backup code this time").is_visible()

    # The pages that change factors ask for the password and a fresh code again.
    page.get_by_role("link", name="Get new codes").click()
    expect(page.locator("h1")).to_have_text("Get new backup codes", use_inner_text=True)
    assert axe_violations(page) == []
    screenshot(page, "accounts-reauthenticate")
    page.get_by_role("button", name="Continue").click()
    # Waits for the answer to the submitted form (is_visible() alone would not).
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert axe_violations(page) == []
    assert csp == [], "\n".join(csp)


def test_practitioner_signs_in_with_a_code_and_reads_a_restricted_page(page):
    csp = collect_csp_violations(page)
    page.goto("/practitioners/")
    assert "/accounts/login/?next=/practitioners/" in page.url
    password_step(page, "practitioner", "demo-practitioner-2026")
    code_input = page.get_by_label("Enter the code from your authenticator app")
    assert code_input.get_attribute("autocomplete") == "one-time-code"
    assert code_input.get_attribute("inputmode") == "numeric"
    code_input.fill(fresh_code())
    page.get_by_role("button", name="Continue").click()
    assert page.url.endswith("/practitioners/")
    expect(page.locator("h1")).to_have_text("Practitioner area", use_inner_text=True)
    page.get_by_role("link", name="Level 3 escalation checklist").click()
    expect(page.locator("h1")).to_have_text("Level 3 escalation checklist", use_inner_text=True)
    assert page.get_by_role("heading", name="Before you ask for level 3").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "accounts-restricted-page")
    page.goto("/accounts/logout/")
    assert axe_violations(page) == []
    assert csp == [], "\n".join(csp)


def test_wrong_code_and_no_access_pages_pass_axe(page):
    page.goto("/accounts/login/")
    password_step(page, "lead", "demo-agency-lead-2026")
    page.get_by_label("Enter the code from your authenticator app").fill("12345")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("The code must be 6 digits").first).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "accounts-code-error")


def test_the_admin_works_under_its_content_security_policy(page):
    csp = collect_csp_violations(page)
    page.goto("/admin/")
    assert "/accounts/login/?next=/admin/" in page.url
    password_step(page, "editor", "demo-editor-2026")
    page.get_by_label("Enter the code from your authenticator app").fill(fresh_code())
    page.get_by_role("button", name="Continue").click()
    assert page.url.endswith("/admin/")
    page_id = page.request.get("/api/v2/pages/?slug=level-3-escalation").json()["items"][0]["id"]
    page.goto(f"/admin/pages/{page_id}/")  # the explorer
    page.wait_for_load_state("networkidle")
    page.goto(f"/admin/pages/{page_id}/edit/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#id_title").input_value() == "Level 3 escalation checklist"
    assert page.locator("[data-controller]").count() > 0  # the admin's scripts started
    assert page.locator("[data-streamfield-stream-container], .w-panel").count() > 0
    # The preview panel renders the page in a same-origin frame.
    page.get_by_role("button", name="Toggle preview").click()
    page.wait_for_timeout(1500)
    screenshot(page, "accounts-admin-edit-under-csp")
    assert csp == [], "\n".join(csp)
