"""A long guidance document renders in a fixed, small number of queries, however many versions."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from guidance.models import MAJOR, MINOR

from .conftest import make_document, numbered_sections, publish

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12


def queries_for(client, url):
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_sixty_section_document_stays_within_budget_whatever_the_number_of_versions(
    client, guidance_index
):
    doc = make_document(guidance_index, slug="long-document", sections=numbered_sections(60))
    publish(doc)
    url = "/guidance/long-document/"
    with_one_version = queries_for(client, url)
    assert with_one_version <= MAX_QUERIES
    assert client.get(url).content.decode().count('class="app-guidance-section"') == 60

    for n in range(20):
        publish(doc, MAJOR if n % 5 == 0 else MINOR, f"Change {n}.")
    assert queries_for(client, url) == with_one_version


@pytest.mark.parametrize(
    "path",
    [
        "/guidance/",
        "/guidance/mappa-guidance/",
        "/guidance/mappa-guidance/versions/",
        "/briefings/",
        "/briefings/mappa/",
        "/agencies/police/",
    ],
)
def test_guidance_pages_stay_within_the_portal_budget(client, path):
    assert queries_for(client, path) <= MAX_QUERIES


def test_history_page_does_not_grow_with_versions(client, guidance_index):
    doc = make_document(guidance_index, slug="many-versions")
    publish(doc)
    before = queries_for(client, "/guidance/many-versions/versions/")
    for n in range(10):
        publish(doc, MINOR, f"Change {n}.")
    assert queries_for(client, "/guidance/many-versions/versions/") == before
