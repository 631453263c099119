"""Published versions never change: a past version, a comparison and a version in force on a
date are worked out once and served in at most 12 queries, also to a practitioner reading a
restricted document (whose views the page cache never keeps)."""

import pytest

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from guidance import version_cache
from guidance.models import MAJOR, MINOR, GuidancePage, GuidanceVersion
from tests.conftest import login_verified
from tests.factories import UserFactory, restrict
from tests.factories import publish as publish_page

from .conftest import make_document, numbered_sections, publish, section

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12


def captured(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response, [q["sql"] for q in queries.captured_queries]


def main(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def document(guidance_index):
    doc = make_document(guidance_index, slug="long-history", sections=numbered_sections(30))
    publish(doc)
    for n in range(6):
        publish(doc, MAJOR if n % 2 else MINOR, f"Change {n}.")
    return doc


def paths(doc):
    today = timezone.localdate()
    return [
        f"{doc.url}versions/2/",
        f"{doc.url}versions/1/compare/7/",
        f"{doc.url}as-of/{today:%Y-%m-%d}/",
    ]


def test_a_practitioner_reads_past_versions_of_a_restricted_document_within_budget(
    client, document
):
    restrict(document)
    login_verified(client, UserFactory(role="practitioners"))
    for url in paths(document):
        client.get(url)  # per-process caches (site, content types) and the comparison
        response, queries = captured(client, url)
        assert len(queries) <= MAX_QUERIES, (url, len(queries))
        # The one write is the audit of the restricted read.
        assert [q for q in queries if q.startswith(("INSERT", "UPDATE", "DELETE"))] == [
            q for q in queries if q.startswith('INSERT INTO "accounts_restrictedview"')
        ]


def test_rendering_for_anyone_stays_within_budget_without_the_page_cache(
    client, document, settings
):
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    for url in paths(document):
        client.get(url)
        _, queries = captured(client, url)
        assert len(queries) <= MAX_QUERIES, (url, len(queries))


def test_a_comparison_is_worked_out_once_and_then_read_from_the_cache(client, document):
    restrict(document)
    login_verified(client, UserFactory(role="practitioners"))
    versions = {v.sequence: v for v in GuidanceVersion.objects.for_page(document)}
    key = version_cache.comparison_key(versions[1], versions[7])
    store = caches[settings.PORTAL_PAGE_CACHE]
    store.delete(key)
    url = f"{document.url}versions/1/compare/7/"

    first, queries = captured(client, url)
    assert store.get(key) is not None
    assert any("wagtailcore_revision" in q for q in queries)

    second, queries = captured(client, url)
    # Neither version's content is read again: the comparison comes from the cache.
    assert not any("wagtailcore_revision" in q or '"content"' in q for q in queries)
    assert main(first) == main(second)
    assert "Change 5." in main(second)


def test_the_banner_of_a_past_version_names_the_current_version_from_the_same_query(
    client, document
):
    response, _ = captured(client, f"{document.url}versions/2/")
    current = GuidanceVersion.objects.for_page(document).current()
    html = response.content.decode()
    assert f"Read the current version ({current.name})" in html
    assert f"versions/2/compare/{current.sequence}/" in html
    latest, _ = captured(client, f"{document.url}versions/{current.sequence}/")
    assert "Current version" in latest.content.decode()


def templates_used(response):
    return {t.name for t in response.templates}


def test_a_comparison_page_is_rendered_once_and_then_served_from_the_version_cache(
    client, document, settings
):
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    url = f"{document.url}versions/1/compare/7/"
    first = client.get(url)
    assert "guidance/includes/compare_body.html" in templates_used(first)
    second = client.get(url)
    assert "guidance/includes/compare_body.html" not in templates_used(second)
    assert "guidance/guidance_compare.html" in templates_used(second)  # its surroundings
    assert main(first) == main(second)
    assert "What changed between" in main(second) and "Change 5." in main(second)


def test_what_the_kept_comparison_shows_follows_the_document(client, document, settings):
    """The kept HTML is looked up by everything it shows: a new title or address of the
    document is shown at once, not an old rendering."""
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    url = f"{document.url}versions/1/compare/3/"
    assert document.title in main(client.get(url))
    publish(document, MINOR, "Renamed.", title="Risk guidance, renamed", slug="renamed")
    renamed = GuidancePage.objects.get(pk=document.pk)
    html = main(client.get(f"{renamed.url}versions/1/compare/3/"))
    assert "Risk guidance, renamed" in html
    assert f'href="{renamed.url}versions/1/"' in html and document.url not in html


def test_a_kept_comparison_is_never_shown_to_someone_who_may_not_read_the_document(
    client, document
):
    url = f"{document.url}versions/1/compare/7/"
    restrict(document)
    login_verified(client, UserFactory(role="practitioners"))
    assert "What changed between" in main(client.get(url))
    client.logout()
    refused = client.get(url)
    assert refused.status_code == 302 and refused["Location"].startswith("/accounts/login/")
    assert b"What changed between" not in refused.content


def test_a_past_version_is_rendered_once_and_then_served_from_the_version_cache(
    client, document, settings
):
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    url = f"{document.url}versions/2/"
    first = client.get(url)
    assert "guidance/includes/version_body.html" in templates_used(first)
    second, queries = captured(client, url)
    assert "guidance/includes/version_body.html" not in templates_used(second)
    assert not any("wagtailcore_revision" in q or '"content"' in q for q in queries)
    assert main(first) == main(second)
    assert "Not the current version" in main(second) and "Part 30 of the guidance" in main(second)


def test_links_in_a_kept_version_follow_the_page_they_name(client, guidance_index, about, settings):
    """A past version's rich text names other pages by id: after the next publication it shows
    their address of that day, not the one it was first rendered with."""
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    link = f'<a linktype="page" id="{about.pk}">about MAPPA</a>'
    doc = make_document(guidance_index, sections=[section("Where to start", f"Read {link}.")])
    publish(doc)
    publish(doc, MINOR, "Second.")
    url = f"{doc.url}versions/1/"
    assert 'href="/about/"' in main(client.get(url))
    publish_page(about, slug="about-mappa")
    html = main(client.get(url))
    assert 'href="/about-mappa/"' in html and 'href="/about/"' not in html


def test_the_banner_of_a_kept_version_says_how_it_stands_today(client, document, settings):
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    url = f"{document.url}versions/7/"
    assert "Current version" in main(client.get(url))
    publish(document, MAJOR, "A newer one.")
    html = main(client.get(url))
    assert "Not the current version" in html and "Current version</h2>" not in html


def test_the_breadcrumbs_below_a_document_are_the_same_on_every_request(client, document, settings):
    """A document's trail is remembered for every request in the process: the pages below the
    document add their own steps to a copy, never to the shared trail."""
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    for url in paths(document):
        trails = []
        for _ in range(3):
            html = client.get(url).content.decode()
            trails.append(html.count("govuk-breadcrumbs__list-item"))
        assert trails[0] == trails[1] == trails[2] >= 3, (url, trails)
