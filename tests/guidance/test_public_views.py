"""What readers see: the document, its history, past versions, comparisons, as-of dates, banners."""

import re

import pytest

from django.utils import timezone

from guidance.models import MAJOR, MINOR

from .conftest import make_document, publish, section

pytestmark = pytest.mark.django_db

DOC = "/guidance/mappa-guidance/"
# How the demo's MAPPA Guidance names its versions: as each publication names itself.
LABELS = {
    "4.5": "MAPPA Guidance 2012 version 4.5",
    "5.0": "updated August 2021",
    "5.1": "updated 24 November 2021",
    "6.0": "dated May 2022, published 1 September 2022",
    "7.0": "updated March 2023",
    "7.1": "updated 13 September 2023",
    "8.0": "updated August 2024",
}


def text(response):
    return response.content.decode()


def test_document_shows_published_and_last_updated_from_its_versions(client):
    body = text(client.get(DOC))
    assert "Guidance, updated August 2024" in body
    assert re.search(r"Published</dt>\s*<dd[^>]*>1 July 2019", body)
    assert re.search(r"Last updated</dt>\s*<dd[^>]*>1 August 2024", body)
    assert 'href="/guidance/mappa-guidance/versions/"' in body
    assert 'name="robots"' not in body


def test_document_has_a_table_of_contents_linking_to_section_anchors(client):
    body = text(client.get(DOC))
    for anchor in (
        "responsible-authority",
        "duty-to-co-operate",
        "categories",
        "levels",
        "information-sharing",
        "strategic-management-board",
        "serious-case-reviews",
    ):
        assert f'href="#{anchor}"' in body and f'id="{anchor}"' in body


def test_history_lists_every_version_newest_first(client):
    body = text(client.get(DOC + "versions/"))
    names = re.findall(r'href="/guidance/mappa-guidance/versions/\d+/">([^<]+)</a>', body)
    assert names == [
        LABELS[n][0].upper() + LABELS[n][1:]
        for n in ("8.0", "7.1", "7.0", "6.0", "5.1", "5.0", "4.5")
    ]
    assert "new paragraph 24.25 on counter-terrorism (CT) MAPPA and local MAPPA" in body
    assert body.count("Major</strong>") == 5 and body.count("Minor</strong>") == 2


def test_past_version_renders_what_was_published_not_todays_page(client, guidance_index):
    doc = make_document(
        guidance_index, slug="changing", sections=[section("Referrals", "Phone the unit.")]
    )
    publish(doc)
    publish(
        doc,
        MAJOR,
        "Referrals now by email.",
        title="Changed title",
        sections=[section("Referrals", "Email the unit.", anchor="referrals")],
    )

    old = client.get("/guidance/changing/versions/1/")
    body = text(old)
    assert old.status_code == 200
    assert "Phone the unit." in body and "Email the unit." not in body
    assert '<h1 class="govuk-heading-xl">Test guidance</h1>' in body
    assert "Not the current version" in body
    assert 'href="/guidance/changing/">Read the current version (version 2.0)' in body
    assert '<meta name="robots" content="noindex">' in body

    current = text(client.get("/guidance/changing/"))
    assert "Email the unit." in current and "Phone the unit." not in current


def test_the_current_versions_permanent_address_says_it_is_current(client):
    body = text(client.get(DOC + "versions/7/"))
    assert "Current version" in body and "Not the current version" not in body


def test_mappa_guidance_first_version_has_three_categories_and_the_old_heading(client):
    body = text(client.get(DOC + "versions/1/"))
    assert "MAPPA Guidance 2012" in body
    assert "Terrorist and domestic extremist offenders" in body
    assert "Category 4" not in body
    # The renamed section kept its anchor, so an old link still lands on it today.
    assert 'id="terrorism"' in body and 'id="terrorism"' in text(client.get(DOC))


def test_compare_marks_insertions_and_deletions_and_collapses_unchanged_sections(
    client, guidance_index
):
    doc = make_document(
        guidance_index,
        slug="compared",
        sections=[
            section(
                "Referrals", "Phone the co-ordination unit within five days.", anchor="referrals"
            ),
            section("Meetings", "Meetings are held monthly.", anchor="meetings"),
            section("Old forms", "Use form A.", anchor="old-forms"),
        ],
    )
    publish(doc)
    publish(
        doc,
        MAJOR,
        "Referrals by email; forms retired; disclosure added.",
        sections=[
            section(
                "Referrals", "Email the co-ordination unit within two days.", anchor="referrals"
            ),
            section("Meetings", "Meetings are held monthly.", anchor="meetings"),
            section("Disclosure", "Record every disclosure.", anchor="disclosure"),
        ],
    )
    response = client.get("/guidance/compared/versions/1/compare/2/")
    body = text(response)
    assert response.status_code == 200
    assert re.search(
        r'<del class="app-diff__del"><span class="govuk-visually-hidden">\[removed text: </span>Phone',
        body,
    )
    assert re.search(
        r'<ins class="app-diff__ins"><span class="govuk-visually-hidden">\[added text: </span>Email',
        body,
    )
    assert any("five" in d for d in re.findall(r"<del[^>]*>.*?</del>", body))
    assert any("two" in i for i in re.findall(r"<ins[^>]*>.*?</ins>", body))
    assert re.search(
        r'<details class="govuk-details app-diff-unchanged">\s*<summary[^>]*><span[^>]*>Unchanged: Meetings',
        body,
    )
    assert "Section added" in body and "Record every disclosure." in body
    assert "Section removed" in body and "Use form A." in body
    assert '<meta name="robots" content="noindex">' in body
    assert "1 section changed" in body and "1 section added" in body and "1 section removed" in body


def test_mappa_compare_shows_category_4_as_added(client):
    body = text(client.get(DOC + "versions/3/compare/4/"))
    assert re.search(r"<ins[^>]*>.*Category 4: terrorist offenders", body)


@pytest.mark.parametrize(
    "path, status, message",
    [
        ("versions/999/", 404, "Page not found"),
        ("versions/x/", 404, "Page not found"),
        ("versions/0/", 404, "Page not found"),
        ("versions/3/compare/3/", 400, "compare updated 24 November 2021 with itself"),
        ("versions/5/compare/2/", 400, "Choose the older version first"),
        ("versions/1/compare/999/", 404, "Page not found"),
        ("versions/x/compare/2/", 404, "Page not found"),
        ("as-of/2024-13-45/", 400, "is not a real date"),
        ("as-of/yesterday/", 400, "is not a date"),
        ("as-of/2024-02-30/", 400, "is not a real date"),
        ("as-of/2999-01-01/", 400, "is in the future"),
        ("as-of/2010-01-01/", 404, "did not exist yet"),
        ("versions/compare/?from=a&to=2", 400, "Choose an older and a newer version"),
        ("as-of/?date=", 400, "Enter a date"),
        ("as-of/?date=31/12/2023", 400, "is not a date"),
    ],
    ids=lambda v: str(v),
)
def test_bad_addresses_get_a_clear_4xx_page(client, path, status, message):
    response = client.get(DOC + path)
    assert response.status_code == status
    assert message in text(response)
    assert "<html" in text(response)  # a full page a person can read, not a bare error


def test_reversed_compare_links_to_the_right_order(client):
    body = text(client.get(DOC + "versions/5/compare/2/"))
    assert 'href="/guidance/mappa-guidance/versions/2/compare/5/"' in body


def test_the_forms_on_the_history_page_redirect_to_permanent_addresses(client):
    assert (
        client.get(DOC + "versions/compare/?from=2&to=4")["Location"]
        == DOC + "versions/2/compare/4/"
    )
    assert client.get(DOC + "as-of/?date=2023-01-01")["Location"] == DOC + "as-of/2023-01-01/"


@pytest.mark.parametrize(
    "date, number",
    [
        ("2019-07-01", "4.5"),  # the day it was published
        ("2021-07-31", "4.5"),  # the day before the next version
        ("2021-08-01", "5.0"),
        ("2022-08-31", "5.1"),
        ("2022-09-01", "6.0"),  # Category 4 arrives
        ("2023-09-12", "7.0"),
        ("2023-09-13", "7.1"),
        ("2024-07-31", "7.1"),
        ("2024-08-01", "8.0"),
    ],
)
def test_as_of_picks_the_version_in_force_at_the_boundaries(client, date, number):
    response = client.get(f"{DOC}as-of/{date}/")
    body = text(response)
    assert response.status_code == 200
    assert f"was {LABELS[number]}." in body
    assert '<meta name="robots" content="noindex">' in body


def test_as_of_today_is_the_current_version(client):
    body = text(client.get(f"{DOC}as-of/{timezone.localdate():%Y-%m-%d}/"))
    assert "was updated August 2024." in body and "It is the current version." in body


def test_as_of_before_the_first_version_says_the_document_did_not_exist(client):
    response = client.get(DOC + "as-of/2019-06-30/")
    assert response.status_code == 404
    body = text(response)
    assert "MAPPA Guidance did not exist yet on 30 June 2019" in body
    assert "MAPPA Guidance 2012 version 4.5, was published on 1 July 2019" in body


def test_withdrawn_document_stays_readable_with_its_reason_and_leaves_the_listing(client):
    body = text(client.get("/guidance/remote-mappa-meetings/"))
    assert "Withdrawn" in body and "This guidance was withdrawn on 1 April 2022." in body
    assert "The temporary arrangements have ended." in body
    assert "Remote meetings" in body  # the content is still there
    in_force, _, ended = text(client.get("/guidance/")).partition("No longer in force")
    assert (
        "remote-mappa-meetings" not in in_force
        and 'href="/guidance/remote-mappa-meetings/"' in ended
    )


def test_superseded_document_links_to_its_replacement_and_leaves_the_listing(client):
    body = text(client.get("/guidance/mappa-referral-procedure/"))
    assert "Superseded" in body and "This guidance has been replaced" in body
    assert (
        'Read <a class="govuk-notification-banner__link" href="/guidance/mappa-guidance/">MAPPA Guidance</a> instead.'
        in body
    )
    listing, _, ended = text(client.get("/guidance/")).partition("No longer in force")
    assert "mappa-referral-procedure" not in listing and "mappa-referral-procedure" in ended
    assert (
        'href="/guidance/mappa-guidance/"' in listing
        and "Updated August 2024, published on this portal 1 August 2024" in listing
    )


def test_agency_pages_list_the_guidance_and_briefs_that_apply(client):
    body = text(client.get("/agencies/police/"))
    assert "Guidance and briefs for this agency" in body
    assert 'href="/guidance/mappa-guidance/"' in body
    assert 'href="/briefings/mappa-serious-case-reviews/"' in body
    assert "remote-mappa-meetings" not in body
    housing = text(client.get("/agencies/housing/"))
    assert "mappa-serious-case-reviews" not in housing and 'href="/briefings/mappa/"' in housing


def test_minor_version_without_note_shows_a_plain_entry(client, guidance_index):
    doc = make_document(guidance_index, slug="quiet")
    publish(doc)
    publish(doc, MINOR, "")
    assert "Minor corrections." in text(client.get("/guidance/quiet/versions/"))


@pytest.mark.parametrize(
    "path",
    [
        "/guidance/remote-mappa-meetings/as-of/2023-01-01/",
        "/guidance/remote-mappa-meetings/versions/2/",
        "/guidance/remote-mappa-meetings/versions/1/",
    ],
)
def test_withdrawn_documents_versions_carry_the_withdrawn_banner_and_never_claim_to_be_current(
    client, path
):
    body = text(client.get(path))
    assert "This guidance was withdrawn on 1 April 2022." in body
    assert "The temporary arrangements have ended." in body
    assert "Current version" not in body and "It is the current version" not in body
    assert "No longer in force" in body


def test_as_of_after_withdrawal_says_the_document_had_been_withdrawn(client):
    body = text(client.get("/guidance/remote-mappa-meetings/as-of/2023-01-01/"))
    assert "On 1 January 2023 this document had been withdrawn (since 1 April 2022)" in body
    assert "was version 1.1." not in body and "in force on 1 January 2023 was" not in body


def test_as_of_before_withdrawal_names_the_version_in_force_and_still_shows_the_banner(client):
    body = text(client.get("/guidance/remote-mappa-meetings/as-of/2021-01-01/"))
    assert "The version in force on 1 January 2021 was version 1.0." in body
    assert "This guidance was withdrawn on 1 April 2022." in body


@pytest.mark.parametrize("path", ["as-of/2023-01-01/", "versions/2/", "versions/1/"])
def test_superseded_documents_versions_link_to_the_replacement(client, path):
    body = text(client.get("/guidance/mappa-referral-procedure/" + path))
    assert "This guidance has been replaced since 2 August 2021." in body
    assert 'href="/guidance/mappa-guidance/">Read MAPPA Guidance</a>' in body
    assert "Current version" not in body and "It is the current version" not in body


def test_the_compare_form_puts_versions_picked_the_wrong_way_round_in_order(client):
    response = client.get(DOC + "versions/compare/?from=5&to=2")
    assert response.status_code == 302
    assert response["Location"] == DOC + "versions/2/compare/5/"
    assert client.get(response["Location"]).status_code == 200


def test_the_reversed_compare_page_names_versions_as_readers_see_them(client):
    body = text(client.get(DOC + "versions/7/compare/1/"))
    assert "You asked to compare updated August 2024 with MAPPA Guidance 2012 version 4.5" in body
    assert "Compare MAPPA Guidance 2012 version 4.5 with updated August 2024" in body
    assert "version 7 " not in body and "version 1 " not in body


@pytest.mark.parametrize(
    "path, canonical",
    [
        ("versions/01/", "versions/1/"),
        ("versions/007/", "versions/7/"),
        ("versions/01/compare/02/", "versions/1/compare/2/"),
    ],
)
def test_numbers_with_leading_zeros_redirect_permanently_to_the_canonical_address(
    client, path, canonical
):
    response = client.get(DOC + path)
    assert response.status_code == 301
    assert response["Location"] == DOC + canonical
    assert client.get(response["Location"]).status_code == 200
