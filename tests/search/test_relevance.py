"""Relevance on the database engine: practitioner questions land on the right page or section.

Queries are written from the demo content that search owns the shape of (/about/ and the agency
pages), so these searches are limited to ordinary pages and agency pages: guidance, briefs,
training and reports will add results of their own kinds without moving these targets.
"""

import pytest

pytestmark = pytest.mark.django_db

TOP_3 = [
    # acronyms and synonyms from the glossary, both ways
    ("RSO", "/about/#categories"),
    ("registered sex offender", "/about/#categories"),
    ("DTC housing", "/agencies/housing/"),
    ("duty to cooperate", "/about/#who-takes-part"),
    ("duty to co-operate", "/about/#who-takes-part"),
    ("L3", "/about/#levels"),
    ("L2", "/about/#levels"),
    ("SMB", "/about/#smb"),
    ("strategic board", "/about/#smb"),
    ("lay advisor", "/about/#lay-advisers"),
    ("probation hostel", "/about/#how-mappa-works"),
    ("SFO", "/about/#serious-case-reviews"),
    ("MAPPA SCR", "/about/#serious-case-reviews"),
    ("ViSOR", "/agencies/police/"),
    ("OASys", "/agencies/probation/"),
    ("Sarah's Law", "/agencies/police/"),
    ("UKVI", "/agencies/immigration/"),
    ("YOT", "/agencies/youth-justice/"),
    ("Cat 4", "/about/#categories"),
    ("HMPPS", "/agencies/probation/"),
    # plain-language questions
    ("who calls a level 2 meeting", "/agencies/probation/"),
    ("sharing information lawfully", "/about/#information-sharing"),
    ("who leads on sex offenders", "/agencies/police/"),
    ("where can an offender live after prison", "/agencies/housing/"),
    ("housing before release", "/agencies/housing/"),
    ("children at risk", "/agencies/childrens-services/"),
    ("care act safeguarding adults", "/agencies/adult-social-care/"),
    ("adult safeguarding phone number", "/agencies/adult-social-care/"),
    ("electronic tag curfew", "/agencies/electronic-monitoring/"),
    ("what is MAPPA", "/about/#what-mappa-is"),
    ("terrorist offenders", "/about/#categories"),
    # spelling variants
    ("serious further offense", "/about/#serious-case-reviews"),
]


@pytest.mark.parametrize(("query", "expected"), TOP_3, ids=[q for q, _ in TOP_3])
def test_expected_result_in_the_top_three(search_urls, query, expected):
    urls = search_urls(query, kinds=("page", "agency"))
    assert expected in urls[:3], f"{query!r} gave {urls[:5]}"


FIRST = [
    ("police", "/agencies/police/"),
    ("L3", "/about/#levels"),
    ("RSO", "/about/#categories"),
    ("DTC housing", "/agencies/housing/"),
    ("lay adviser", "/about/#lay-advisers"),
    ("UKVI", "/agencies/immigration/"),
]


@pytest.mark.parametrize(("query", "expected"), FIRST, ids=[q for q, _ in FIRST])
def test_best_match_ranks_first(search_urls, query, expected):
    assert search_urls(query, kinds=("page", "agency"))[0] == expected


def test_a_title_match_outranks_a_passing_mention(anonymous_request):
    from search.queries import SearchFilters, search

    results = search(anonymous_request, "police", SearchFilters(kinds=("agency",)), per_page=50)
    urls = [hit.url for hit in results.results]
    assert urls.index("/agencies/police/") < urls.index("/agencies/electronic-monitoring/")


def test_spellings_of_co_operate_find_the_same_units(anonymous_request):
    from search.queries import search

    found = {
        q: {h.url for h in search(anonymous_request, q, per_page=50).results}
        for q in ("co-operate", "cooperate", "co operate", "Co-operate")
    }
    assert len(found["co-operate"]) > 5
    assert found["co-operate"] == found["cooperate"] == found["co operate"] == found["Co-operate"]


def test_the_glossary_finds_text_that_never_uses_the_acronym(search_urls):
    # Neither "RSO" nor "DTC" appears in the /about/ text; the glossary bridges the gap.
    assert "/about/#categories" in search_urls("RSO")
    assert "/about/#who-takes-part" in search_urls("DTC")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("police", "/agencies/police/"),
        ("DTC housing", "/agencies/housing/"),
        ("UKVI", "/agencies/immigration/"),
    ],
)
def test_across_every_kind_of_content(search_urls, query, expected):
    assert expected in search_urls(query)[:3]
