"""Every page type renders with the GOV.UK layout, and bad addresses get the styled 404."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "template", "expected"),
    [
        ("/", "core/home_page.html", "Find what you need"),
        ("/about/", "core/standard_page.html", "The four categories of offender"),
        ("/agencies/", "agencies/agency_index_page.html", "Duty-to-co-operate agencies"),
        ("/agencies/police/", "agencies/agency_page.html", "Key roles in MAPPA"),
        ("/glossary/", "core/glossary.html", "Registered sexual offender"),
    ],
    ids=["home", "standard", "agency-index", "agency", "glossary"],
)
def test_page_renders_with_design_system(client, url, template, expected):
    response = client.get(url)
    assert response.status_code == 200
    assert template in [t.name for t in response.templates]
    html = response.content.decode()
    assert expected in html
    for landmark in (
        'class="govuk-skip-link"',
        'class="govuk-phase-banner"',
        'class="govuk-footer"',
        'id="main-content"',
        'class="govuk-service-navigation"',
    ):
        assert landmark in html
    assert "<script>" not in html, (
        "no inline script: pages work without JavaScript and under a strict CSP"
    )


def test_about_covers_every_topic_with_anchored_sections(client):
    html = client.get("/about/").content.decode()
    for anchor in (
        "how-mappa-works",
        "categories",
        "levels",
        "information-sharing",
        "smb",
        "lay-advisers",
        "serious-case-reviews",
    ):
        assert f'id="{anchor}"' in html
        assert f'href="#{anchor}"' in html, "the contents list links to every section"


def test_agency_page_names_kind_statute_roles_and_contact(client):
    html = client.get("/agencies/probation/").content.decode()
    assert "Responsible Authority" in html
    assert "Criminal Justice Act 2003" in html
    for role in (
        "Point of contact for other agencies",
        "General advice about its role and services",
        "Sharing information to protect the public",
    ):
        assert role in html
    assert "OASys" in html, "roles are described in terms specific to the agency"
    assert "MAPPA co-ordination unit" in html


def test_agency_index_separates_responsible_authority_from_dtc(client):
    html = client.get("/agencies/").content.decode()
    ra, dtc = html.index("The Responsible Authority"), html.index("Duty-to-co-operate agencies")
    assert ra < html.index("Probation Service") < dtc
    assert dtc < html.index("Children&#x27;s services")


def test_navigation_and_breadcrumbs(client):
    html = client.get("/agencies/police/").content.decode()
    assert 'class="govuk-breadcrumbs"' in html
    assert 'href="/agencies/"' in html
    assert 'aria-current="true"' in html, "the current section is marked in the navigation"


@pytest.mark.parametrize(
    "url",
    [
        "/no-such-page/",
        "/agencies/no-such-agency/",
        "/agencies/police/deeper/still/",
        "/%E2%98%83/",
        "/" + "x" * 2000 + "/",
        "/about/?source=%00",
        "/about/?page=%00",
        "/about/?page=0",
        "/about/?page=9999",
    ],
    ids=[
        "unknown",
        "unknown-agency",
        "too-deep",
        "unicode",
        "very-long",
        "nul-query",
        "nul-page",
        "page-zero",
        "page-past-the-end",
    ],
)
def test_bad_urls_get_the_styled_404(client, url):
    response = client.get(url)
    if url.startswith("/about/?source"):
        assert response.status_code == 200  # an ignored query string is harmless
        return
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'class="govuk-footer"' in html


def test_a_long_section_lists_its_pages_twenty_at_a_time(client, about):
    """However many pages a section holds, one request lists twenty of them, with GOV.UK
    pagination to the rest (and no JavaScript needed)."""
    from portal.core.models import StandardPage
    from tests.factories import StandardPageFactory

    for n in range(45):
        StandardPageFactory(parent=about, title=f"Case study {n:02d}", slug=f"case-study-{n:02d}")
    first = client.get("/about/").content.decode()
    assert first.count("Case study ") == StandardPage.SUBPAGES_PER_PAGE == 20
    assert "Case study 00" in first and "Case study 20" not in first
    assert 'aria-label="Pages in this section"' in first and " of 3</span>" in first
    assert 'href="?page=2"' in first and 'rel="prev"' not in first
    last = client.get("/about/", {"page": 3}).content.decode()
    assert "Case study 44" in last and "Case study 39" not in last
    assert 'href="?page=2"' in last and 'rel="next"' not in last
