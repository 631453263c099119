"""Guidance documents: queries for a 60-section document as its versions grow, the time to render
a comparison of two 60-section versions, and throughput under gunicorn."""

import json
import os
import statistics
import subprocess
import sys
import time

from .common import ROOT, Gunicorn, load, prepare_database, print_table

SECTIONS = 60
VERSION_STEPS = [1, 10, 50]
COMPARE_RUNS = 60
CLIENTS = 2


def prepare():
    return prepare_database("guidance")


def measure():
    """In its own process (own settings and database): prints the figures as JSON."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from wagtail.rich_text import RichText

    from guidance.models import MAJOR, MINOR, GuidanceIndexPage, GuidancePage

    def sections(edition):
        return [
            (
                "section",
                {
                    "heading": f"Section {n}: managing risk together",
                    "anchor": f"section-{n}",
                    "body": RichText(
                        f"<p>Agencies share what they know about the risk an offender poses (edition {edition if n % 4 == 0 else 1}).</p>"
                        "<p>The lead agency records what was shared, with whom and why, and reviews the plan "
                        "at every meeting. Each agency keeps its own statutory duties at all times.</p>"
                        "<ul><li>Share information that is lawful, necessary and proportionate.</li>"
                        "<li>Record decisions and the reasons for them.</li></ul>"
                    ),
                    "callouts": [
                        {"kind": "note", "text": "Check the current version before a meeting."}
                    ],
                    "steps": ["Gather what your agency knows.", "Share it with the lead agency."],
                },
            )
            for n in range(1, SECTIONS + 1)
        ]

    index = GuidanceIndexPage.objects.get()
    doc = GuidancePage(
        title="Benchmark guidance",
        slug="benchmark-guidance",
        live=False,
        intro="Sixty sections.",
        sections=sections(1),
    )
    index.add_child(instance=doc)

    def publish(edition, change_type, note):
        page = GuidancePage.objects.get(pk=doc.pk)
        page.sections, page.change_type, page.change_note = sections(edition), change_type, note
        page.save_revision().publish()

    client, url, figures = Client(), "/guidance/benchmark-guidance/", {"queries": {}}
    published = 0
    for target in VERSION_STEPS:
        while published < target:
            published += 1
            publish(published, MAJOR if published % 5 == 1 else MINOR, f"Change {published}.")
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        figures["queries"][target] = len(captured)

    compare_url = f"{url}versions/1/compare/{published}/"
    client.get(compare_url)
    timings = []
    for _ in range(COMPARE_RUNS):
        started = time.perf_counter()
        response = client.get(compare_url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as captured:
        client.get(compare_url)
    timings.sort()
    figures["compare"] = {
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "queries": len(captured),
        "changed": response.content.decode().count("app-diff-section--changed"),
    }
    print(json.dumps(figures))


def run():
    env = prepare()
    inner = subprocess.run(
        [sys.executable, "-m", "bench.guidance", "measure"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        # The page cache off: these figures are what rendering costs.
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "PORTAL_PAGE_CACHE": "off"},
    )
    figures = json.loads(inner.stdout.strip().splitlines()[-1])
    print_table(
        f"Guidance: a {SECTIONS}-section document (in-process, test settings, SQLite)",
        ["measure", "versions", "value", "budget", "ok"],
        [
            ["SQL queries to render the document", n, q, "<= 12", "yes" if q <= 12 else "NO"]
            for n, q in figures["queries"].items()
        ]
        + [
            [
                "compare first and last version, p50 ms",
                VERSION_STEPS[-1],
                f"{figures['compare']['p50']:.1f}",
                "< 150",
                "yes" if figures["compare"]["p50"] < 150 else "NO",
            ],
            [
                "compare first and last version, p95 ms",
                VERSION_STEPS[-1],
                f"{figures['compare']['p95']:.1f}",
                "< 150",
                "yes" if figures["compare"]["p95"] < 150 else "NO",
            ],
            ["compare, SQL queries", VERSION_STEPS[-1], figures["compare"]["queries"], "", ""],
        ],
    )
    seconds = float(os.environ.get("BENCH_SECONDS", "5"))
    paths = {
        "MAPPA Guidance": "/guidance/mappa-guidance/",
        "history": "/guidance/mappa-guidance/versions/",
        "compare 4.5 to 8.0": "/guidance/mappa-guidance/versions/1/compare/7/",
        "60-section document": "/guidance/benchmark-guidance/",
        "60-section compare": f"/guidance/benchmark-guidance/versions/1/compare/{VERSION_STEPS[-1]}/",
    }
    rows = []
    with Gunicorn(env) as server:
        for name, path in paths.items():
            load(server.port, path, seconds=1, concurrency=CLIENTS)
            result = load(server.port, path, seconds=seconds, concurrency=CLIENTS)
            rows.append(
                [
                    name,
                    f"{result['rps']:.0f}",
                    f"{result['p50']:.1f}",
                    f"{result['p99']:.1f}",
                    result["errors"],
                ]
            )
    print_table(
        f"Guidance under gunicorn, 2 workers, production settings, SQLite, {CLIENTS} keep-alive clients "
        "(one per worker: latency is service time, not queueing)",
        ["page", "req/s", "p50 ms", "p99 ms", "errors"],
        rows,
    )


if __name__ == "__main__" and sys.argv[1:] == ["measure"]:
    measure()
