"""Finding the page for an address from what the process remembers (portal.core.route_cache):
fewer queries on every rendered page, and never a different answer from Wagtail's own routing,
whatever editors do to the page tree."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, Site

from portal.core import page_cache, route_cache
from tests.conftest import login_verified, user
from tests.factories import StandardPageFactory, publish, restrict

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rendered_every_time(settings):
    """Every request is rendered, so each one is routed (the whole-page cache would answer
    the second otherwise)."""
    settings.PORTAL_PAGE_CACHE_ENABLED = False


def page_queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response, [q["sql"] for q in captured if '"wagtailcore_page"' in q["sql"]]


@pytest.fixture
def nested(about):
    child = StandardPageFactory(parent=about, title="How MAPPA works", slug="how-it-works")
    return StandardPageFactory(parent=child, title="Levels of management", slug="levels")


def test_an_address_asked_for_again_is_found_in_one_page_query(client, nested):
    first, walked = page_queries(client, "/about/how-it-works/levels/")
    assert first.status_code == 200 and "Levels of management" in first.content.decode()
    second, found = page_queries(client, "/about/how-it-works/levels/")
    assert second.status_code == 200 and second.content == first.content
    assert len(walked) >= 3, "Wagtail walks the tree: the root, then each page on the path"
    assert len(found) < len(walked)
    assert not any('"slug" =' in q for q in found), "no walking down the tree the second time"


def test_the_site_is_found_once_per_process(client, about):
    client.get("/about/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/about/").status_code == 200
    assert not any('"wagtailcore_site"' in q["sql"] for q in captured)


def test_an_unpublished_page_is_gone_at_once(client, nested):
    assert client.get(nested.url).status_code == 200
    nested.unpublish()
    assert client.get("/about/how-it-works/levels/").status_code == 404


def test_a_moved_page_answers_at_its_new_address_and_the_old_one_redirects(client, nested, about):
    assert client.get("/about/how-it-works/levels/").status_code == 200
    nested.move(about, pos="last-child")
    old = client.get("/about/how-it-works/levels/")
    assert old.status_code == 301 and old["Location"] == "/about/levels/"
    assert client.get("/about/levels/").status_code == 200


def test_a_new_slug_takes_effect_when_published(client, nested):
    assert client.get("/about/how-it-works/levels/").status_code == 200
    publish(nested, slug="management-levels")
    assert client.get("/about/how-it-works/levels/").status_code == 404
    assert client.get("/about/how-it-works/management-levels/").status_code == 200


def test_a_deleted_page_is_gone_at_once(client, nested):
    assert client.get("/about/how-it-works/levels/").status_code == 200
    nested.delete()
    assert client.get("/about/how-it-works/levels/").status_code == 404


def test_a_change_no_signal_announces_still_gets_wagtails_answer(client, nested):
    """Only where to look is remembered: a page changed behind the portal's back (a queryset
    update, as a data fix might do) is checked, not trusted."""
    assert client.get("/about/how-it-works/levels/").status_code == 200
    Page.objects.filter(pk=nested.pk).update(live=False)
    assert client.get("/about/how-it-works/levels/").status_code == 404
    Page.objects.filter(pk=nested.pk).update(
        live=True, slug="elsewhere", url_path="/home/about/how-it-works/elsewhere/"
    )
    assert client.get("/about/how-it-works/levels/").status_code == 404
    assert client.get("/about/how-it-works/elsewhere/").status_code == 200


def test_a_page_made_restricted_is_refused_though_its_address_was_remembered(client, nested):
    assert client.get("/about/how-it-works/levels/").status_code == 200
    restrict(nested)
    refused = client.get("/about/how-it-works/levels/")
    assert refused.status_code == 302 and refused["Location"].startswith("/accounts/login/")
    login_verified(client, user("practitioner"))
    assert client.get("/about/how-it-works/levels/").status_code == 200


def test_one_request_never_sees_what_another_set_on_its_page_or_site(client, nested):
    """Each request loads its own page and site objects: the serve hook marks a page it has
    checked, and that mark must not carry over to the next visitor."""
    restrict(nested)
    login_verified(client, user("practitioner"))
    assert client.get("/about/how-it-works/levels/").status_code == 200
    client.logout()
    refused = client.get("/about/how-it-works/levels/")
    assert refused.status_code == 302


def test_a_changed_site_is_used_from_the_next_request(client, about, home):
    assert client.get("/about/").status_code == 200
    site = Site.objects.get(is_default_site=True)
    site.root_page = about
    site.save()
    # The about page is now the site's root: its address is the home page's.
    response = client.get("/")
    assert response.status_code == 200 and response.context["page"].pk == about.pk
    site.root_page = home
    site.save()
    assert client.get("/").context["page"].pk == home.pk


def test_routes_are_kept_under_the_current_generation_only(client, nested):
    client.get("/about/how-it-works/levels/")
    assert route_cache.routes.generation == page_cache.generation()
    assert any(key[1] == ("about", "how-it-works", "levels") for key in route_cache.routes.items)
    page_cache.invalidate("test")
    client.get("/about/")
    assert not any(key[1][-1:] == ("levels",) for key in route_cache.routes.items)


def test_a_restriction_no_signal_announces_still_refuses_a_remembered_address(client, nested):
    """Who may read the page is read in the same query that loads it, for the page's own place
    in the tree: a restriction on an ancestor added behind the portal's back (bulk_create sends
    no signal, so nothing is forgotten and no audience row is written) still refuses."""
    from wagtail.models import BaseViewRestriction, PageViewRestriction

    assert client.get("/about/how-it-works/levels/").status_code == 200
    ancestor = nested.get_parent()
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=ancestor, restriction_type=BaseViewRestriction.LOGIN)]
    )
    refused = client.get("/about/how-it-works/levels/")
    assert refused.status_code == 302 and refused["Location"].startswith("/accounts/login/")


def test_a_remembered_page_is_loaded_exactly_as_the_orm_loads_it(client, nested):
    """The compiled query gives every page type of the demo the same fields, the same type and
    the same answer to who may read it as the query it was compiled from."""
    from portal.core.visibility import PUBLIC, audience_of

    restrict(nested)  # one restricted page among them
    checked = set()
    for base in Page.objects.filter(depth__gt=1).live():
        model = base.specific_class
        compiled = route_cache.load_page(model, base.pk, base.path, base.url_path)
        expected = route_cache.page_query(model, base.pk, base.path, base.url_path).first()
        assert type(compiled) is type(expected) is model
        for field in model._meta.concrete_fields:
            assert getattr(compiled, field.attname) == getattr(expected, field.attname), (
                model,
                field.attname,
            )
        assert audience_of(compiled) == audience_of(expected)
        checked.add((model, audience_of(compiled) == PUBLIC))
    assert len({model for model, _ in checked}) >= 8, "every kind of page the demo has"
    assert {public for _, public in checked} == {True, False}


def test_a_page_elsewhere_or_at_another_address_is_not_loaded(nested):
    model = type(nested)
    assert route_cache.load_page(model, nested.pk, nested.path, nested.url_path) is not None
    assert route_cache.load_page(model, nested.pk, nested.path, "/home/elsewhere/") is None
    other = nested.path[:-4] + "9999"
    assert route_cache.load_page(model, nested.pk, other, nested.url_path) is None
