"""Search at scale: the demo plus 10,000 generated pages of about 400 words, on SQLite.

Reports p50/p95 latency of 20 representative queries through the service function
(search.queries.search, in-process) and over HTTP (gunicorn, production settings), and the time
to rebuild the whole index. Targets: p95 under 50 ms through the service; rebuild under 60 s.
"""

import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse

from .common import ROOT, WORK, Gunicorn, bench_env, load, manage, print_table

PAGES = int(os.environ.get("BENCH_SEARCH_PAGES", "10000"))
REPEATS = int(os.environ.get("BENCH_SEARCH_REPEATS", "20"))
QUERIES = [
    "RSO", "DTC housing", "who calls a level 2 meeting", "sharing information lawfully",
    "duty to cooperate", "L3", "risk management plan", "approved premises",
    "serious further offence", "lay adviser", "police", "offender",
    "probation licence conditions", "exclusion zone", "victim safeguarding", "ViSOR",
    "child sex offender disclosure scheme", "strategic management board",
    "level 3 meeting minutes", "MAPPA",
]


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))]


def prepare():
    WORK.mkdir(parents=True, exist_ok=True)
    database = WORK / "search.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    env = bench_env(database)
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo")
    manage(env, "seed_bulk_pages", "--count", str(PAGES), "--no-index")
    output = subprocess.run(
        [sys.executable, "manage.py", "rebuild_search_index"], cwd=ROOT, check=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}, capture_output=True, text=True,
    ).stdout
    found = re.search(r"Indexed ([\d,]+) pages as ([\d,]+) search units in ([\d.]+) s", output)
    manage(env, "collectstatic", "--noinput", settings="portal.settings.production")
    return env, found.groups() if found else ("?", "?", "?")


def measure_service():
    """In-process: each query once to warm up, then REPEATS times; prints JSON."""
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from search.queries import search

    request = RequestFactory().get("/search/")
    request.user = AnonymousUser()
    out = {}
    for query in QUERIES:
        results = search(request, query)
        timings = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            search(request, query)
            timings.append((time.perf_counter() - started) * 1000)
        out[query] = {"total": results.total, "engine": results.engine, "timings": timings}
    print(json.dumps(out))


def measure_http(port):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    out = {}
    for query in QUERIES:
        path = "/search/?" + urllib.parse.urlencode({"q": query})
        timings = []
        for attempt in range(REPEATS + 1):
            started = time.perf_counter()
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            assert response.status == 200, (path, response.status)
            if attempt:  # the first is a warm-up
                timings.append((time.perf_counter() - started) * 1000)
        out[query] = timings
    return out


def run():
    env, (pages, units, rebuild_seconds) = prepare()
    service = json.loads(
        subprocess.run(
            [sys.executable, "-m", "bench.search", "service"], cwd=ROOT, check=True,
            env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings.production"},
            capture_output=True, text=True,
        ).stdout
    )
    with Gunicorn(env) as server:
        over_http = measure_http(server.port)
        mixed = load(server.port, "/search/?q=risk+management+plan", seconds=float(os.environ.get("BENCH_SECONDS", "5")))

    rows, all_service, all_http = [], [], []
    for query in QUERIES:
        s, h = service[query]["timings"], over_http[query]
        all_service += s
        all_http += h
        rows.append([query, f"{service[query]['total']:,}", f"{statistics.median(s):.1f}",
                     f"{percentile(s, 0.95):.1f}", f"{statistics.median(h):.1f}", f"{percentile(h, 0.95):.1f}"])
    rows.append(["ALL 20 QUERIES", "", f"{statistics.median(all_service):.1f}", f"{percentile(all_service, 0.95):.1f}",
                 f"{statistics.median(all_http):.1f}", f"{percentile(all_http, 0.95):.1f}"])
    print_table(
        f"Search: {pages} pages as {units} units on SQLite (database engine), anonymous reader, "
        f"{REPEATS} runs per query; HTTP = /search/ page from gunicorn, 1 client",
        ["query", "results", "service p50 ms", "service p95 ms", "HTTP p50 ms", "HTTP p95 ms"],
        rows,
    )
    print_table(
        "Search index and throughput",
        ["measure", "value", "target"],
        [
            ["full rebuild of the index", f"{rebuild_seconds} s for {pages} pages", "< 60 s"],
            ["service p95, all queries", f"{percentile(all_service, 0.95):.1f} ms", "< 50 ms"],
            ["/search/?q=risk+management+plan, 4 clients", f"{mixed['rps']:.0f} req/s, p50 {mixed['p50']:.1f} ms, p99 {mixed['p99']:.1f} ms", ""],
        ],
    )


if __name__ == "__main__" and sys.argv[1:] == ["service"]:
    sys.path.insert(0, str(ROOT))
    measure_service()
