"""More than 1,100 page-level restrictions: every read path stays correct, and the cost of
deciding visibility does not grow with them (Wagtail's per-restriction exclusion fails on
SQLite from about 996: "Expression tree is too large")."""

import time

import pytest

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import BaseViewRestriction, Page, PageViewRestriction

from portal.core.models import PageAudience, StandardPage
from portal.core.visibility import refresh_audiences
from tests.conftest import login_password_only, login_verified

from .conftest import user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def render_every_request(settings):
    """These tests count the queries of rendering, so no answer comes from the page cache."""
    settings.PORTAL_PAGE_CACHE_ENABLED = False


COUNT = 1_150


def bulk_restricted_section(home, count):
    """A public section holding `count` pages, each with its own view restriction, built with
    a handful of bulk inserts rather than `count` tree operations."""
    section = StandardPage(title="Casework library", slug="casework", body=[], intro="")
    home.add_child(instance=section)
    content_type = ContentType.objects.get_for_model(Page)
    depth = section.depth + 1
    pages = [
        Page(
            title=f"Case note {n}",
            draft_title=f"Case note {n}",
            slug=f"case-note-{n}",
            content_type=content_type,
            path=Page._get_path(section.path, depth, n + 1),
            depth=depth,
            numchild=0,
            url_path=f"{section.url_path}case-note-{n}/",
            live=True,
            locale_id=section.locale_id,
        )
        for n in range(count)
    ]
    Page.objects.bulk_create(pages, batch_size=500)
    Page.objects.filter(pk=section.pk).update(numchild=count)
    pages = list(Page.objects.filter(path__startswith=section.path, depth=depth).order_by("path"))
    PageViewRestriction.objects.bulk_create(
        [
            PageViewRestriction(page=page, restriction_type=BaseViewRestriction.LOGIN)
            for page in pages
        ],
        batch_size=500,
    )
    return section, pages


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    return response, len(captured), elapsed


def test_over_1100_restricted_pages_stay_hidden_and_cheap(home):
    anonymous = Client()
    urls = ("/api/v2/pages/", "/sitemap.xml")
    for url in urls:  # the first request also finds the site (portal.core.route_cache)
        anonymous.get(url)
    baseline = {url: queries(anonymous, url)[1] for url in urls}

    section, pages = bulk_restricted_section(home, COUNT)
    with CaptureQueriesContext(connection) as rebuild:
        changed = refresh_audiences()
    assert len(changed) >= COUNT
    assert len(rebuild) < 20  # a fixed number of queries, not one per restriction
    assert PageAudience.objects.filter(page__in=pages).count() == COUNT
    sample = pages[COUNT // 2]

    def password_only():
        # A fresh one each time: the portal ends such a session at its first request.
        return login_password_only(Client(), user("practitioner"))

    for make in (lambda: anonymous, password_only):
        listing, count, elapsed = queries(make(), "/api/v2/pages/?limit=50")
        assert listing.status_code == 200
        assert not {item["id"] for item in listing.json()["items"]} & {p.pk for p in pages}
        assert elapsed < 2
        children, _, _ = queries(make(), f"/api/v2/pages/?child_of={section.pk}")
        assert children.status_code == 200 and children.json()["meta"]["total_count"] == 0
        assert make().get(f"/api/v2/pages/{sample.pk}/").status_code == 404
        assert make().get(f"/api/v2/pages/find/?html_path={sample.url_path[5:]}").status_code == 404
        sitemap, count, elapsed = queries(make(), "/sitemap.xml")
        assert sitemap.status_code == 200 and b"case-note-" not in sitemap.content
        assert elapsed < 2
        served = make().get(sample.url_path[5:])
        assert served.status_code == 302 and served["Location"].startswith("/accounts/login/")
    for url, count in baseline.items():
        assert queries(anonymous, url)[1] == count, url

    reader = login_verified(Client(), user("practitioner"))
    children, count, elapsed = queries(reader, f"/api/v2/pages/?child_of={section.pk}&limit=50")
    assert children.json()["meta"]["total_count"] == COUNT
    assert elapsed < 2
    assert reader.get(f"/api/v2/pages/{sample.pk}/").status_code == 200


def test_the_query_count_does_not_grow_with_restrictions(home):
    anonymous = Client()
    section, _ = bulk_restricted_section(home, 10)
    refresh_audiences()
    urls = ("/api/v2/pages/", f"/api/v2/pages/?child_of={section.pk}", "/sitemap.xml", "/")
    for url in urls:  # navigation and breadcrumbs are remembered after the first request
        anonymous.get(url)
    few = {url: queries(anonymous, url)[1] for url in urls}
    content_type = ContentType.objects.get_for_model(Page)
    depth = section.depth + 1
    Page.objects.bulk_create(
        [
            Page(
                title=f"More {n}",
                draft_title=f"More {n}",
                slug=f"more-{n}",
                content_type=content_type,
                path=Page._get_path(section.path, depth, 100 + n),
                depth=depth,
                numchild=0,
                url_path=f"{section.url_path}more-{n}/",
                live=True,
                locale_id=section.locale_id,
            )
            for n in range(COUNT)
        ],
        batch_size=500,
    )
    PageViewRestriction.objects.bulk_create(
        [
            PageViewRestriction(page=page, restriction_type=BaseViewRestriction.LOGIN)
            for page in Page.objects.filter(slug__startswith="more-")
        ],
        batch_size=500,
    )
    refresh_audiences()
    assert PageViewRestriction.objects.count() > COUNT
    assert {url: queries(anonymous, url)[1] for url in urls} == few
