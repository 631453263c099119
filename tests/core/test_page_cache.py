"""The anonymous page cache: pages anyone may see are served without rendering, nothing
personal or restricted is ever kept, and every change clears it for every process at once."""

import datetime
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import time_machine

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Site

from portal.core.models import GlossaryTerm, PortalSettings
from tests.conftest import login_verified, user
from tests.factories import StandardPageFactory, publish, restrict

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def served(client, path, **params):
    response = client.get(path, params)
    return response, response.get("X-Portal-Cache")


def test_a_public_page_is_kept_and_served_again_without_rendering(
    client, about, django_assert_num_queries
):
    first, state = served(client, "/about/")
    assert state == "miss" and first.status_code == 200
    with django_assert_num_queries(0):
        second, state = served(client, "/about/")
    assert state == "hit" and second.content == first.content
    assert "s-maxage=60" in second["Cache-Control"] and "public" in second["Cache-Control"]
    assert second.has_header("Content-Security-Policy"), "outer headers are added to kept pages too"


def test_every_query_parameter_is_part_of_the_key(client):
    served(client, "/agencies/", source="newsletter")
    assert served(client, "/agencies/", source="newsletter")[1] == "hit"
    assert served(client, "/agencies/", source="newsletter", page="2")[1] == "miss"
    assert served(client, "/agencies/", source="e-mail")[1] == "miss"
    assert served(client, "/agencies/")[1] == "miss"


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/no-such-page/",
        "/practitioners/",
        "/healthz",
        "/guidance/mappa-guidance/versions/1/compare/1/",
    ],
    ids=["form-with-a-token", "error", "restricted", "machine", "bad-request"],
)
def test_what_is_never_kept(client, path):
    for _ in range(2):
        assert served(client, path)[1] is None


def test_a_signed_in_reader_is_never_served_or_kept(client, about):
    anonymous = Client()
    served(anonymous, "/about/")
    login_verified(client, user("practitioner"))
    response, state = served(client, "/about/")
    assert state is None
    assert "Signed in as" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert served(anonymous, "/about/")[1] == "hit"
    assert "Signed in as" not in anonymous.get("/about/").content.decode()


def test_a_page_made_restricted_leaves_the_cache_at_once(
    client, home, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=home, title="Local protocol")
    publish(page)
    served(client, page.url)
    assert served(client, page.url)[1] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        restrict(page)
    response, state = served(client, page.url)
    assert state is None and response.status_code == 302


@pytest.mark.parametrize("change", ["publish", "unpublish", "move", "delete"])
def test_changes_to_pages_clear_the_cache(client, home, change):
    page = StandardPageFactory(parent=home, title="Notice to agencies")
    publish(page)
    other = StandardPageFactory(parent=home, title="Elsewhere")
    served(client, "/")
    assert served(client, "/")[1] == "hit"
    if change == "publish":
        publish(page, title="Notice to all agencies")
    elif change == "unpublish":
        Page.objects.get(pk=page.pk).unpublish()
    elif change == "move":
        Page.objects.get(pk=page.pk).move(other, pos="last-child")
    else:
        Page.objects.get(pk=page.pk).delete()
    assert served(client, "/")[1] == "miss"


def test_snippets_and_settings_clear_the_cache(client):
    served(client, "/glossary/")
    term = GlossaryTerm.objects.get(term="MAPPA")
    term.meaning = "Multi-agency public protection arrangements, as changed for this test"
    term.save()
    response, state = served(client, "/glossary/")
    assert state == "miss" and "as changed for this test" in response.content.decode()
    served(client, reverse("contact"))
    helpdesk = PortalSettings.objects.get().helpdesk
    helpdesk.phone = "01632 960 123"
    helpdesk.save()
    assert "01632 960 123" in client.get(reverse("contact")).content.decode()
    PortalSettings.objects.get().save()
    assert served(client, reverse("contact"))[1] == "miss"


def test_a_scheduled_publication_clears_the_cache_when_it_goes_live(client, home):
    page = StandardPageFactory(parent=home, live=False, title="Annual notice", show_in_menus=True)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=2)
    page.save_revision().publish()
    served(client, "/")
    assert "Annual notice" not in served(client, "/")[0].content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3)):
        call_command("run_scheduler", "--once", verbosity=0)
        response, state = served(client, "/")
    assert state == "miss" and "Annual notice" in response.content.decode()


def test_clearing_in_another_process_clears_it_here(client, settings):
    served(client, "/about/")
    assert served(client, "/about/")[1] == "hit"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "PORTAL_CACHE_DIR": str(settings.PORTAL_CACHE_DIR),
    }
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from portal.core.page_cache import invalidate; invalidate('another worker')",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    assert served(client, "/about/")[1] == "miss"


class PurgeRecorder(http.server.BaseHTTPRequestHandler):
    purged = []

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def reverse_proxy(settings):
    """A local HTTP endpoint standing in for Varnish or nginx: it records PURGE requests."""
    server = http.server.HTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    PurgeRecorder.purged = []
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield PurgeRecorder.purged
    server.shutdown()


def test_publishing_and_restricting_purge_the_reverse_proxy(
    reverse_proxy, home, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=home, slug="proxy-notice")
    publish(page)
    assert any(path == "/proxy-notice/" for _, path in reverse_proxy)
    reverse_proxy.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restrict(page)
    assert any(path == "/proxy-notice/" for _, path in reverse_proxy)


def test_a_workers_own_copies_are_bounded_and_only_of_the_current_generation():
    """However often editors publish, a worker keeps at most a fixed number of bytes of pages,
    and none from before the last change."""
    from portal.core.page_cache import GenerationMemo

    copies = GenerationMemo(100, max_bytes=10_000, size_of=lambda kept: len(kept["content"]))
    page = {"status": 200, "headers": [], "content": b"x" * 3_000}
    assert copies.get("a", "g1") is None
    for key in "abcd":
        copies.put(key, page, "g1")
    # Four pages of 3,000 bytes do not fit in 10,000: the least recently used went first.
    assert copies.get("a", "g1") is None and copies.get("d", "g1") == page
    assert copies.bytes <= 10_000 and len(copies.items) == 3
    # A new generation: everything kept before is dropped at the first look-up.
    assert copies.get("d", "g2") is None
    assert copies.items == {} and copies.bytes == 0
    copies.put("late", page, "g1")  # a response rendered before the change is not kept
    assert copies.get("late", "g2") is None
    copies.put("too-big", {"status": 200, "headers": [], "content": b"y" * 20_000}, "g2")
    assert copies.items == {}


def test_navigation_and_breadcrumbs_are_kept_only_for_the_current_generation(client, home):
    """A signed-in reader's header and breadcrumbs are worked out once per change, show a newly
    published page at once, and nothing worked out before a change stays in a worker's memory,
    however often editors publish."""
    from django.core.cache import cache

    from portal.core import page_cache

    login_verified(client, user("practitioner"))
    client.get("/about/")
    kept = page_cache._memo
    before = page_cache.generation()
    assert kept.generation == before
    assert {key[0] for key in kept.items} == {"navigation", "breadcrumbs"}
    for n in range(5):
        page = StandardPageFactory(parent=home, title=f"Bulletin {n}", show_in_menus=True)
        publish(page)
        response = client.get("/about/")
        # The new section is in the header of the very next page the reader opens.
        assert f"Bulletin {n}" in response.content.decode()
        assert kept.generation == page_cache.generation() != before
        # Only this generation's navigation and one trail: earlier ones are gone.
        assert len(kept.items) == 2
    # Nothing of them is in the default cache, which other code shares.
    site = Site.objects.get(is_default_site=True).pk
    assert not any(cache.get(f"navigation:{before}:{site}:{who}") for who in (True, False))


def test_what_a_worker_remembers_is_bounded_and_expires():
    from portal.core.page_cache import GenerationMemo

    memo = GenerationMemo(size=3)
    assert memo.get("a", "g1") is None  # the first look-up starts generation g1
    for key in "abcd":
        memo.put(key, [key], "g1", timeout=60)
    # Four values do not fit in three: the least recently used went first.
    assert memo.get("a", "g1") is None and memo.get("d", "g1") == ["d"]
    assert len(memo.items) == 3
    memo.get("b", "g1")
    memo.put("e", ["e"], "g1", timeout=60)
    assert memo.get("c", "g1") is None and memo.get("b", "g1") == ["b"]
    # A value past its timeout is worked out again.
    memo.put("brief", ["x"], "g1", timeout=0)
    assert memo.get("brief", "g1") is None and "brief" not in memo.items
    # A new generation: everything kept before goes at the first look-up.
    assert memo.get("b", "g2") is None and not memo.items
    memo.put("late", ["late"], "g1", timeout=60)  # worked out before the change: not kept
    assert memo.get("late", "g2") is None and not memo.items


def test_the_default_cache_of_each_process_is_bounded(settings):
    """Wagtail and the portal keep small things in the default cache: on the embedded default it
    is each process's memory, and it holds a fixed number of entries whatever is put in it."""
    from django.core.cache import caches

    config = settings.CACHES["default"]
    if "locmem" not in config["BACKEND"]:
        pytest.skip("the default cache is shared (Redis), not in each process's memory")
    limit = config["OPTIONS"]["MAX_ENTRIES"]
    cache = caches["default"]
    for n in range(limit * 3):
        cache.set(f"bounded-check:{n}", "x" * 100)
    held = sum(cache.get(f"bounded-check:{n}") is not None for n in range(limit * 3))
    assert 0 < held <= limit
    assert cache.get(f"bounded-check:{limit * 3 - 1}") is not None  # the newest stays
