"""Annual reports at scale: the demo plus an area with 20 years of published reports, in a
throwaway SQLite database of its own.

For a report page and the index: SQL queries per request (budget 12 each), and the cost of the
charts, drawn once per published revision and then served from the cache: the first view of a
page draws its charts, the second draws none. Then throughput under gunicorn.
"""

import json
import os
import statistics
import subprocess
import sys
import time

from .common import ROOT, Gunicorn, load, prepare_database, print_table

YEARS = list(range(2005, 2025))
AREA = "Wiltshire"
BUDGET = 12
RUNS = 30


def build_reports():
    """20 years of reports for one area, each published through a revision."""
    from decimal import Decimal

    from portal.reports.models import AnnualReportIndexPage, AnnualReportPage, ReportFigure

    index = AnnualReportIndexPage.objects.get()
    source = "https://example.org/mappa-annual-report"
    for year in YEARS:
        figures = [
            ReportFigure(scope=scope, metric=metric, value=Decimal(value), source_url=source)
            for scope, metric, value in [
                ("area", "total_eligible", 1000 + 10 * (year - 2005)),
                ("area", "category_1", 700 + 9 * (year - 2005)),
                ("area", "category_2", 250),
                ("area", "level_1", 950),
                ("area", "level_2", 40),
                ("area", "level_3", 4),
                ("area", "rso_rate_per_100k", 90 + year % 7),
                ("national", "total_eligible", 60000 + 1500 * (year - 2005)),
                ("national", "rso_rate_per_100k", 80 + 2 * (year - 2005)),
            ]
        ]
        if year == 2012:
            figures = [f for f in figures if f.metric != "category_1"]  # one year not published
        page = AnnualReportPage(
            title=f"{AREA} MAPPA annual report {year}/{(year + 1) % 100:02d}",
            slug=f"wiltshire-{year}",
            area=AREA,
            year_start=year,
            live=False,
            intro="A report made for the benchmark.",
            figures=figures,
            chair_foreword="<p>A foreword.</p>",
            years_work="<p>The year's work.</p>",
        )
        index.add_child(instance=page)
        page.save_revision().publish()
    return index


def measure():
    """In its own process (own settings and database): prints the figures as JSON."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.reports.charts import RenderStats

    index = build_reports()
    client = Client()
    paths = {
        "report page (2024/25)": f"{index.url}wiltshire-2024/",
        "index (20 years + demo)": index.url,
    }
    figures = {}
    for name, path in paths.items():
        client.get("/")  # warm per-process caches (site root paths, content types)
        cache.clear()
        views = []
        for _ in range(2):
            before, started = RenderStats.renders, time.perf_counter()
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            views.append(((time.perf_counter() - started) * 1000, RenderStats.renders - before))
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        queries = len(captured)  # now: the next request empties Django's query log
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        figures[name] = {
            "path": path,
            "queries": queries,
            "first": views[0],
            "second": views[1],
            "p50": statistics.median(timings),
        }
    print(json.dumps(figures))


def run():
    env = prepare_database("reports")
    inner = subprocess.run(
        [sys.executable, "-m", "bench.reports", "measure"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
    )
    figures = json.loads(inner.stdout.strip().splitlines()[-1])
    rows = []
    for name, f in figures.items():
        (first_ms, first_draws), (second_ms, second_draws) = f["first"], f["second"]
        rows += [
            [
                name,
                "SQL queries per request",
                f["queries"],
                f"<= {BUDGET}",
                "yes" if f["queries"] <= BUDGET else "NO",
            ],
            [
                name,
                "charts drawn: first view, second view",
                f"{first_draws}, {second_draws}",
                "second = 0",
                "yes" if second_draws == 0 and first_draws > 0 else "NO",
            ],
            [
                name,
                "ms: first view (draws), second (cached)",
                f"{first_ms:.1f}, {second_ms:.1f}",
                "",
                "",
            ],
            [name, f"ms p50 of {RUNS} cached views", f"{f['p50']:.1f}", "", ""],
        ]
    print_table(
        f"Annual reports: {len(YEARS)} years of reports for one area (in-process, test settings, SQLite)",
        ["page", "measure", "value", "budget", "ok"],
        rows,
    )
    # Throughput of the demo's report and index under gunicorn (production settings).
    seconds = float(os.environ.get("BENCH_SECONDS", "5"))
    served = []
    with Gunicorn(env) as server:
        for name, path in {
            "demo report": "/annual-reports/dorset-2019-20/",
            "demo index": "/annual-reports/",
        }.items():
            load(server.port, path, seconds=1)
            result = load(server.port, path, seconds=seconds)
            served.append(
                [
                    name,
                    path,
                    f"{result['rps']:.0f}",
                    f"{result['p50']:.1f}",
                    f"{result['p99']:.1f}",
                    result["errors"],
                ]
            )
    print_table(
        "Annual reports: gunicorn, 2 workers, production settings, SQLite, 4 keep-alive clients",
        ["page", "path", "req/s", "p50 ms", "p99 ms", "errors"],
        served,
    )


if __name__ == "__main__" and sys.argv[1:] == ["measure"]:
    sys.path.insert(0, str(ROOT))
    measure()
