"""What a hostile or unlucky input cannot do to training records: a name typed as a formula
never runs in a spreadsheet, an anonymised record cannot be brought back, a long name still
records a pass, and a reminder's subject is plain text."""

import csv
import datetime
import io

import pytest
import time_machine

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.conftest import user
from tests.factories import CompletionFactory, learner
from training import attempts
from training.models import Completion
from training.records import anonymise_expired_records, correct_completion
from training.reminders import send_reminders

FORMULA = '=HYPERLINK("http://attacker.example/")'


@pytest.fixture
def formula_learner(police, module):
    person = learner(police, username="formula-person", first_name=FORMULA, last_name="Smith")
    CompletionFactory(user=person, module=module)
    return person


def cells(text):
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_no_export_writes_a_cell_a_spreadsheet_would_run(persona_client, formula_learner):
    client = persona_client("approver")
    exports = {
        "site report": client.get(reverse("training:report"), {"format": "csv"}),
        "people behind a number": client.get(
            reverse("training:report"), {"format": "csv", "agency": "police"}
        ),
        "admin report": client.get(reverse("training_admin_report"), {"export": "csv"}),
        "admin subject access": client.get(
            reverse("training_admin_export"), {"username": "formula-person", "format": "csv"}
        ),
    }
    out = io.StringIO()
    call_command("export_training_records", "formula-person", stdout=out)
    texts = {
        name: (b"".join(r.streaming_content) if r.streaming else r.content).decode("utf-8-sig")
        for name, r in exports.items()
    }
    texts["subject access command"] = out.getvalue()
    assert any(FORMULA in cell for cell in cells(texts["admin subject access"]))
    for name, text in texts.items():
        for cell in cells(text):
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), (name, cell)
    assert f"'{FORMULA} Smith" in cells(texts["admin subject access"])


def test_an_anonymised_record_cannot_be_corrected_back_to_life(module, police, persona_client):
    person = learner(police)
    old = CompletionFactory(
        user=person, module=module, completed_at=timezone.now() - datetime.timedelta(days=400)
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7 * 365), tick=False):
        anonymise_expired_records()
    old.refresh_from_db()
    assert old.anonymised_at is not None
    with pytest.raises(ValidationError, match="anonymised"):
        correct_completion(old, by=user("approver"), reason="fix", valid_until="2030-01-01")
    response = persona_client("approver").post(
        reverse("training_admin_correct", args=[old.pk]),
        {"reason": "fix", "valid_until": "2030-01-01"},
    )
    assert response.status_code == 400
    assert "anonymised" in response.content.decode()
    assert not Completion.objects.filter(replaces=old).exists()


def test_a_learner_with_the_longest_names_still_records_a_pass(module, police):
    person = learner(police, first_name="A" * 150, last_name="B" * 150)
    attempt = attempts.start_attempt(person, module)
    answers = {q["id"]: [o["id"] for o in q["options"] if o["correct"]] for q in attempt.questions}
    finished = attempts.submit_attempt(token=attempt.token, user=person, answers=answers)
    assert finished.passed
    completion = Completion.objects.get(attempt=finished)
    assert completion.learner_name == ("A" * 150 + " " + "B" * 150)[:200]


def test_a_reminder_subject_is_plain_text(training_index, police):
    from tests.factories import ModulePageFactory, publish

    module = publish(
        ModulePageFactory(
            parent=training_index, title="Victims' rights & safety", for_agencies=[police]
        )
    )
    person = learner(police, email="plain@example.org")
    CompletionFactory(
        user=person,
        module=module,
        completed_at=datetime.datetime(2026, 1, 15, 10, tzinfo=datetime.UTC),
    )
    with time_machine.travel(datetime.datetime(2026, 12, 16, 7, tzinfo=datetime.UTC), tick=False):
        send_reminders(users=[person])
    (message,) = [m for m in mail.outbox if m.to == ["plain@example.org"]]
    assert message.subject == "Your Victims' rights & safety training expires in 30 days"


@pytest.mark.parametrize(
    ("agency", "status"),
    [("probation", 403), ("no-such-agency", 400), ("bad\x00slug", 400), ("x" * 5000, 400)],
)
def test_a_lead_asking_for_another_agency_is_refused_and_for_none_is_told(
    persona_client, module, agency, status
):
    response = persona_client("lead").get(reverse("training:report"), {"agency": agency})
    assert response.status_code == status
    if status == 400:
        assert "There is no agency" in response.content.decode()
