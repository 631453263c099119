"""Finishing knowledge checks: submit_attempt() over 200 submissions of the demo's MAPPA
essentials check (half passing, so half record a completion), in a throwaway SQLite database of
its own. Target: p95 under 50 ms, and the same few SQL queries whatever the number of records.
"""

import json
import statistics
import subprocess
import sys
import time

from .common import ROOT, prepare_database, print_table

SUBMISSIONS = 200
TARGET_P95_MS = 50


def measure():
    """In its own process (own settings and database): prints the figures as JSON."""
    import random

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.accounts.models import PractitionerProfile
    from portal.agencies.models import AgencyPage
    from training.attempts import start_attempt, submit_attempt
    from training.models import Completion, ModulePage

    module = ModulePage.objects.get(slug="mappa-essentials")
    agency = AgencyPage.objects.get(slug="probation")
    rng = random.Random(2026)
    learners = []
    for n in range(SUBMISSIONS // 4):
        user, _ = get_user_model().objects.get_or_create(
            username=f"bench-learner-{n}",
            defaults={"first_name": "Bench", "last_name": f"Learner {n}"},
        )
        PractitionerProfile.objects.get_or_create(user=user, defaults={"agency": agency})
        learners.append(user)
    timings, queries = [], []
    for n in range(SUBMISSIONS):
        user = learners[n % len(learners)]
        attempt = start_attempt(user, module, rng=rng)
        # Even submissions answer everything right; odd ones get the first two wrong (a fail).
        answers = {
            q["id"]: [o["id"] for o in q["options"] if o["correct"]]
            if n % 2 == 0 or i > 1
            else [next(o["id"] for o in q["options"] if not o["correct"])]
            for i, q in enumerate(attempt.questions)
        }
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            submit_attempt(token=attempt.token, user=user, answers=answers)
            timings.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
    timings.sort()
    print(
        json.dumps(
            {
                "p50": statistics.median(timings),
                "p95": timings[int(len(timings) * 0.95) - 1],
                "max": timings[-1],
                "queries": [min(queries), max(queries)],
                "completions": Completion.objects.filter(user__in=learners).count(),
            }
        )
    )


def run():
    env = prepare_database("training")
    inner = subprocess.run(
        [sys.executable, "-m", "bench.training_attempts", "measure"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
    )
    f = json.loads(inner.stdout.strip().splitlines()[-1])
    ok = "yes" if f["p95"] < TARGET_P95_MS else "NO"
    print_table(
        f"Training: submit_attempt() over {SUBMISSIONS} submissions of the demo's MAPPA essentials "
        f"check, {f['completions']} passes recorded (in-process, test settings, SQLite)",
        ["measure", "value", "target", "ok"],
        [
            ["ms p50", f"{f['p50']:.1f}", "", ""],
            ["ms p95", f"{f['p95']:.1f}", f"< {TARGET_P95_MS}", ok],
            ["ms max", f"{f['max']:.1f}", "", ""],
            ["SQL queries per submission (min, max)", "{}, {}".format(*f["queries"]), "", ""],
        ],
    )


if __name__ == "__main__" and sys.argv[1:] == ["measure"]:
    sys.path.insert(0, str(ROOT))
    measure()
