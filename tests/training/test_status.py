"""A learner's status for each module their agency asks them to take, with frozen time."""

import datetime

import time_machine

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    AttemptFactory,
    CompletionFactory,
    ModulePageFactory,
    learner,
    record_version,
)
from training import status
from training.records import correct_completion

LONDON_NOON = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


def only(rows, module):
    (row,) = [r for r in rows if r.module_id == module.pk]
    return row


def test_nothing_done_is_not_started_and_only_modules_for_the_agency_are_listed(
    module, recommended, probation, training_index
):
    elsewhere = ModulePageFactory(parent=training_index, for_agencies=[probation])
    person = learner(module.audiences.get().agency)
    rows = status.for_user(person)
    assert elsewhere.pk not in {r.module_id for r in rows}
    assert {r.status for r in rows} == {status.NOT_STARTED}
    mine = [r for r in rows if r.module_id in (module.pk, recommended.pk)]
    assert [(r.module.title, r.requirement) for r in mine] == [
        ("Sharing information safely", "required"),
        ("Victim contact", "recommended"),
    ]
    assert rows.index(mine[0]) < rows.index(mine[1]), "required modules come first"


def test_an_open_or_failed_attempt_is_in_progress(module, recommended, police):
    person = learner(police)
    AttemptFactory(user=person, module=module, passed=False)
    AttemptFactory(user=person, module=recommended, finished_at=None, passed=None, score=None)
    rows = [r for r in status.for_user(person) if r.module_id in (module.pk, recommended.pk)]
    assert {r.status for r in rows} == {status.IN_PROGRESS}
    assert only(rows, module).last_attempt == "failed"
    assert only(rows, recommended).last_attempt == "open"


@time_machine.travel(LONDON_NOON, tick=False)
def test_a_pass_is_valid_for_the_modules_months_then_expiring_then_expired(module, police):
    person = learner(police)
    CompletionFactory(user=person, module=module)
    row = only(status.for_user(person), module)
    assert row.status == status.PASSED
    assert row.valid_until == datetime.date(2027, 3, 10)
    assert row.completed_at == LONDON_NOON
    assert row.code

    with time_machine.travel(datetime.datetime(2027, 2, 7, 12, tzinfo=datetime.UTC), tick=False):
        assert only(status.for_user(person), module).status == status.PASSED  # 31 days left
    with time_machine.travel(datetime.datetime(2027, 2, 8, 12, tzinfo=datetime.UTC), tick=False):
        assert only(status.for_user(person), module).status == status.EXPIRING  # 30 days left
    with time_machine.travel(datetime.datetime(2027, 3, 10, 23, tzinfo=datetime.UTC), tick=False):
        # 23:00 UTC on 10 March is still 10 March in London: the last valid day.
        assert only(status.for_user(person), module).status == status.EXPIRING
    with time_machine.travel(datetime.datetime(2027, 3, 11, 9, tzinfo=datetime.UTC), tick=False):
        assert only(status.for_user(person), module).status == status.EXPIRED


def test_a_major_change_after_a_pass_asks_for_a_refresher_and_a_minor_one_does_not(module, police):
    person = learner(police)
    CompletionFactory(user=person, module=module, module_version=1)
    record_version(module, 1, change_type="minor")
    assert only(status.for_user(person), module).status == status.PASSED
    record_version(module, 2, change_type="major")
    row = only(status.for_user(person), module)
    assert (row.status, row.completed_version, row.current_version) == (status.REFRESHER, 1, 2)
    # Passing the new version puts them back in date.
    CompletionFactory(user=person, module=module, module_version=2)
    assert only(status.for_user(person), module).status == status.PASSED


def test_the_latest_standing_completion_counts_and_a_withdrawn_one_does_not(module, police):
    person = learner(police)
    old = CompletionFactory(
        user=person, module=module, completed_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert only(status.for_user(person), module).status == status.EXPIRED
    new = CompletionFactory(user=person, module=module)
    assert only(status.for_user(person), module).code == new.code
    from tests.factories import UserFactory

    approver = UserFactory(role="approvers")
    correct_completion(new, by=approver, reason="Recorded against the wrong person", void=True)
    row = only(status.for_user(person), module)
    assert (row.status, row.code) == (status.EXPIRED, old.code)


def test_statuses_for_many_people_take_one_query(module, recommended, police):
    people = [learner(police) for _ in range(6)]
    for person in people[:3]:
        CompletionFactory(user=person, module=module)
    with CaptureQueriesContext(connection) as few:
        status.statuses(user_ids=[p.pk for p in people])
    for _ in range(20):
        CompletionFactory(user=learner(police), module=recommended)
    with CaptureQueriesContext(connection) as many:
        rows = status.statuses(agency_ids=[police.pk])
    assert len(few) == len(many) == 1
    assert (
        len([r for r in rows if r.module_id == recommended.pk and r.status == status.PASSED]) == 20
    )
