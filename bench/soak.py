"""`make soak`: about ten minutes of mixed load on 127.0.0.1 while an editor publishes and
restricts pages, proving nothing breaks, nothing grows and nothing restricted leaks.

gunicorn (production settings, 2 workers, SQLite), the task worker and the scheduler run as a
deployment runs them. wrk sends anonymous visitors to pages, searches and the read API, and a
verified practitioner to restricted pages, in parallel. Meanwhile an editor process publishes
pages inside the restricted area (each carrying a marker word), restricts and un-restricts a
public section, and edits public pages. At the end: errors (must be 0), the worst latency,
each worker's memory at start and end, the task queue, and how many anonymous responses held
the marker (must be 0).
"""

import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse

from . import wrk
from .common import ROOT, WORK, Gunicorn, prepare_database, print_table

# Only pages restricted from their first publication carry MARKER, beside SEARCHED, which
# visitors search for: their answers repeat their query, so the leak test looks for the other.
MARKER = "zephyrquillmark"
SEARCHED = "kestrelcasefile"
ANONYMOUS_PATHS = [
    "/",
    "/about/",
    "/agencies/",
    "/agencies/police/",
    "/guidance/",
    "/guidance/mappa-guidance/",
    "/guidance/mappa-guidance/versions/",
    "/guidance/mappa-guidance/versions/1/compare/2/",
    "/briefings/",
    "/glossary/",
    "/search/?q=risk",
    f"/search/?q={SEARCHED}",
    "/search/?q=level+3",
    "/api/v2/pages/?limit=20",
    f"/api/v2/search/?q={SEARCHED}",
    "/api/v2/search/?q=offender",
    "/practitioners/",
    "/sitemap.xml",
    "/guidance/updates.atom",
]
READER_PATHS = [
    "/practitioners/",
    "/practitioners/mappa-minutes/",
    "/practitioners/level-3-escalation/",
    "/search/?q=minutes",
    f"/search/?q={SEARCHED}",
    "/accounts/two-factor/",
]

EDITOR = r"""
import random, time
from django.contrib.auth.models import Group
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction
from wagtail.rich_text import RichText
from portal.core.models import StandardPage
from portal.core.setup import group_name, reader_roles

area = StandardPage.objects.get(slug="practitioners")
home = area.get_parent()
public = StandardPage.objects.get(slug="about")
readers = list(Group.objects.filter(name__in=[group_name(r) for r in reader_roles()]))
stop_at = time.monotonic() + {seconds}
n = 0
while time.monotonic() < stop_at:
    n += 1
    page = StandardPage(title=f"Case review {n} {MARKER}", slug=f"case-review-{n}",
                        intro="Restricted from its first publication.",
                        body=[("paragraph", RichText(f"<p>{MARKER} {SEARCHED} notes for review {n}.</p>"))])
    area.add_child(instance=page)
    page.save_revision().publish()
    if n % 2:
        restriction = PageViewRestriction.objects.create(page=public, restriction_type=BaseViewRestriction.GROUPS)
        restriction.groups.set(readers)
    else:
        PageViewRestriction.objects.filter(page=public).delete()
    about = StandardPage.objects.get(pk=public.pk)
    about.intro = f"What MAPPA is (edition {n})."
    about.save_revision().publish()
    time.sleep(3)
PageViewRestriction.objects.filter(page=public).delete()
from django_tasks_db.models import DBTaskResult
print("QUEUE", DBTaskResult.objects.filter(status="READY").count(), "PUBLISHED", n)
""".replace("{MARKER}", MARKER).replace("{SEARCHED}", SEARCHED)


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return 0.0
    return 0.0


def worker_pids(master_pid):
    children = subprocess.run(
        ["pgrep", "-P", str(master_pid)], capture_output=True, text=True
    ).stdout
    return [int(pid) for pid in children.split()]


def sign_in(port):
    """A verified practitioner's session cookie, through the real two-factor sign-in."""
    import http.client

    import pyotp

    def request(method, path, body=None, cookies=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        headers = {"Host": "127.0.0.1"}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode(body)
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookies[name] = rest.split(";", 1)[0]
        return response.status, text

    cookies = {}
    _, page = request("GET", "/accounts/login/", cookies=cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    request(
        "POST",
        "/accounts/login/",
        {
            "csrfmiddlewaretoken": token,
            "username": "practitioner",
            "password": "demo-practitioner-2026",
        },
        cookies,
    )
    _, page = request("GET", "/accounts/login/code/", cookies=cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    device = re.search(r'name="device" value="([^"]*)"', page).group(1)
    code = pyotp.TOTP("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").now()
    status, _ = request(
        "POST",
        "/accounts/login/code/",
        {"csrfmiddlewaretoken": token, "code": code, "device": device},
        cookies,
    )
    if status != 302:
        raise RuntimeError("the practitioner could not sign in for the soak")
    return cookies


def run():
    seconds = int(os.environ.get("BENCH_SOAK_SECONDS", "600"))
    env = prepare_database("soak")
    env["PORTAL_CACHE_DIR"] = str(WORK / "soak-cache")
    production = {**env, "DJANGO_SETTINGS_MODULE": "portal.settings.production"}
    side = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker"],
            cwd=ROOT,
            env=production,
            stdout=subprocess.DEVNULL,
            stderr=(WORK / "soak-worker.log").open("w"),
        ),
        subprocess.Popen(
            [sys.executable, "manage.py", "run_scheduler"],
            cwd=ROOT,
            env=production,
            stdout=subprocess.DEVNULL,
            stderr=(WORK / "soak-scheduler.log").open("w"),
        ),
    ]
    try:
        with Gunicorn(env) as server:
            cookies = sign_in(server.port)
            cookie_header = "; ".join(f"{k}={v}" for k, v in cookies.items())
            wrk.run(server.port, ANONYMOUS_PATHS, seconds=5, connections=4)  # warm up
            start_memory = {pid: rss_mb(pid) for pid in worker_pids(server.process.pid)}
            editor = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "shell",
                    "-c",
                    EDITOR.replace("{seconds}", str(seconds)),
                ],
                cwd=ROOT,
                env=production,
                stdout=subprocess.PIPE,
                stderr=(WORK / "soak-editor.log").open("w"),
                text=True,
            )
            results = {}

            def load(name, paths, **options):
                results[name] = wrk.run(server.port, paths, seconds=seconds, **options)

            threads = [
                threading.Thread(
                    target=load,
                    args=("anonymous", ANONYMOUS_PATHS),
                    kwargs={"connections": 12, "threads": 2, "forbidden": MARKER},
                ),
                threading.Thread(
                    target=load,
                    args=("practitioner", READER_PATHS),
                    kwargs={"connections": 2, "threads": 1, "headers": {"Cookie": cookie_header}},
                ),
            ]
            samples = []  # (seconds since the start, {worker: MB}) once a minute

            def sample_memory():
                started = time.monotonic()
                while any(thread.is_alive() for thread in threads):
                    samples.append(
                        (
                            round(time.monotonic() - started),
                            {pid: rss_mb(pid) for pid in worker_pids(server.process.pid)},
                        )
                    )
                    for _ in range(60):
                        if not any(thread.is_alive() for thread in threads):
                            break
                        time.sleep(1)

            for thread in threads:
                thread.start()
            sampler = threading.Thread(target=sample_memory)
            sampler.start()
            for thread in threads:
                thread.join()
            sampler.join()
            editor_output, _ = editor.communicate(timeout=120)
            end_memory = {pid: rss_mb(pid) for pid in worker_pids(server.process.pid)}
    finally:
        for process in side:
            process.terminate()
            process.wait(timeout=20)
    queue = re.search(r"QUEUE (\d+) PUBLISHED (\d+)", editor_output or "")
    rows = [
        [
            name,
            f"{r['requests']}",
            f"{r['rps']:.0f}",
            f"{r['p99']:.1f}",
            f"{r['max']:.1f}",
            r["errors"],
            r["leaks"] if name == "anonymous" else "-",
        ]
        for name, r in results.items()
    ]
    print_table(
        f"Soak: {seconds} s of mixed load while an editor publishes and restricts pages "
        f"(gunicorn, 2 workers, production settings, SQLite)",
        [
            "load",
            "requests",
            "req/s",
            "p99 ms",
            "worst ms",
            "errors",
            "restricted word in anonymous answers",
        ],
        rows,
    )
    print_table(
        "Soak: worker memory (MB) and the task queue",
        ["worker", "at start", "at end"],
        [
            [pid, f"{start_memory.get(pid, 0):.0f}", f"{end_memory.get(pid, 0):.0f}"]
            for pid in sorted(set(start_memory) | set(end_memory))
        ]
        + [
            ["task queue at end", "", queue.group(1) if queue else "?"],
            ["pages published by the editor", "", queue.group(2) if queue else "?"],
        ],
    )
    pids = sorted(set(start_memory) | set(end_memory))
    print_table(
        "Soak: worker memory (MB) each minute of the load",
        ["second", *[f"worker {pid}" for pid in pids]],
        [[at, *[f"{memory.get(pid, 0):.0f}" for pid in pids]] for at, memory in samples],
    )
    failed = sum(r["errors"] for r in results.values()) or results.get("anonymous", {}).get("leaks")
    if failed or not queue:
        raise SystemExit(
            "The soak found errors or a leak: see the tables above and test-artifacts/bench/"
        )
