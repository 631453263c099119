"""Corrections (append-only, with a reason, by those allowed), anonymisation after the
retention period, and the subject access export (command and admin)."""

import csv
import datetime
import io

import pytest
import time_machine

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

from tests.conftest import user
from tests.factories import AttemptFactory, CompletionFactory, learner
from training import status
from training.models import Attempt, Completion, CompletionReminder
from training.records import anonymise_expired_records, correct_completion


@pytest.fixture
def approver(db):
    return user("approver")


def test_a_correction_is_a_new_record_that_replaces_the_old_one(module, police, approver):
    person = learner(police)
    original = CompletionFactory(user=person, module=module)
    before = Completion.objects.filter(pk=original.pk).values().get()
    fixed = correct_completion(
        original,
        by=approver,
        reason="Completed on paper in March",
        valid_until=datetime.date(2030, 1, 31),
    )
    assert Completion.objects.filter(pk=original.pk).values().get() == before  # untouched
    assert (fixed.replaces, fixed.valid_until, fixed.recorded_by, fixed.void) == (
        original,
        datetime.date(2030, 1, 31),
        approver,
        False,
    )
    assert fixed.code != original.code
    assert list(Completion.objects.standing().filter(user=person)) == [fixed]
    (row,) = [r for r in status.for_user(person) if r.module_id == module.pk]
    assert row.valid_until == datetime.date(2030, 1, 31)
    entry = ModelLogEntry.objects.get(
        action="training.completion_corrected", object_id=str(fixed.pk)
    )
    assert entry.user == approver and entry.data["reason"] == "Completed on paper in March"
    with pytest.raises(ValidationError):
        correct_completion(
            original, by=approver, reason="Again", valid_until=datetime.date(2031, 1, 1)
        )


def test_withdrawing_a_pass(module, police, approver):
    person = learner(police)
    original = CompletionFactory(user=person, module=module)
    correct_completion(original, by=approver, reason="Another person's pass", void=True)
    assert not Completion.objects.standing().filter(user=person).exists()
    (row,) = [r for r in status.for_user(person) if r.module_id == module.pk]
    assert row.status == status.IN_PROGRESS  # they did make an attempt
    assert ModelLogEntry.objects.filter(action="training.completion_voided").exists()


def test_corrections_need_a_reason_and_the_permission(module, police, approver):
    original = CompletionFactory(user=learner(police), module=module)
    with pytest.raises(ValidationError):
        correct_completion(original, by=approver, reason="  ", void=True)
    for someone in (user("lead"), user("practitioner"), user("editor")):
        with pytest.raises(PermissionDenied):
            correct_completion(original, by=someone, reason="Because", void=True)
    assert Completion.objects.filter(replaces=original).count() == 0


@override_settings(PORTAL_TRAINING_RETENTION_DAYS=365)
def test_records_older_than_the_retention_period_are_made_anonymous(module, police):
    person = learner(police)
    now = timezone.now()
    old = CompletionFactory(
        user=person, module=module, completed_at=now - datetime.timedelta(days=400)
    )
    recent = CompletionFactory(
        user=person, module=module, completed_at=now - datetime.timedelta(days=100)
    )
    failed_long_ago = AttemptFactory(
        user=person, module=module, finished_at=now - datetime.timedelta(days=500)
    )
    open_recently = AttemptFactory(user=person, module=module, finished_at=None, passed=None)
    call_command("anonymise_training_records", stdout=io.StringIO())
    old.refresh_from_db()
    assert (old.user, old.learner_name, old.anonymised_at is not None) == (None, "", True)
    assert old.code and old.module_title == module.title  # the record stays, naming nobody
    recent.refresh_from_db()
    assert recent.user == person and recent.anonymised_at is None
    assert Attempt.objects.get(pk=old.attempt_id).user is None
    assert Attempt.objects.get(pk=failed_long_ago.pk).user is None
    assert Attempt.objects.get(pk=open_recently.pk).user == person
    # Anonymised records name nobody, so the report no longer counts them.
    (row,) = [r for r in status.for_user(person) if r.module_id == module.pk]
    assert row.code == recent.code
    assert anonymise_expired_records() == (0, 0)  # a second run changes nothing


@override_settings(PORTAL_TRAINING_RETENTION_DAYS=365)
def test_a_pass_still_valid_is_kept_named_until_it_expires(training_index, police):
    from tests.factories import ModulePageFactory

    long_module = ModulePageFactory(
        parent=training_index, validity_months=36, for_agencies=[police]
    )
    person = learner(police)
    completion = CompletionFactory(
        user=person, module=long_module, completed_at=timezone.now() - datetime.timedelta(days=400)
    )
    anonymise_expired_records()
    completion.refresh_from_db()
    assert completion.user == person


def test_the_privacy_notice_states_the_training_retention(client, db):
    html = client.get(reverse("privacy")).content.decode()
    assert "Kept for 2190 days" in html


@pytest.fixture
def subject(module, police, approver):
    person = learner(police, username="sar-subject", first_name="Jo", last_name="Bloggs")
    with time_machine.travel(datetime.datetime(2026, 2, 3, 9, tzinfo=datetime.UTC), tick=False):
        AttemptFactory(user=person, module=module, passed=False, score=2)
        original = CompletionFactory(user=person, module=module)
    fixed = correct_completion(
        original, by=approver, reason="Date typed wrongly", valid_until=datetime.date(2027, 3, 1)
    )
    CompletionReminder.objects.create(completion=fixed, threshold="expiring")
    return person


def test_the_subject_access_export_command(subject, tmp_path):
    out = io.StringIO()
    call_command("export_training_records", "sar-subject", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["record"], r["state"]) for r in rows] == [
        ("attempt", "finished"),
        ("attempt", "finished"),
        ("completion", "replaced by a correction"),
        ("correction", "standing"),
        ("reminder e-mailed", "expiring"),
    ]
    assert rows[0]["score"] == "2 of 5" and rows[0]["passed"] == "no"
    assert (
        rows[3]["valid until"] == "2027-03-01"
        and rows[3]["correction reason"] == "Date typed wrongly"
    )
    assert rows[3]["name on certificate"] == "Jo Bloggs" and rows[3]["agency"] == "Police"
    assert rows[3]["corrected by"] == "Chris Chair"
    target = tmp_path / "sar.csv"
    call_command("export_training_records", "sar-subject", "--output", str(target))
    assert target.read_text().splitlines()[0].startswith("record,module")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("export_training_records", "nobody-at-all")


def test_the_admin_export_is_for_those_who_may_correct_records(persona_client, subject):
    url = reverse("training_admin_export")
    client = persona_client("approver")
    assert client.get(url).status_code == 200
    response = client.get(url, {"username": "sar-subject", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "Date typed wrongly" in response.content.decode()
    missing = client.get(url, {"username": "nobody-at-all"})
    assert (
        missing.status_code == 400
        and "There is no account with that username" in missing.content.decode()
    )


@pytest.mark.parametrize("persona", ["editor", "lead"])
def test_others_may_not_export(persona_client, subject, persona):
    response = persona_client(persona).get(
        reverse("training_admin_export"), {"username": "sar-subject"}
    )
    assert response.status_code in (302, 403)
    assert "Date typed wrongly" not in response.content.decode()


def test_an_approver_corrects_a_record_in_the_admin(persona_client, module, police):
    person = learner(police, username="to-correct")
    original = CompletionFactory(user=person, module=module)
    client = persona_client("approver")
    page = client.get(reverse("training_admin_export"), {"username": "to-correct"}).content.decode()
    url = reverse("training_admin_correct", args=[original.pk])
    assert url in page
    refused = client.post(url, {"valid_until": "2031-05-01", "reason": ""})
    assert refused.status_code == 400 and not Completion.objects.filter(replaces=original).exists()
    done = client.post(url, {"valid_until": "2031-05-01", "reason": "Paper record found"})
    assert done.status_code == 302
    fixed = Completion.objects.get(replaces=original)
    assert (fixed.valid_until, fixed.correction_reason) == (
        datetime.date(2031, 5, 1),
        "Paper record found",
    )
    again = client.post(url, {"void": "on", "reason": "Twice"})
    assert again.status_code == 400 and "already been corrected" in again.content.decode()


@pytest.mark.parametrize("persona", ["editor", "lead", "practitioner"])
def test_others_may_not_correct_in_the_admin(persona_client, module, police, persona):
    original = CompletionFactory(user=learner(police), module=module)
    url = reverse("training_admin_correct", args=[original.pk])
    response = persona_client(persona).post(url, {"void": "on", "reason": "Because"})
    assert response.status_code in (302, 403)
    assert not Completion.objects.filter(replaces=original).exists()


def test_corrections_are_listed_in_the_site_history(persona_client, module, police, approver):
    original = CompletionFactory(user=learner(police, last_name="Historyperson"), module=module)
    correct_completion(
        original, by=approver, reason="Wrong date", valid_until=datetime.date(2030, 1, 1)
    )
    response = persona_client("admin").get(reverse("wagtailadmin_reports:site_history"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Corrected a training record" in html and "Historyperson" in html


@override_settings(PORTAL_TRAINING_RETENTION_DAYS=365)
def test_anonymising_a_corrected_record_takes_the_name_out_of_the_site_history(
    module, police, approver
):
    person = learner(police, last_name="Forgottenname")
    old = CompletionFactory(
        user=person, module=module, completed_at=timezone.now() - datetime.timedelta(days=800)
    )
    fixed = correct_completion(old, by=approver, reason="Date", valid_until=old.valid_until)
    entry = ModelLogEntry.objects.get(object_id=str(fixed.pk))
    assert "Forgottenname" in entry.label
    anonymise_expired_records()
    entry.refresh_from_db()
    assert "Forgottenname" not in entry.label
    assert not Completion.objects.filter(learner_name__contains="Forgottenname").exists()
