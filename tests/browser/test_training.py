"""Training in a real Chromium: the demo practitioner reads a module, fails the knowledge check
once, passes, and opens the certificate and its PDF; every screen passes axe-core under the CSP."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from training.demo import ESSENTIALS_QUESTIONS

from .conftest import ARTIFACTS, axe_violations, csp_violations, screenshot, sign_in

pytestmark = pytest.mark.browser

MODULE = "/training/mappa-essentials/"
# The demo bank, as the learner's crib: question text -> (right options, wrong options).
BANK = {
    value["question"]: (
        [o["text"] for o in value["options"] if o["correct"]],
        [o["text"] for o in value["options"] if not o["correct"]],
    )
    for _, value in ESSENTIALS_QUESTIONS
}


def answer(page, wrong):
    """Answer every question on the check: the first `wrong` of them wrongly."""
    questions = page.locator("fieldset.govuk-fieldset")
    for n in range(questions.count()):
        fieldset = questions.nth(n)
        legend = fieldset.locator("legend").inner_text()
        text = next(q for q in BANK if q in legend)
        right, incorrect = BANK[text]
        for option in incorrect[:1] if n < wrong else right:
            fieldset.get_by_label(option, exact=True).check()
    page.get_by_role("button", name="Send your answers").click()


def test_a_practitioner_fails_once_passes_and_opens_the_certificate(page):
    csp = csp_violations(page)
    page.goto(MODULE)
    assert page.get_by_role("link", name="Sign in to take the knowledge check").is_visible()
    sign_in(page, "practitioner", "demo-practitioner-2026", MODULE)

    page.goto(MODULE)
    expect(page.locator("h1")).to_have_text("MAPPA essentials", use_inner_text=True)
    assert axe_violations(page) == []
    screenshot(page, "training-module")
    page.get_by_role("link", name="Start the lessons").click()
    assert "Lesson 1 of 4" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("link", name=re.compile("Next lesson")).click()
    expect(page.locator("h1")).to_have_text(
        "Who MAPPA manages: the categories", use_inner_text=True
    )
    screenshot(page, "training-lesson")

    page.goto(MODULE + "check/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Start the knowledge check").click()
    expect(page.locator("h1")).to_have_text("Knowledge check", use_inner_text=True)
    assert axe_violations(page) == []
    screenshot(page, "training-check")

    # An empty form is an error the learner can follow, and nothing is recorded.
    page.get_by_role("button", name="Send your answers").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert axe_violations(page) == []

    answer(page, wrong=3)
    expect(page.locator("h1")).to_have_text("You did not pass this time", use_inner_text=True)
    assert "3 of 6" in page.content()
    assert axe_violations(page) == []
    screenshot(page, "training-results-fail")

    page.get_by_role("button", name="Try again with new questions").click()
    answer(page, wrong=0)
    expect(page.locator("h1")).to_have_text("You passed", use_inner_text=True)
    assert axe_violations(page) == []
    screenshot(page, "training-results-pass")

    page.get_by_role("link", name="View your certificate").click()
    expect(page.locator("h1")).to_have_text("Training certificate", use_inner_text=True)
    assert page.locator("#main-content").get_by_text("Priya Probation").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "training-certificate")
    assert csp == [], "\n".join(csp)

    href = page.get_by_role("link", name=re.compile("Download the certificate")).get_attribute(
        "href"
    )
    pdf = page.request.get(href)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    path = ARTIFACTS / "training-certificate.pdf"
    path.write_bytes(pdf.body())
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\n", info)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Priya Probation" in text and "MAPPA essentials" in text


def test_the_module_and_a_lesson_pass_axe_without_signing_in(page):
    for path in ("/training/", MODULE, MODULE + "lessons/4/"):
        page.goto(path)
        assert axe_violations(page) == [], path
