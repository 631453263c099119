"""The agency training report at scale: the demo plus 500, then 5,000 practitioners with ten
attempts each (5,000, then 50,000 attempts) and a pass for most, in a throwaway SQLite database
of its own, and again on PostgreSQL when a server answers on 127.0.0.1:5432 (a database of its
own, created and dropped).

For /training/report/ as an SMB approver (every agency), as CSV, and for one agency: SQL
queries per request (budget 10, the same for any number of records: the counting is done by
the database) and the time to answer (target under 300 ms at 5,000 practitioners).
"""

import datetime
import json
import secrets
import statistics
import subprocess
import sys
import time

from .common import ROOT, WORK, bench_env, manage, prepare_database, print_table

BUDGET = 10
TARGET_MS = 300
RUNS = 10
SIZES = [500, 5000]
ATTEMPTS_EACH = 10


def build_modules():
    """Three modules: one for every agency, one for the Responsible Authority, one recommended
    for probation; each with a first version (and the second a major change since)."""
    from django.utils import timezone

    from portal.agencies.models import AgencyPage
    from training.models import ModuleAudience, ModulePage, ModuleVersion, TrainingIndexPage

    index = TrainingIndexPage.objects.get()
    agencies = list(AgencyPage.objects.all())
    ra = [a for a in agencies if a.slug in ("police", "probation", "prison")]
    lessons = [("lesson", {"heading": "Why", "anchor": "", "body": "<p>Words.</p>", "cites": []})]
    questions = [
        (
            "question",
            {
                "question": f"Question {n}?",
                "options": [
                    {"text": "Right", "correct": True},
                    {"text": "Wrong", "correct": False},
                ],
                "explanation": "Because.",
            },
        )
        for n in range(5)
    ]
    modules = []
    for slug, title, audience, requirement in [
        ("bench-basics", "Bench: MAPPA basics", agencies, "required"),
        ("bench-sharing", "Bench: sharing information", ra, "required"),
        (
            "bench-victims",
            "Bench: victim contact",
            [a for a in agencies if a.slug == "probation"],
            "recommended",
        ),
    ]:
        page = ModulePage(
            title=title,
            slug=slug,
            intro="A module made for the benchmark.",
            learning_outcomes="Know the basics.",
            estimated_minutes=20,
            lessons=lessons,
            questions=questions,
        )
        index.add_child(instance=page)
        ModuleAudience.objects.bulk_create(
            [ModuleAudience(module=page, agency=a, requirement=requirement) for a in audience]
        )
        ModuleVersion.objects.create(
            module=page,
            module_key=page.pk,
            sequence=1,
            number=1,
            change_type="major",
            title=title,
            published_at=timezone.now(),
            cited_guidance={},
        )
        modules.append(page)
    ModuleVersion.objects.create(
        module=modules[1],
        module_key=modules[1].pk,
        sequence=2,
        number=2,
        change_type="major",
        title=modules[1].title,
        published_at=timezone.now(),
        cited_guidance={},
    )
    return modules, agencies


def add_people(start, count, modules, agencies):
    """count practitioners (numbered from start) with ATTEMPTS_EACH attempts each, most of
    them passing, and a completion for every pass."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from portal.accounts.models import PractitionerProfile
    from training.models import Attempt, Completion
    from training.records import valid_until_for

    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(username=f"bench-{n}", first_name="Bench", last_name=f"Person {n}", password="!")
            for n in range(start, start + count)
        ]
    )
    PractitionerProfile.objects.bulk_create(
        [
            PractitionerProfile(user=u, agency=agencies[n % len(agencies)])
            for n, u in enumerate(users, start)
        ]
    )
    now = timezone.now()
    attempts, passes = [], []
    for n, user in enumerate(users, start):
        for k in range(ATTEMPTS_EACH):
            module = modules[(n + k) % len(modules)]
            finished = now - datetime.timedelta(days=(n * 7 + k * 37) % 500)
            passed = (n + k) % 3 != 0
            attempt = Attempt(
                token=secrets.token_urlsafe(32),
                user=user,
                module=module,
                module_key=module.pk,
                module_title=module.title,
                module_version=1 + (k % 2 if module is modules[1] else 0),
                pass_mark=80,
                questions=[],
                answers={},
                score=5 if passed else 2,
                total=5,
                passed=passed,
                started_at=finished - datetime.timedelta(minutes=20),
                finished_at=None if k == ATTEMPTS_EACH - 1 and n % 5 == 0 else finished,
            )
            attempts.append(attempt)
    Attempt.objects.bulk_create(attempts, batch_size=2000)
    for attempt in attempts:
        if attempt.passed and attempt.finished_at:
            passes.append(
                Completion(
                    attempt=attempt,
                    user_id=attempt.user_id,
                    learner_name="Bench person",
                    module_id=attempt.module_id,
                    module_key=attempt.module_key,
                    module_title=attempt.module_title,
                    module_version=attempt.module_version,
                    completed_at=attempt.finished_at,
                    valid_until=valid_until_for(attempt.finished_at, 12),
                )
            )
    Completion.objects.bulk_create(passes, batch_size=2000)
    return len(attempts), len(passes)


def timed(client, path, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path, params)
    assert response.status_code == 200, (path, params, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(path, params)
    queries = len(captured)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.get(path, params)
        timings.append((time.perf_counter() - started) * 1000)
    return {"queries": queries, "p50": statistics.median(timings), "max": max(timings)}


def measure():
    """In its own process (own settings and database): prints the figures as JSON."""
    import django

    django.setup()
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from training.models import Attempt, Completion

    modules, agencies = build_modules()
    report = reverse("training:report")
    clients = {}
    for username in ("approver", "lead"):
        account = get_user_model().objects.get(username=username)
        client = Client()
        client.force_login(account)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = (
            TOTPDevice.objects.filter(user=account, confirmed=True).first().persistent_id
        )
        session.save()
        clients[username] = client
    figures = []
    done = 0
    for size in SIZES:
        add_people(done, size - done, modules, agencies)
        done = size
        counts = {
            "practitioners": size,
            "attempts": Attempt.objects.count(),
            "completions": Completion.objects.count(),
        }
        for name, username, params in [
            ("every agency (approver)", "approver", {}),
            ("every agency as CSV", "approver", {"format": "csv"}),
            ("one agency (police lead)", "lead", {}),
            (
                "people behind a number",
                "approver",
                {"agency": "police", "module": modules[0].pk, "status": "in_date"},
            ),
        ]:
            figures.append({**counts, "view": name, **timed(clients[username], report, params)})
    print(json.dumps(figures))


POSTGRES_DATABASE = "mappa_bench_training"


def _inner(env):
    inner = subprocess.run(
        [sys.executable, "-m", "bench.training_report", "measure"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
    )
    return json.loads(inner.stdout.strip().splitlines()[-1])


def _print(figures, engine):
    rows = []
    for f in figures:
        big = f["practitioners"] == SIZES[-1]
        rows.append(
            [
                f"{f['practitioners']:,}",
                f"{f['attempts']:,}",
                f"{f['completions']:,}",
                f["view"],
                f["queries"],
                "yes" if f["queries"] <= BUDGET else "NO",
                f"{f['p50']:.1f}",
                f"{f['max']:.1f}",
                ("yes" if f["p50"] < TARGET_MS else "NO") if big else "",
            ]
        )
    print_table(
        f"Training report (in-process, test settings, {engine}): queries budget {BUDGET}, "
        f"p50 target {TARGET_MS} ms at {SIZES[-1]:,} practitioners",
        [
            "practitioners",
            "attempts",
            "completions",
            "view",
            "queries",
            "<= budget",
            "p50 ms",
            "max ms",
            "< target",
        ],
        rows,
    )
    by_view = {}
    for f in figures:
        by_view.setdefault(f["view"], set()).add(f["queries"])
    flat = all(len(q) == 1 for q in by_view.values())
    sizes = " and ".join(f"{s:,}" for s in SIZES)
    print(f"Queries the same at {sizes} practitioners: {'yes' if flat else 'NO'}")


def run():
    _print(_inner(prepare_database("training")), "SQLite")
    from .search import POSTGRES, postgres_admin, postgres_reachable

    if not postgres_reachable():
        print("\nPostgreSQL is not answering on 127.0.0.1:5432: no PostgreSQL figures.")
        return
    postgres_admin(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")
    postgres_admin(f"CREATE DATABASE {POSTGRES_DATABASE}")
    try:
        env = {
            **bench_env(WORK / "unused.sqlite3"),
            "DATABASE_URL": f"{POSTGRES}/{POSTGRES_DATABASE}",
        }
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
        _print(_inner(env), "PostgreSQL")
    finally:
        postgres_admin(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")


if __name__ == "__main__" and sys.argv[1:] == ["measure"]:
    sys.path.insert(0, str(ROOT))
    measure()
