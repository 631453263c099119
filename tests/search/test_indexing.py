"""A fresh index: publishing, editing, unpublishing, moving, restricting and deleting pages
change what search finds, through the signal handlers and tasks; the rebuild command rebuilds."""

from io import StringIO

import pytest

from django.core.management import call_command

from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import RichText

from portal.core.models import StandardPage
from search import indexing
from search.models import SearchUnit, SearchUnitText

pytestmark = pytest.mark.django_db

WORD = "marigoldine"


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Run a change and the index tasks its commit would start (in-process, as on the embedded
    default)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def urls_for(search_urls, query=WORD):
    return search_urls(query)


def new_page(parent, title, body_text, slug):
    page = StandardPage(
        title=title,
        slug=slug,
        intro="A page made by a test.",
        body=[
            ("heading", {"text": "Where it applies", "anchor": "applies"}),
            ("paragraph", RichText(f"<p>{body_text}</p>")),
        ],
    )
    parent.add_child(instance=page)
    return page


def test_publishing_indexes_the_page_and_its_sections(about, publish, search_urls):
    page = new_page(about, "Marigold guidance", f"The {WORD} rule applies.", "marigold")
    assert search_urls(WORD) == []  # a draft is not searchable
    publish(lambda: page.save_revision().publish())
    assert search_urls(WORD) == ["/about/marigold/#applies"]
    texts = SearchUnitText.objects.filter(unit__page=page).order_by("position")
    assert [(t.anchor, t.heading) for t in texts] == [("", ""), ("applies", "Where it applies")]


def test_republishing_replaces_the_old_text(about, publish, search_urls):
    page = new_page(about, "Marigold guidance", f"The {WORD} rule applies.", "marigold")
    publish(lambda: page.save_revision().publish())
    page.body = [("paragraph", RichText("<p>Nothing special now.</p>"))]
    publish(lambda: page.save_revision().publish())
    assert search_urls(WORD) == []
    assert search_urls("nothing special") == ["/about/marigold/"]


def test_unpublishing_removes_the_page_at_once(about, search_urls, publish):
    page = new_page(about, "Marigold guidance", f"The {WORD} rule applies.", "marigold")
    publish(lambda: page.save_revision().publish())
    page.unpublish()  # no commit needed: hiding happens in the same request
    assert search_urls(WORD) == []
    assert not SearchUnit.objects.filter(page=page).exists()


def test_moving_a_page_moves_its_results(about, home, publish, search_urls):
    page = new_page(about, "Marigold guidance", f"The {WORD} rule applies.", "marigold")
    publish(lambda: page.save_revision().publish())
    publish(lambda: page.move(home, pos="last-child"))
    assert search_urls(WORD) == ["/marigold/#applies"]


def test_renaming_a_section_updates_the_links_below_it(about, publish, search_urls):
    page = new_page(about, "Marigold guidance", f"The {WORD} rule applies.", "marigold")
    publish(lambda: page.save_revision().publish())
    about.slug = "about-mappa"
    publish(lambda: about.save_revision().publish())
    assert search_urls(WORD) == ["/about-mappa/marigold/#applies"]


def test_restricting_a_section_hides_it_from_anonymous_readers(about, publish, search_urls):
    page = new_page(about, "Marigold guidance", f"The {WORD} rule applies.", "marigold")
    publish(lambda: page.save_revision().publish())
    publish(
        PageViewRestriction.objects.create, page=page, restriction_type=PageViewRestriction.LOGIN
    )
    assert search_urls(WORD) == []
    assert set(SearchUnit.objects.filter(page=page).values_list("audience", flat=True)) == {
        "practitioners"
    }
    publish(lambda: PageViewRestriction.objects.filter(page=page).delete())
    assert search_urls(WORD) == ["/about/marigold/#applies"]


def test_a_page_published_inside_a_restricted_section_is_restricted(about, publish, search_urls):
    publish(
        PageViewRestriction.objects.create, page=about, restriction_type=PageViewRestriction.LOGIN
    )
    page = new_page(about, "Marigold guidance", f"The {WORD} rule applies.", "marigold")
    publish(lambda: page.save_revision().publish())
    assert SearchUnit.objects.filter(page=page).exists()
    assert search_urls(WORD) == []


def test_deleting_a_page_removes_it(about, publish, search_urls):
    page = new_page(about, "Marigold guidance", f"The {WORD} rule applies.", "marigold")
    publish(lambda: page.save_revision().publish())
    publish(lambda: Page.objects.get(pk=page.pk).delete())
    assert search_urls(WORD) == []
    assert not SearchUnitText.objects.filter(title="Marigold guidance").exists()


def test_editing_one_page_leaves_the_others_alone(police, publish):
    before = set(SearchUnit.objects.exclude(page=police).values_list("pk", flat=True))
    police.intro = "The police lead on registered sexual offenders."
    publish(lambda: police.save_revision().publish())
    assert set(SearchUnit.objects.exclude(page=police).values_list("pk", flat=True)) == before


def test_agency_pages_carry_their_agency_and_roles(police):
    unit = SearchUnit.objects.select_related("text").get(page=police)
    assert (unit.kind, unit.agencies, unit.audience) == ("agency", " police ", "public")
    assert "Sharing information to protect the public" in unit.text.body
    assert "Responsible Authority" in unit.text.body


def test_rebuild_command_reports_progress_and_restores_everything():
    expected = set(SearchUnitText.objects.values_list("url", flat=True))
    SearchUnit.objects.all().delete()
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    output = out.getvalue()
    assert "100%" in output and "Indexed" in output
    assert set(SearchUnitText.objects.values_list("url", flat=True)) == expected


def test_rebuild_recreates_a_missing_fulltext_index(search_urls):
    from search.engines import fulltext_schema

    fulltext_schema.drop()
    assert fulltext_schema.missing_parts()
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "recreated" in out.getvalue()
    assert not fulltext_schema.missing_parts()
    assert "/agencies/police/" in search_urls("police")


def test_bulk_pages_are_real_pages(home, client):
    out = StringIO()
    call_command("seed_bulk_pages", "--count", "3", "--words", "60", stdout=out)
    assert "Created 3 pages" in out.getvalue()
    page = StandardPage.objects.get(slug="bulk-library").get_children().live().last()
    assert client.get(page.url).status_code == 200
    assert SearchUnit.objects.filter(page=page).count() == 5  # the page and its four sections
    assert indexing.page_url(page.url_path, indexing.root_paths()) == page.url
