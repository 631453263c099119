"""Helpers for the search tests: a request as any persona, and search results as URLs."""

import pytest

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from search.queries import SearchFilters, search


@pytest.fixture
def anonymous_request(db):
    request = RequestFactory().get("/search/")
    request.user = AnonymousUser()
    return request


@pytest.fixture
def search_urls(anonymous_request):
    """search_urls(query, kinds=(), agencies=()) -> result URLs, best first, as anonymous."""

    def run(query, kinds=(), agencies=(), page=1):
        results = search(
            anonymous_request, query, SearchFilters(tuple(kinds), tuple(agencies)), page
        )
        return [hit.url for hit in results.results]

    return run
