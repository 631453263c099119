"""Production settings refuse to start half-configured, and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k9$Vw2!pQ7zR4xL0mN8bT6yH3jF5sD1aG-example-production-key-for-checks"


def manage(*args, **env):
    # A deployment has none of the variables the test run sets for itself.
    unset = ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")
    full_env = {k: v for k, v in os.environ.items() if k not in unset}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="mappa.example.org",
        EMAIL_HOST="mail.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_reminders_would_only_reach_the_log():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="mappa.example.org",
        EMAIL_HOST="",
    )
    assert result.returncode != 0
    assert "portal.W001" in result.stderr + result.stdout
    assert "EMAIL_HOST is not set" in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "mappa.example.org"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS must be set"),
    ],
    ids=["no-secret-key", "no-allowed-hosts"],
)
def test_production_refuses_to_start_half_configured(env, message):
    result = manage("check", DJANGO_SETTINGS_MODULE="portal.settings.production", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_the_demo_seed():
    result = manage(
        "seed_demo",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="mappa.example.org",
        DATABASE_URL=f"sqlite:///{ROOT / 'test-artifacts' / 'refused.sqlite3'}",
    )
    assert result.returncode != 0
    assert "refused" in result.stderr


def test_no_missing_migrations():
    result = manage(
        "makemigrations", "--check", "--dry-run", DJANGO_SETTINGS_MODULE="portal.settings.test"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _redis_answers():
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="no Redis server on 127.0.0.1:6379")
def test_redis_url_switches_the_cache_to_redis():
    script = (
        "from django.conf import settings; from django.core.cache import cache;"
        "cache.set('mappa-settings-check', 'shared', 30);"
        "print(settings.CACHES['default']['BACKEND'], cache.get('mappa-settings-check'))"
    )
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        script,
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        REDIS_URL="redis://127.0.0.1:6379/15",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.cache.backends.redis.RedisCache", "shared"]


def test_database_url_selects_postgresql():
    script = "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'])"
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        script,
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        DATABASE_URL="postgres://mappa@db.internal:5432/mappa",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "mappa", "db.internal"]


def test_production_links_use_the_first_allowed_host():
    script = "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        script,
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="mappa.example.org,www.mappa.example.org",
    )
    assert result.stdout.strip() == "https://mappa.example.org"
