"""Shared fixtures: the demo site seeded once per session, and the demo's named personas."""

import os
import socket

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail.documents import get_document_model
from wagtail.models import Page

from portal.agencies.models import AgencyIndexPage, AgencyPage
from portal.core.models import HomePage, StandardPage

# The demo accounts' published authenticator key (README), base32 for pyotp and oathtool.
DEMO_TOTP_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The whole demo site, built once by the same command `make run` uses.

    Tests that need realistic content and the demo personas (the privacy matrices, the admin
    walk-throughs) read it; tests about particular data build that data with tests/factories.py
    inside their own transaction, so the demo is never changed between tests."""
    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Each test starts with no kept pages: tests change content in ways no signal announces
    (queryset updates), and their database changes are rolled back afterwards."""
    from portal.core.page_cache import invalidate

    invalidate("a new test")


@pytest.fixture
def home(db):
    return HomePage.objects.get()


@pytest.fixture
def about(db):
    return StandardPage.objects.get(slug="about")


@pytest.fixture
def agency_index(db):
    return AgencyIndexPage.objects.get()


@pytest.fixture
def police(db):
    return AgencyPage.objects.get(slug="police")


def user(username):
    return get_user_model().objects.get(username=username)


def login_verified(client, account):
    """Sign a test client in with both factors passed, as the login flow would leave it."""
    device = TOTPDevice.objects.filter(user=account, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=account, name="Authenticator app", confirmed=True)
    client.force_login(account)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def login_password_only(client, account):
    """A session that has passed the password but not the second factor."""
    client.force_login(account)
    return client


@pytest.fixture
def persona_client(client, db):
    """persona_client(name): a client as anonymous, password-only or verified persona."""

    def make(persona):
        if persona == "anonymous":
            return client
        if persona.startswith("password-only:"):
            return login_password_only(client, user(persona.split(":", 1)[1]))
        return login_verified(client, user(persona))

    return make


# The demo's restricted practitioner area, a page in it, and its restricted document.
@pytest.fixture
def area(db):
    return Page.objects.get(url_path="/home/practitioners/")


@pytest.fixture
def area_child(area):
    return area.get_children().get(slug="mappa-minutes")


@pytest.fixture
def restricted_document(db):
    return get_document_model().objects.get(collection__name="Practitioners only")


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (`make test` runs one worker per core), every browser test and every
    test that starts a production deployment runs on the same worker, which starts the portal's
    server once for them all."""
    for item in items:
        if item.get_closest_marker("browser") or "test_production_setup" in item.nodeid:
            item.add_marker(pytest.mark.xdist_group("server"))


def worker_suffix():
    """'_gw0', '_gw1'… under pytest-xdist, '' otherwise: databases a test creates itself are
    named with it, so workers never share one."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"_{worker}" if worker else ""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_database_url(directory, purpose):
    """An empty database for a portal process a test starts itself: SQLite in `directory`, or
    on PostgreSQL a new database named after the suite's own, the purpose and the worker (so
    two checkouts, and two workers, never share one)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{directory / f'{purpose}.sqlite3'}"
    import psycopg

    base, _, database = url.rpartition("/")
    name = f"{database.split('?')[0] or 'mappa'}_{purpose}{worker_suffix()}"
    # Through the maintenance database: the one the suite names may not exist yet.
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"
