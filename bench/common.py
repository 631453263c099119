"""Shared benchmark machinery: a production-like gunicorn server and load from wrk."""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "test-artifacts" / "bench"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(database):
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "PYTHONUNBUFFERED": "1",
    }


def prepare_database(name):
    """A fresh SQLite database migrated and seeded with the demo, and collected static files."""
    WORK.mkdir(parents=True, exist_ok=True)
    database = WORK / f"{name}.sqlite3"
    database.unlink(missing_ok=True)
    env = bench_env(database)
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo")
    manage(env, "collectstatic", "--noinput", settings="portal.settings.production")
    return env


def manage(env, *args, settings="portal.settings.dev"):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        check=True,
        env={**env, "DJANGO_SETTINGS_MODULE": settings},
        stdout=subprocess.DEVNULL,
    )


class Gunicorn:
    """gunicorn with production settings and 2 workers, as a deployment would run it."""

    def __init__(self, env, workers=2, **extra_env):
        self.port = free_port()
        self.env = {**env, "DJANGO_SETTINGS_MODULE": "portal.settings.production", **extra_env}
        self.workers = workers

    def __enter__(self):
        WORK.mkdir(parents=True, exist_ok=True)
        self.log = (WORK / "gunicorn.log").open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi:application",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                "-",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not start; see test-artifacts/bench/gunicorn.log")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=20)
        self.log.close()


def load(port, path, seconds=5.0, concurrency=4):
    """wrk with `concurrency` keep-alive connections for `seconds`: rps and latency in ms."""
    from . import wrk

    result = wrk.run(
        port,
        [path],
        seconds=max(1, round(seconds)),
        connections=concurrency,
        threads=min(2, concurrency),
    )
    return {key: result[key] for key in ("requests", "errors", "rps", "p50", "p99", "max")}


def worker_memory_mb(master_pid):
    """Resident memory of each gunicorn worker (children of the master), in MB."""
    found = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout
    sizes = []
    for pid in found.split():
        try:
            with open(f"/proc/{pid}/status") as handle:
                sizes += [
                    int(line.split()[1]) / 1024 for line in handle if line.startswith("VmRSS:")
                ]
        except OSError:
            continue
    return sizes


def queries_per_request(paths, settings="portal.settings.test"):
    """SQL queries per request for each path, counted in-process on the bench database, with
    the page cache off: the count is what rendering the page costs."""
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    os.environ["PORTAL_PAGE_CACHE"] = "off"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, counts = Client(), {}
    for path in paths:
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        counts[path] = len(captured)
    return counts


def print_table(title, header, rows):
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=False)]
    print(f"\n{title}")
    print("  ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=False)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=False)))
