"""A new deployment, as the README describes it: production settings, an empty database, the
set-up steps run as written, and no demo seed. It must come up with its groups, permissions and
sign-off workflow, and serve an empty portal."""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port, fresh_database_url

ROOT = Path(__file__).resolve().parents[2]


def production_steps():
    """The commands of the README's "Production set-up" block, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Production set-up", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def get(port, path):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    """Run the README's steps; yield (environment, port of the running gunicorn)."""
    tmp_path = tmp_path_factory.mktemp("production")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DJANGO_", "SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL", "ELASTICSEARCH")
        )
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=fresh_database_url(tmp_path, "production"),
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        # Nothing is e-mailed during the test; the name is what `check --deploy` asks for.
        EMAIL_HOST="mail.internal",
    )
    port = free_port()
    servers = []
    for line in production_steps():
        if line.startswith("export "):
            name = line.split()[1].split("=", 1)[0]
            assert name in env or name in ("REDIS_URL",), (
                f"the README sets {name}, which this test does not"
            )
            continue
        if line == "make install":
            continue  # the test run has installed everything already
        if line.startswith(".venv/bin/gunicorn"):
            line = line.replace("127.0.0.1:8000", f"127.0.0.1:{port}").replace(
                "--workers 4", "--workers 1"
            )
        if line.startswith(".venv/bin/gunicorn") or line.endswith("db_worker"):
            servers.append(
                subprocess.Popen(
                    line,
                    shell=True,
                    cwd=ROOT,
                    env=env,
                    start_new_session=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
            )
            continue
        result = subprocess.run(
            line, shell=True, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"
    deadline = time.monotonic() + 30
    while not (_listening(port) and get(port, "/healthz")[0] == 200):
        assert time.monotonic() < deadline, "gunicorn did not start"
        time.sleep(0.3)
    yield env, port, servers
    for server in servers:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


def _listening(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def shell(env, code):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_readme_steps_give_the_groups_and_their_permissions(deployment):
    env, _, _ = deployment
    groups = shell(
        env,
        "import json; from django.contrib.auth.models import Group; "
        "print(json.dumps({g.name: sorted(f'{p.content_type.app_label}.{p.codename}' "
        "for p in g.permissions.all()) for g in Group.objects.all()}))",
    )
    assert set(groups) == {"SMB editors", "SMB approvers", "Practitioners", "Agency leads"}
    for name in groups:
        assert "core.view_restricted" in groups[name], f"{name} reads restricted material"
    assert "wagtailadmin.access_admin" in groups["SMB editors"]
    assert "accounts.audit_restricted_views" in groups["SMB approvers"]
    assert "core.set_privacy" in groups["SMB approvers"]
    assert "core.set_privacy" not in groups["SMB editors"]
    assert "wagtailadmin.access_admin" not in groups["Practitioners"]
    page_perms = shell(
        env,
        "import json; from wagtail.models import GroupPagePermission as G; "
        "print(json.dumps(sorted([g.group.name, g.permission.codename, g.page.url_path] "
        "for g in G.objects.all())))",
    )
    assert ["SMB editors", "change_page", "/home/"] in page_perms
    assert ["SMB editors", "publish_page", "/home/"] not in page_perms
    assert not [p for p in page_perms if p[2] == "/"], "nobody holds rights on the root page"


def test_the_readme_steps_give_the_sign_off_workflow_on_the_whole_site(deployment):
    env, _, _ = deployment
    workflows = shell(
        env,
        "import json; from wagtail.models import Workflow, WorkflowPage; "
        "print(json.dumps({'active': [[w.name, [t.specific.__class__.__name__ for t in w.tasks], "
        "[g.name for t in w.tasks for g in t.specific.groups.all()]] for w in Workflow.objects.active()], "
        "'pages': [wp.page.url_path for wp in WorkflowPage.objects.filter(workflow__active=True)]}))",
    )
    assert workflows["active"] == [["SMB sign-off", ["SignOffTask"], ["SMB approvers"]]]
    assert workflows["pages"] == ["/home/"]


def test_the_empty_portal_serves_its_pages(deployment):
    _, port, servers = deployment
    status, body = get(port, "/")
    assert status == 200 and "MAPPA Portal" in body
    for path in ("/guidance/", "/agencies/", "/briefings/", "/accounts/login/", "/search/?q=mappa"):
        assert get(port, path)[0] == 200, path
    assert get(port, "/no-such-page/")[0] == 404
    assert all(server.poll() is None for server in servers), (
        "gunicorn and the task worker keep running"
    )


def test_production_responses_carry_the_security_headers(deployment):
    _, port, _ = deployment
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/", headers={"X-Forwarded-Proto": "https"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        headers = response.headers
    assert "camera=()" in headers["Permissions-Policy"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert headers["X-Frame-Options"] == "DENY"


def test_every_settings_module_installs_the_same_apps():
    """A database migrated under development settings works under production settings."""
    apps = {}
    for module in ("dev", "test", "production"):
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                f"from portal.settings.{module} import INSTALLED_APPS; print(INSTALLED_APPS)",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org"},
        )
        assert result.returncode == 0, result.stderr
        apps[module] = result.stdout
    assert apps["dev"] == apps["test"] == apps["production"]
