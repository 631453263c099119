"""Demo training records: 36 practitioners across the Responsible Authority and the
duty-to-co-operate agencies, and who took which module when, so My training, the reminders and
the agency report have something to show.

Runs after the demo's training modules (training.demo.seed, which leaves them in
context["training_modules"]); without them it does nothing. Each person's records of each module
are written once: a second run finds them and changes nothing, and a module added later gets
records of its own.

The spread, per person and module their agency asks for (chosen by a fixed rule, so every run
gives the same picture): mostly passed and in date, some expiring within 30 days, some expired,
some failed or still in progress, some not started; a pass of an earlier version (refresher
needed) wherever a module has had a major change. `practitioner` (probation) has passed their
first module and has the next still to do; one pass has been corrected by `approver`. The
extra people have no usable password: they exist only to be counted and listed.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from portal.accounts.models import PractitionerProfile
from portal.core.setup import PRACTITIONERS, group_name

from .models import Attempt, Completion, ModuleAudience, ModulePage
from .records import correct_completion, valid_until_for

# agency slug: how many demo practitioners work there
STAFF = {
    "police": 7,
    "probation": 7,
    "prison": 5,
    "childrens-services": 3,
    "adult-social-care": 2,
    "health": 3,
    "youth-justice": 2,
    "housing": 2,
    "registered-social-landlords": 1,
    "jobcentre-plus": 1,
    "electronic-monitoring": 1,
    "education": 1,
    "immigration": 1,
}
FIRST = [
    "Amara",
    "Ben",
    "Cerys",
    "Dev",
    "Ellie",
    "Finn",
    "Grace",
    "Harun",
    "Isla",
    "Jack",
    "Kavya",
    "Liam",
    "Maya",
    "Nathan",
    "Olivia",
    "Pawel",
    "Rhiannon",
    "Sami",
    "Tom",
    "Una",
    "Victor",
    "Wendy",
    "Yusuf",
    "Zara",
    "Aled",
    "Bethan",
    "Callum",
    "Daisy",
    "Euan",
    "Farah",
    "Gareth",
    "Hannah",
    "Idris",
    "Jas",
    "Kieran",
    "Lowri",
]
LAST = [
    "Adeyemi",
    "Brooks",
    "Carter",
    "Davies",
    "Evans",
    "Fraser",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nash",
    "Owen",
    "Patel",
    "Quinn",
    "Roberts",
    "Shah",
    "Thomas",
    "Upton",
    "Vaughan",
    "Walsh",
    "Young",
    "Ahmed",
    "Bell",
    "Clarke",
    "Dunn",
    "Ellis",
    "Foster",
    "Griffiths",
    "Hall",
    "Ince",
    "James",
    "Kerr",
    "Lloyd",
]
# What happened, chosen in turn for each (person, module) pair.
SCENARIOS = [
    "passed",
    "passed",
    "expiring",
    "passed",
    "expired",
    "failed",
    "passed",
    "refresher",
    "in_progress",
    "passed",
    "not_started",
    "passed",
    "expiring",
    "refresher",
    "passed",
    "expired",
]


def _frozen_questions(module):
    """The first questions of the bank as an attempt freezes them (ids, options in order)."""
    frozen = []
    for child in list(module.questions)[: module.questions_per_attempt]:
        value = child.value
        options = [
            {
                "id": option.id or f"{child.id}-{n}",
                "text": option.value["text"],
                "correct": bool(option.value["correct"]),
            }
            for n, option in enumerate(value["options"].bound_blocks)
        ]
        frozen.append(
            {
                "id": child.id,
                "question": value["question"],
                "multiple": sum(o["correct"] for o in options) > 1,
                "explanation": value["explanation"],
                "options": options,
            }
        )
    return frozen


def _attempt(user, module, version, finished_at, passed):
    questions = _frozen_questions(module)
    total = len(questions) or module.questions_per_attempt
    right = total if passed else max(0, (total * module.pass_mark) // 100 - 1)
    answers = {}
    for n, question in enumerate(questions):
        correct = [o["id"] for o in question["options"] if o["correct"]]
        wrong = [o["id"] for o in question["options"] if not o["correct"]][:1]
        answers[question["id"]] = correct if n < right else wrong
    return Attempt.objects.create(
        user=user,
        module=module,
        module_key=module.pk,
        module_title=module.title,
        module_version=version,
        pass_mark=module.pass_mark,
        questions=questions,
        answers=answers if finished_at else None,
        score=right if finished_at else None,
        total=total,
        passed=passed if finished_at else None,
        started_at=(finished_at or timezone.now())
        - datetime.timedelta(minutes=module.estimated_minutes),
        finished_at=finished_at,
    )


def _pass(user, agency, module, version, completed_at):
    attempt = _attempt(user, module, version, completed_at, passed=True)
    return Completion.objects.create(
        attempt=attempt,
        user=user,
        learner_name=user.get_full_name() or user.get_username(),
        agency=agency,
        module=module,
        module_key=module.pk,
        module_title=module.title,
        module_version=version,
        completed_at=completed_at,
        valid_until=valid_until_for(completed_at, module.validity_months),
    )


def _days_before_expiry(module, days_left, now):
    """A completion time whose pass has `days_left` days left today (negative: expired)."""
    today = timezone.localdate(now)
    guess = now - datetime.timedelta(days=round(module.validity_months * 30.44) - days_left)
    shift = (valid_until_for(guess, module.validity_months) - today).days - days_left
    return guess - datetime.timedelta(days=shift)


def record(user, agency, module, scenario, n, now):
    """Write one scenario's records for this person and module."""
    current = module.current_version or 1
    # Passes well inside the validity period (which ends with 30 days of "expiring").
    in_date_days = max(10, round(module.validity_months * 30.4) - 45)
    if scenario == "refresher" and current < 2:
        scenario = "passed"  # no major change yet: an ordinary pass
    if scenario == "passed":
        _pass(
            user,
            agency,
            module,
            current,
            now - datetime.timedelta(days=(20 + 9 * n) % in_date_days),
        )
    elif scenario == "expiring":
        _pass(user, agency, module, current, _days_before_expiry(module, 5 + n % 20, now))
    elif scenario == "expired":
        _attempt(user, module, current, now - datetime.timedelta(days=500), passed=False)
        _pass(user, agency, module, current, _days_before_expiry(module, -(10 + 7 * n % 60), now))
    elif scenario == "refresher":
        _pass(
            user,
            agency,
            module,
            current - 1,
            now - datetime.timedelta(days=(90 + n) % in_date_days),
        )
    elif scenario == "failed":
        _attempt(user, module, current, now - datetime.timedelta(days=3 + n % 10), passed=False)
    elif scenario == "in_progress":
        _attempt(user, module, current, None, passed=None)


def _person(index, agency, practitioners):
    User = get_user_model()
    first, last = FIRST[index % len(FIRST)], LAST[index % len(LAST)]
    username = f"{first}.{last}".lower()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username, first_name=first, last_name=last, email=f"{username}@example.org"
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(practitioners)
    PractitionerProfile.objects.get_or_create(
        user=user, defaults={"agency": agency, "mappa_area": "Dorset"}
    )
    return user


def _modules_for(agency_ids, modules):
    """{agency id: [module, …]} for the demo's modules, in title order."""
    by_pk = {module.pk: module for module in modules}
    found = {}
    for audience in ModuleAudience.objects.filter(
        agency_id__in=agency_ids, module_id__in=list(by_pk)
    ).order_by("module__title"):
        found.setdefault(audience.agency_id, []).append(by_pk[audience.module_id])
    return found


def seed(context):
    modules = context.get("training_modules")
    if not modules:
        return
    agencies = context["agencies"]
    modules = [ModulePage.objects.get(pk=module.pk) for module in modules.values()]
    now = timezone.now()
    practitioners = Group.objects.get(name=group_name(PRACTITIONERS))
    for_agency = _modules_for([a.pk for a in agencies.values()], modules)

    index = pair = 0
    for slug, count in STAFF.items():
        agency = agencies.get(slug)
        if agency is None:
            continue
        for _ in range(count):
            user = _person(index, agency, practitioners)
            index += 1
            done = set(Attempt.objects.filter(user=user).values_list("module_key", flat=True))
            for module in for_agency.get(agency.pk, []):
                if module.pk not in done:  # each person and module is written once
                    record(user, agency, module, SCENARIOS[pair % len(SCENARIOS)], pair, now)
                pair += 1

    users = context.get("users", {})
    practitioner = users.get("practitioner")
    profile = PractitionerProfile.objects.filter(user=practitioner).select_related("agency").first()
    if practitioner is not None and profile is not None and profile.agency_id:
        own = for_agency.get(profile.agency_id, [])
        if own and not Attempt.objects.filter(user=practitioner).exists():
            _attempt(
                practitioner,
                own[0],
                own[0].current_version or 1,
                now - datetime.timedelta(days=64),
                passed=False,
            )
            _pass(
                practitioner,
                profile.agency,
                own[0],
                own[0].current_version or 1,
                now - datetime.timedelta(days=61),
            )

    # One pass corrected by the board: entered with the wrong date, fixed with a reason.
    approver = users.get("approver")
    first = (
        Completion.objects.filter(user__username="amara.adeyemi", replaces__isnull=True)
        .order_by("pk")
        .first()
    )
    if (
        approver is not None
        and first is not None
        and not Completion.objects.filter(replaces=first).exists()
    ):
        correct_completion(
            first,
            by=approver,
            reason="Completed at the March induction day; the date was entered wrongly.",
            valid_until=first.valid_until + datetime.timedelta(days=30),
        )
