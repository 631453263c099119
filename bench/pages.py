"""Public pages under gunicorn (production settings, 2 workers, SQLite), measured with wrk beside a
static file served by WhiteNoise in the same run, so every figure is also a share of what the
machine can serve at all. Anonymous pages come from the page cache; the same pages are then
measured with the cache switched off, to show the cost of rendering them.
"""

import os

from .common import Gunicorn, load, prepare_database, print_table, worker_memory_mb

STATIC = "/static/css/portal.css"
CACHED = {
    "home": "/",
    "agency index": "/agencies/",
    "agency page": "/agencies/police/",
    "guidance page": "/guidance/mappa-guidance/",
    "guidance compare": "/guidance/mappa-guidance/versions/1/compare/7/",
    "past version": "/guidance/mappa-guidance/versions/3/",
}
UNCACHED = {
    name: CACHED[name]
    for name in ("home", "agency page", "guidance page", "guidance compare", "past version")
}
# req/s before the page cache and the query work, on the same kind of machine (the figures the
# targets were set from), and the targets: rendered agency and guidance pages at least 1.3 times
# those, comparisons (served from the version cache) at least 5 times, whether rendered or kept
# whole; pages from the page cache at least 80% of the static file.
BEFORE = {"agency page": 151, "guidance page": 159, "guidance compare": 109}
FACTOR = {"agency page": 1.3, "guidance page": 1.3, "guidance compare": 5}
SHARE_OF_STATIC = 0.8
# wrk -t2 -c16, as the measurements these targets came from.
CONNECTIONS = 16
MEMORY_LIMIT_MB = 150


def target_for(name, served, static):
    """The req/s this page must reach (the higher where two targets apply), or None."""
    targets = [static * SHARE_OF_STATIC] if served == "cached" else []
    if name in FACTOR and (served == "rendered" or name == "guidance compare"):
        targets.append(BEFORE[name] * FACTOR[name])
    return max(targets, default=None)


def rounds(port, paths, seconds, count):
    """Interleaved rounds after a warm-up: each path's best req/s, and its p50/p99 then."""
    for path in paths.values():
        load(port, path, seconds=2, concurrency=4)
    best = {}
    for _ in range(count):
        for name, path in paths.items():
            result = load(port, path, seconds=seconds, concurrency=CONNECTIONS)
            if name not in best or result["rps"] > best[name]["rps"]:
                best[name] = result
            best[name]["errors_total"] = best[name].get("errors_total", 0) + result["errors"]
    return best


def run():
    env = prepare_database("pages")
    seconds = float(os.environ.get("BENCH_SECONDS", "10"))
    count = int(os.environ.get("BENCH_ROUNDS", "3"))
    with Gunicorn(env) as server:
        cached = rounds(server.port, {"static file": STATIC, **CACHED}, seconds, count)
        memory = worker_memory_mb(server.process.pid)
    with Gunicorn(env, PORTAL_PAGE_CACHE="off") as server:
        uncached = rounds(server.port, UNCACHED, seconds, count)
        memory += worker_memory_mb(server.process.pid)
    os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    from .common import queries_per_request

    queries = queries_per_request(list(UNCACHED.values()))
    static = cached["static file"]["rps"]
    rows = []
    for label, results, paths in (("cached", cached, CACHED), ("rendered", uncached, UNCACHED)):
        for name, path in paths.items():
            r = results[name]
            target = target_for(name, label, static)
            rows.append(
                [
                    name,
                    label,
                    f"{r['rps']:.0f}",
                    f"{r['rps'] / static:.0%}",
                    f"{r['p50']:.1f}",
                    f"{r['p99']:.1f}",
                    queries.get(path, "-") if label == "rendered" else 0,
                    r["errors_total"],
                    BEFORE.get(name, "-"),
                    "-" if target is None else f">= {target:.0f}",
                    "-" if target is None else ("yes" if r["rps"] >= target else "NO"),
                ]
            )
    rows.insert(
        0,
        [
            "static file",
            "WhiteNoise",
            f"{static:.0f}",
            "100%",
            f"{cached['static file']['p50']:.1f}",
            f"{cached['static file']['p99']:.1f}",
            0,
            cached["static file"]["errors_total"],
            "-",
            "-",
            "-",
        ],
    )
    print_table(
        f"Pages: gunicorn, 2 workers, production settings, SQLite; wrk -t2 -c{CONNECTIONS}, "
        f"best of {count} interleaved {seconds:.0f} s rounds",
        [
            "page",
            "served",
            "req/s",
            "of static",
            "p50 ms",
            "p99 ms",
            "SQL/request",
            "errors",
            "before",
            "target",
            "met",
        ],
        rows,
    )
    print_table(
        f"Pages: memory per gunicorn worker after the load (limit {MEMORY_LIMIT_MB} MB)",
        ["worker", "MB"],
        [[n + 1, f"{mb:.0f}"] for n, mb in enumerate(memory)],
    )
