"""Search at scale: the demo plus 10,000 generated pages of about 400 words, on SQLite and, when
a server answers on 127.0.0.1:5432, on PostgreSQL (a throwaway database of its own).

Reports p50/p95 latency of 20 representative queries through the service function
(search.queries.search, in-process), through the database engine alone, and beside them the
direct full-text baseline: the same MATCH expression ranked top-10 straight from FTS5 with bm25()
(on PostgreSQL: ts_rank_cd() over the same vector), with no audience filter, facets or pages.
Also the /search/ pages over HTTP (gunicorn, production settings), throughput for a common word
at 16 connections, and the time to rebuild the whole index.
Targets: service p95 at most 20 ms on SQLite and 50 ms on PostgreSQL; the engine within 4x of
the direct baseline for words with up to 1,000 matches; rebuild under 60 s.
"""

import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse

from .common import ROOT, WORK, Gunicorn, bench_env, load, manage, print_table

PAGES = int(os.environ.get("BENCH_SEARCH_PAGES", "10000"))
REPEATS = int(os.environ.get("BENCH_SEARCH_REPEATS", "20"))
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
POSTGRES_DATABASE = "mappa_bench_search"
QUERIES = [
    "RSO",
    "DTC housing",
    "who calls a level 2 meeting",
    "sharing information lawfully",
    "duty to cooperate",
    "L3",
    "risk management plan",
    "approved premises",
    "serious further offence",
    "lay adviser",
    "police",
    "offender",
    "probation licence conditions",
    "exclusion zone",
    "victim safeguarding",
    "ViSOR",
    "child sex offender disclosure scheme",
    "strategic management board",
    "level 3 meeting minutes",
    "MAPPA",
]
FEW = 1_000  # "words with up to 1,000 matches", for the engine-to-direct ratio


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))]


def postgres_reachable():
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=2).close()
    except OSError:
        return False
    return True


def postgres_admin(sql):
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def prepare(env):
    """Migrate, seed the demo and the bulk pages, rebuild the index; (pages, units, seconds)."""
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo")
    manage(env, "seed_bulk_pages", "--count", str(PAGES), "--no-index")
    output = subprocess.run(
        [sys.executable, "manage.py", "rebuild_search_index"],
        cwd=ROOT,
        check=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"},
        capture_output=True,
        text=True,
    ).stdout
    found = re.search(r"Indexed ([\d,]+) pages as ([\d,]+) search units in ([\d.]+) s", output)
    return found.groups() if found else ("?", "?", "?")


def sqlite_env():
    WORK.mkdir(parents=True, exist_ok=True)
    database = WORK / "search.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    return bench_env(database)


def postgres_env():
    return {**bench_env(WORK / "unused.sqlite3"), "DATABASE_URL": f"{POSTGRES}/{POSTGRES_DATABASE}"}


def _timed(run):
    run()  # warm-up
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def measure_service():
    """In-process, for each query: the service, the engine and the direct baseline; prints JSON."""
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test import RequestFactory

    from search.engines.database import (
        DatabaseEngine,
        Postgres,
        Sqlite,
        fts5_expression,
        tsquery_expression,
    )
    from search.engines.fulltext_schema import FTS
    from search.plan import build_plan
    from search.queries import search
    from search.vocabulary import current_vocabulary

    request = RequestFactory().get("/search/")
    request.user = AnonymousUser()
    if connection.vendor == "postgresql":
        direct_sql = (
            f"SELECT id FROM portal_search_searchunit u WHERE u.search_vector @@ to_tsquery('simple', %s) "
            f"ORDER BY ts_rank_cd('{Postgres.WEIGHTS}', u.search_vector, to_tsquery('simple', %s), 2) "
            "DESC LIMIT 10"
        )
        expression = tsquery_expression
    else:
        direct_sql = f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s ORDER BY {Sqlite.BM25} LIMIT 10"
        expression = fts5_expression

    def direct(text):
        with connection.cursor() as cursor:
            cursor.execute(direct_sql, [text] * direct_sql.count("%s"))
            cursor.fetchall()

    out = {}
    for query in QUERIES:
        results = search(request, query)
        plan = build_plan(query, current_vocabulary())
        text = expression(plan)
        out[query] = {
            "total": results.total,
            "more": results.total_is_lower_bound,
            "engine_name": results.engine,
            "service": _timed(lambda q=query: search(request, q)),
            "engine": _timed(lambda p=plan: DatabaseEngine().search(p, ["public"], [], [], 1, 10)),
            "direct": _timed(lambda t=text: direct(t)),
        }
    print(json.dumps(out))


EXPLAINED = "offender"  # the commonest word of the queries: found in about 37,000 units


def explain():
    """PostgreSQL only: EXPLAIN ANALYZE of the engine's queries for the commonest word, beside
    the shape it replaced (rank and count every match, then take ten); prints JSON."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.engines.database import DatabaseEngine, Postgres, tsquery_expression
    from search.plan import build_plan
    from search.vocabulary import current_vocabulary

    plan = build_plan(EXPLAINED, current_vocabulary())
    text = tsquery_expression(plan)
    DatabaseEngine().search(plan, ["public"], [], [], 1, 10)  # warm the caches
    with CaptureQueriesContext(connection) as captured:
        DatabaseEngine().search(plan, ["public"], [], [], 1, 10)
    # Before: the audience as a column, every match ranked for the top ten, counted and
    # grouped for the facets.
    match = "u.search_vector @@ to_tsquery('simple', %s) AND u.audience IN ('public')"
    rank = f"ts_rank_cd('{Postgres.WEIGHTS}', u.search_vector, to_tsquery('simple', %s), 2)"
    table = "portal_search_searchunit"
    before = [
        (
            f"SELECT u.id FROM {table} u WHERE {match} ORDER BY {rank} DESC LIMIT 10",
            [text, text],
        ),
        (f"SELECT count(*) FROM {table} u WHERE {match}", [text]),
        (f"SELECT u.kind, count(*) FROM {table} u WHERE {match} GROUP BY u.kind", [text]),
    ]

    def analyse(sql, params=None):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            return [row[0] for row in cursor.fetchall()]

    out = {
        "before": [analyse(sql, params) for sql, params in before],
        "after": [
            analyse(q["sql"]) for q in captured.captured_queries if q["sql"].startswith("SELECT")
        ],
    }
    print(json.dumps(out))


def print_explained(plans):
    def total(lines):
        return sum(
            float(line.split("Execution Time:")[1].split("ms")[0])
            for line in lines
            if "Execution Time:" in line
        )

    for label in ("before", "after"):
        queries = plans[label]
        print(
            f"\nEXPLAIN ANALYZE, {label}: {len(queries)} queries for {EXPLAINED!r}, "
            f"{sum(total(q) for q in queries):.1f} ms in all"
        )
        for lines in queries:
            # Long lists of ids are cut: the plan's shape and timings are what matter.
            print(
                "  "
                + "\n  ".join(line if len(line) < 240 else line[:237] + "..." for line in lines)
            )


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


def in_own_process(env, part):
    """One of this module's in-process measurements (python -m bench.search <part>), run with
    production settings in a process of its own: the JSON it prints."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.search", part],
        cwd=ROOT,
        check=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings.production"},
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


def measure(env, label, with_http):
    pages, units, rebuild_seconds = prepare(env)
    service = in_own_process(env, "service")
    if env["DATABASE_URL"].startswith("postgres"):
        print_explained(in_own_process(env, "explain"))
    manage(env, "collectstatic", "--noinput", settings="portal.settings.production")
    seconds = float(os.environ.get("BENCH_SECONDS", "5"))
    with Gunicorn(env) as server:
        over_http = measure_http(server.port) if with_http else {}
        risk = load(server.port, "/search/?q=risk", seconds=seconds, concurrency=16)
    report(label, pages, units, rebuild_seconds, service, over_http, risk)


def report(label, pages, units, rebuild_seconds, service, over_http, risk):
    rows, totals = [], {"service": [], "engine": [], "direct": [], "http": []}
    few = {"engine": [], "direct": []}
    for query in QUERIES:
        s = service[query]
        for name in ("service", "engine", "direct"):
            totals[name] += s[name]
        if s["total"] <= FEW and not s["more"]:
            few["engine"] += s["engine"]
            few["direct"] += s["direct"]
        h = over_http.get(query, [])
        totals["http"] += h
        found = f"more than {s['total']:,}" if s["more"] else f"{s['total']:,}"
        rows.append(
            [
                query,
                found,
                *(
                    f"{f(s[n]):.1f}"
                    for n in ("service", "engine", "direct")
                    for f in (statistics.median, p95)
                ),
                f"{p95(s['engine']) / max(p95(s['direct']), 0.001):.1f}x",
                f"{statistics.median(h):.1f}" if h else "-",
                f"{p95(h):.1f}" if h else "-",
            ]
        )
    t = totals
    rows.append(
        [
            "ALL 20 QUERIES",
            "",
            *(
                f"{f(t[n]):.1f}"
                for n in ("service", "engine", "direct")
                for f in (statistics.median, p95)
            ),
            f"{p95(t['engine']) / p95(t['direct']):.1f}x",
            f"{statistics.median(t['http']):.1f}" if t["http"] else "-",
            f"{p95(t['http']):.1f}" if t["http"] else "-",
        ]
    )
    print_table(
        f"Search on {label}: {pages} pages as {units} units (database engine), anonymous reader, "
        f"{REPEATS} runs per query. direct = the same MATCH ranked top-10 straight from the index, "
        "with no audience filter, facets or pages; ratio = engine p95 / direct p95",
        [
            "query",
            "results",
            "service p50",
            "service p95",
            "engine p50",
            "engine p95",
            "direct p50",
            "direct p95",
            "ratio",
            "HTTP p50",
            "HTTP p95",
        ],
        rows,
    )
    target = 20 if label == "SQLite" else 50
    few_ratio = (
        f"{p95(few['engine']):.1f} ms vs {p95(few['direct']):.1f} ms ({p95(few['engine']) / p95(few['direct']):.1f}x)"
        if few["engine"]
        else "no such query"
    )
    print_table(
        f"Search index and throughput on {label}",
        ["measure", "value", "target"],
        [
            ["full rebuild of the index", f"{rebuild_seconds} s for {pages} pages", "< 60 s"],
            ["service p95, all queries", f"{p95(t['service']):.1f} ms", f"<= {target} ms"],
            [f"engine vs direct p95, queries with up to {FEW:,} matches", few_ratio, "<= 4x"],
            [
                "engine vs direct p95, all queries",
                f"{p95(t['engine']):.1f} ms vs {p95(t['direct']):.1f} ms",
                "",
            ],
            [
                "/search/?q=risk, 16 connections",
                f"{risk['rps']:.1f} req/s, p50 {risk['p50']:.1f} ms, p99 {risk['p99']:.1f} ms, {risk['errors']} errors",
                "",
            ],
        ],
    )


def p95(values):
    return percentile(values, 0.95) if values else 0.0


def run():
    measure(sqlite_env(), "SQLite", with_http=True)
    if not postgres_reachable():
        print("\nPostgreSQL is not answering on 127.0.0.1:5432: no PostgreSQL figures.")
        return
    postgres_admin(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")
    postgres_admin(f"CREATE DATABASE {POSTGRES_DATABASE}")
    try:
        measure(postgres_env(), "PostgreSQL", with_http=False)
    finally:
        postgres_admin(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")


if __name__ == "__main__" and sys.argv[1:] == ["service"]:
    sys.path.insert(0, str(ROOT))
    measure_service()
if __name__ == "__main__" and sys.argv[1:] == ["explain"]:
    sys.path.insert(0, str(ROOT))
    explain()
