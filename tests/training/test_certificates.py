"""Certificates: the page anyone with the code may open shows the name, module, version, date and
validity and nothing else; corrections and expiry are said plainly; the PDF is one tagged page."""

import datetime
import re
import subprocess

import pytest

from django.urls import reverse
from django.utils import timezone

from training.attempts import start_attempt, submit_attempt
from training.certificates import EXPIRED, IN_DATE, REPLACED, WITHDRAWN, validity
from training.models import Completion

from .answers import right

pytestmark = pytest.mark.django_db


@pytest.fixture
def completion(learner, module):
    attempt = start_attempt(learner, module)
    submit_attempt(token=attempt.token, user=learner, answers=right(attempt, wrong=1))
    return Completion.objects.get(attempt=attempt)


def test_the_certificate_shows_who_what_when_and_validity_and_nothing_else(
    client, completion, learner
):
    response = client.get(reverse("training:certificate", args=[completion.code]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    text = response.content.decode()
    main = text[text.index('id="main-content"') :]
    assert "Pat Learner" in main
    assert completion.module_title in main
    assert re.search(r"Version</dt>\s*<dd[^>]*>1<", main)
    assert completion.completed_at.strftime("%-d %B %Y").lstrip("0") in main
    assert f"valid until {completion.valid_until:%-d %B %Y}" in main
    assert '<meta name="robots" content="noindex">' in text
    for private in (learner.email, learner.username, "Police", "4 of 5", "80%", "score"):
        assert private not in main, private


def test_valid_for_the_modules_months(completion, module):
    completed = timezone.localdate(completion.completed_at)
    assert completion.valid_until == completed.replace(year=completed.year + 1) or (
        completed.month == 2 and completed.day == 29
    )
    assert validity(completion).state == IN_DATE


def test_expired_withdrawn_and_replaced_certificates_say_so(client, completion, learner):
    Completion.objects.filter(pk=completion.pk).update(valid_until=datetime.date(2020, 1, 31))
    completion.refresh_from_db()
    assert validity(completion).state == EXPIRED
    page = client.get(reverse("training:certificate", args=[completion.code])).content.decode()
    assert "expired on 31 January 2020" in page

    corrected = Completion.objects.create(
        user=learner,
        learner_name="Pat Learner-Smith",
        module_key=completion.module_key,
        module_title=completion.module_title,
        module_version=1,
        completed_at=completion.completed_at,
        valid_until=datetime.date(2030, 1, 1),
        replaces=completion,
        correction_reason="Name corrected.",
    )
    completion = Completion.objects.get(pk=completion.pk)
    assert validity(completion).state == REPLACED
    page = client.get(reverse("training:certificate", args=[completion.code])).content.decode()
    assert "replaced by a corrected record" in page
    assert reverse("training:certificate", args=[corrected.code]) in page
    assert (
        client.get(reverse("training:certificate_pdf", args=[completion.code])).status_code == 404
    )
    assert "Name corrected" not in page  # the reason is for the record, not the certificate

    voiding = Completion.objects.create(
        user=learner,
        learner_name="Pat Learner-Smith",
        module_key=corrected.module_key,
        module_title=corrected.module_title,
        module_version=1,
        completed_at=corrected.completed_at,
        valid_until=corrected.valid_until,
        replaces=corrected,
        void=True,
        correction_reason="Recorded in error.",
    )
    for withdrawn in (Completion.objects.get(pk=corrected.pk), voiding):
        assert validity(withdrawn).state == WITHDRAWN
        page = client.get(reverse("training:certificate", args=[withdrawn.code])).content.decode()
        assert "has been withdrawn" in page


def test_the_pdf_is_one_tagged_page_with_the_certificate(client, completion, tmp_path):
    response = client.get(reverse("training:certificate_pdf", args=[completion.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "certificate.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\n", info)
    assert "Tagged:          yes" in info
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    for expected in (
        "Pat Learner",
        completion.module_title,
        completion.code,
        f"{completion.valid_until:%-d %B %Y}",
        reverse("training:certificate", args=[completion.code]),
    ):
        assert expected in text, expected
    assert "Police" not in text
