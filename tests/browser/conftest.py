"""A real portal served over HTTP for the browser tests, and the system Chromium to drive it.

The server runs as its own process on its own database, migrated and seeded by the same
commands `make run` uses, so these tests see the portal exactly as a new user does.
"""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyotp
import pytest

from tests.conftest import DEMO_TOTP_BASE32, free_port, fresh_database_url

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told this is safe (it is: the loop never awaits Django).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def portal_url(tmp_path_factory):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": fresh_database_url(tmp_path_factory.mktemp("browser"), "browser"),
        "PORT": str(port),
        "PYTHONUNBUFFERED": "1",
    }
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    ARTIFACTS.mkdir(exist_ok=True)
    log = (ARTIFACTS / "browser-server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError(
                    "the portal did not start; see test-artifacts/browser-server.log"
                ) from None
            time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, portal_url):
    context = chromium.new_context(base_url=portal_url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def _javascript_enabled(page):
    # Playwright keeps a context's options on its implementation object (version pinned).
    options = getattr(page.context._impl_obj, "_options", None) or {}
    return options.get("javaScriptEnabled", True) is not False


def axe_violations(page):
    """Run axe-core (WCAG 2.0, 2.1 and 2.2 A and AA rules) on the current page.

    axe is evaluated through the DevTools protocol rather than added as a <script> element,
    which the portal's Content-Security-Policy refuses. axe needs timers, which never fire in a
    page opened with JavaScript disabled: such a page is checked again, with the same session,
    in a JavaScript-enabled tab (rather than hanging).
    """
    if not _javascript_enabled(page):
        copy = page.context.browser.new_context(
            storage_state=page.context.storage_state(), viewport=page.viewport_size
        )
        try:
            tab = copy.new_page()
            tab.goto(page.url)
            return axe_violations(tab)
        finally:
            copy.close()
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, username, password, next_path):
    """The real two-step sign-in. A code is accepted once per account, so if this account
    already used the current one (another test), wait for the next and try again."""
    page.goto(f"/accounts/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()
    for _attempt in range(2):
        left = 30 - time.time() % 30
        if left < 4:
            time.sleep(left + 0.5)
        page.get_by_label("Enter the code from your authenticator app").fill(
            pyotp.TOTP(DEMO_TOTP_BASE32).now()
        )
        page.get_by_role("button", name="Continue").click()
        if next_path in page.url:
            return
        time.sleep(30 - time.time() % 30 + 0.5)
    raise AssertionError(f"could not sign in as {username}")


def csp_violations(page):
    found = []
    page.on(
        "console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else None
    )
    return found
