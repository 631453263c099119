"""The demo's training records: a realistic spread, written once."""

from django.contrib.auth import get_user_model

from portal.agencies.models import AgencyPage
from tests.conftest import user
from tests.factories import ModulePageFactory, record_version
from training import demo_records, status
from training.models import Attempt, Completion


def context_with_modules(training_index):
    agencies = {a.slug: a for a in AgencyPage.objects.all()}
    ra = [agencies["police"], agencies["probation"], agencies["prison"]]
    everyone = list(agencies.values())
    basics = ModulePageFactory(parent=training_index, title="MAPPA basics", for_agencies=everyone)
    sharing = ModulePageFactory(parent=training_index, title="Sharing information", for_agencies=ra)
    victims = ModulePageFactory(
        parent=training_index,
        title="Victim contact",
        audiences=[(agencies["probation"], "recommended")],
    )
    for page in (basics, sharing, victims):
        record_version(page, 1)
    record_version(sharing, 2)  # a major change: earlier passes need a refresher
    users = {name: user(name) for name in ("practitioner", "approver", "lead")}
    return {
        "agencies": agencies,
        "users": users,
        "training_modules": {"basics": basics, "sharing": sharing, "victims": victims},
    }


def test_without_modules_it_does_nothing(db):
    before = Completion.objects.count()
    demo_records.seed({"agencies": {}, "users": {}})
    assert Completion.objects.count() == before


def test_a_spread_of_records_written_once(training_index):
    context = context_with_modules(training_index)
    demo_records.seed(context)
    learners = get_user_model().objects.filter(
        username__contains=".", practitioner_profile__isnull=False
    )
    assert 30 <= learners.count() <= 40
    assert not any(person.has_usable_password() for person in learners)
    agencies = {person.practitioner_profile.agency.slug for person in learners}
    assert {"police", "probation", "prison", "health", "housing"} <= agencies
    found = {row.status for row in status.statuses(user_ids=[p.pk for p in learners])}
    assert found == set(status.STATUSES)

    mine = status.for_user(user("practitioner"))
    assert sorted(row.status for row in mine) == ["not_started", "not_started", "passed"]
    corrected = Completion.objects.filter(replaces__isnull=False, recorded_by=user("approver"))
    assert corrected.count() == 1

    counts = (Attempt.objects.count(), Completion.objects.count(), learners.count())
    demo_records.seed(context)
    assert (Attempt.objects.count(), Completion.objects.count(), learners.count()) == counts
