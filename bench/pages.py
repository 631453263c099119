"""Home and agency pages under gunicorn (production settings, 2 workers, SQLite)."""

import os

from .common import Gunicorn, load, prepare_database, print_table

PAGES = {"home": "/", "agency index": "/agencies/", "agency page": "/agencies/police/"}


def prepare():
    return prepare_database("pages")


def run():
    env = prepare()
    rows = []
    with Gunicorn(env) as server:
        for name, path in PAGES.items():
            load(server.port, path, seconds=1)  # warm up
            result = load(server.port, path, seconds=float(os.environ.get("BENCH_SECONDS", "5")))
            rows.append([name, path, f"{result['rps']:.0f}", f"{result['p50']:.1f}", f"{result['p99']:.1f}",
                         result["errors"]])
    os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    from .common import queries_per_request

    counts = queries_per_request(PAGES.values())
    for row in rows:
        row.insert(5, counts[row[1]])
    print_table(
        "Pages: gunicorn, 2 workers, production settings, SQLite, 4 concurrent keep-alive clients",
        ["page", "path", "req/s", "p50 ms", "p99 ms", "SQL/request", "errors"],
        rows,
    )
