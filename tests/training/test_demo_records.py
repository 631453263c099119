"""The demo's training records: a realistic spread, written once."""

from django.contrib.auth import get_user_model

from portal.agencies.models import AgencyPage
from tests.conftest import user
from tests.factories import ModulePageFactory, record_version
from training import demo_records, status
from training.models import Attempt, Completion


def demo_learners():
    usernames = [
        f"{first}.{last}".lower()
        for first, last in zip(demo_records.FIRST, demo_records.LAST, strict=True)
    ]
    return get_user_model().objects.filter(username__in=usernames)


def context_with_modules(training_index):
    """The demo's agencies and people, and three modules of this test's own (one of them
    changed since: version 2)."""
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


def test_the_demo_has_a_spread_of_records(db):
    learners = demo_learners()
    assert 30 <= learners.count() <= 40
    assert not any(person.has_usable_password() for person in learners)
    agencies = {person.practitioner_profile.agency.slug for person in learners}
    assert {"police", "probation", "prison", "health", "housing"} <= agencies
    found = {row.status for row in status.statuses(user_ids=[p.pk for p in learners])}
    assert {
        status.PASSED,
        status.EXPIRING,
        status.EXPIRED,
        status.IN_PROGRESS,
        status.NOT_STARTED,
        # Passes of the duty module's first edition, before its major change.
        status.REFRESHER,
    } <= found
    # practitioner has passed one module and has another to do.
    mine = [row.status for row in status.for_user(user("practitioner"))]
    assert mine.count(status.PASSED) == 1 and status.NOT_STARTED in mine
    assert (
        Completion.objects.filter(replaces__isnull=False, recorded_by=user("approver")).count() == 1
    )


def test_modules_added_later_get_records_and_a_major_change_refreshers(training_index):
    context = context_with_modules(training_index)
    demo_records.seed(context)
    modules = [m.pk for m in context["training_modules"].values()]
    learners = demo_learners()
    found = {
        row.status for row in status.statuses(user_ids=[p.pk for p in learners], module_ids=modules)
    }
    assert found == set(status.STATUSES)
    counts = (Attempt.objects.count(), Completion.objects.count(), learners.count())
    demo_records.seed(context)
    assert (Attempt.objects.count(), Completion.objects.count(), demo_learners().count()) == counts
