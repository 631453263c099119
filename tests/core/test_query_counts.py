"""Every page renders in at most 12 queries, however many agencies there are."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.agencies.models import AgencyPage

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12


def queries_for(client, url):
    client.get(url)  # warm per-process caches (site lookup, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_agencies(index, count):
    for n in range(count):
        index.add_child(
            instance=AgencyPage(
                title=f"Extra agency {n}",
                slug=f"extra-agency-{n}",
                statutory_basis="<p>Law</p>",
                role_point_of_contact="a",
                role_risk_advice="b",
                role_general_advice="c",
                role_coordination="d",
                role_information_sharing="e",
            )
        )


@pytest.mark.parametrize("url", ["/", "/about/", "/agencies/", "/agencies/police/", "/glossary/"])
def test_page_query_budget(client, url):
    assert queries_for(client, url) <= MAX_QUERIES


@pytest.mark.parametrize("url", ["/", "/agencies/", "/agencies/police/"])
def test_query_count_does_not_grow_with_agencies(client, agency_index, url):
    before = queries_for(client, url)
    add_agencies(agency_index, 25)
    assert queries_for(client, url) == before
