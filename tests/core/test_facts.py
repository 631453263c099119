"""The facts table (portal/core/data/facts.csv) against the demo as readers see it: every figure,
date and statutory reference appears where the table says the demo states it, and no page states a
different one."""

import html
import re

import pytest

from django.urls import reverse

from wagtail.models import Page

from guidance.models import GuidancePage
from portal.core.facts import all_facts, fact

pytestmark = pytest.mark.django_db


def page_text(response):
    """What a reader reads: the page's text without tags, entities decoded, spaces collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(body))


@pytest.fixture
def read(client):
    cache = {}

    def get(path):
        if path not in cache:
            response = client.get(path)
            assert response.status_code == 200, path
            cache[path] = (response.content.decode(), page_text(response))
        return cache[path]

    return get


def every_demo_page():
    """Every public page of the demo (training modules included), every version of every
    guidance document, the glossary."""
    paths = [p.url for p in Page.objects.live().public() if p.url]
    for document in GuidancePage.objects.live().public():
        paths.append(f"{document.url}versions/")
        paths.extend(f"{document.url}{v.path}" for v in document.versions)
    paths.append(reverse("glossary"))
    return sorted(set(paths))


@pytest.fixture(scope="module")
def site_text(django_db_blocker):
    from django.test import Client

    client = Client()
    with django_db_blocker.unblock():
        texts = {}
        for path in every_demo_page():
            response = client.get(path)
            assert response.status_code == 200, path
            texts[path] = page_text(response)
        return texts


@pytest.mark.parametrize("key", list(all_facts()))
def test_each_fact_appears_where_the_demo_states_it(read, key):
    item = all_facts()[key]
    assert item.source_url.startswith(("https://", "http://")), f"{key} has no public source"
    assert item.stated_on, f"{key} is stated nowhere"
    for path in item.stated_on:
        markup, text = read(path)
        where = markup if item.value.startswith("http") else text
        assert item.value.lower() in where.lower(), f"{path} does not state {key} = {item.value!r}"


def test_seeders_read_the_table_rather_than_retyping_it():
    """A value typed into a seeder would not follow a correction of the table."""
    from pathlib import Path

    import guidance.demo
    import portal.agencies.demo
    import portal.core.demo.content

    for module in (guidance.demo, portal.agencies.demo, portal.core.demo.content):
        source = Path(module.__file__).read_text(encoding="utf-8")
        for value in (
            "327B",
            "Court Services Act 2000",
            "April 2001",
            "01305 221016",
            "01202 123654",
            "13 September 2023",
        ):
            assert value not in source, f"{module.__name__} types {value!r}: read it with fact()"


STATUTES = {
    "Criminal Justice and Court Services Act": fact("first_statute"),
    "Criminal Justice Act": fact("current_statute"),
    "Sexual Offences Act": fact("notification_statute").rsplit(" of the ", 1)[-1],
    "Counter-Terrorism Act": fact("terrorism_notification_statute"),
}


def test_no_page_gives_a_statute_another_year(site_text):
    for path, text in site_text.items():
        for name, stated in STATUTES.items():
            for year in re.findall(re.escape(name) + r"\s*\(?(\d{4})", text):
                assert f"{name} {year}" == stated, f"{path}: {name} {year}, the table has {stated}"


def test_every_section_reference_is_one_the_table_gives(site_text):
    ranges = {
        re.fullmatch(r"sections (\S+) to (\S+)", fact(key)).groups()
        for key in ("current_sections", "enacted_sections")  # today's, and as enacted in 2003
    }
    allowed = {n for pair in ranges for n in pair}
    allowed |= {fact("dtc_section").split()[-1], fact("lay_adviser_section").split()[-1]}
    reference = re.compile(
        r"\b(?:sections?|ss?\.)\s*(\d{3}[A-Z]?(?:\(\d+\))?)(?:\s*(?:to|–|-)\s*(\d{3}[A-Z]?))?", re.I
    )
    found = 0
    for path, text in site_text.items():
        for start, end in reference.findall(text):
            found += 1
            if end:
                assert (start, end) in ranges, f"{path}: sections {start} to {end}"
            else:
                assert start in allowed, f"{path}: section {start} is not in the table"
    assert found > 5


def test_the_origins_and_the_number_of_areas_never_vary(site_text):
    for path, text in site_text.items():
        for began in re.findall(r"MAPPA began in (\w+ \d{4})", text):
            assert began == fact("first_statute_in_force"), path
        for count in re.findall(r"\b(\d+) (?:MAPPA|criminal justice) areas", text):
            assert count == fact("mappa_areas"), path
        for category in re.findall(r"\bCategor(?:y|ies) (\d+)", text):
            assert 1 <= int(category) <= 4, f"{path}: category {category}"
        for level in re.findall(r"\bLevels? (\d+)", text):
            assert 1 <= int(level) <= 3, f"{path}: level {level}"


def test_every_telephone_number_is_in_the_table_or_is_a_drama_number(site_text):
    """Real numbers come from the table with their source; made-up ones use Ofcom's drama range."""
    real = {f.value for f in all_facts().values() if f.key.endswith("_phone")}
    for path, text in site_text.items():
        for number in re.findall(r"\b0\d{3,4} ?\d{3} ?\d{3,4}\b", text):
            assert number in real or number.startswith("01632 960"), f"{path}: {number}"


def test_adult_safeguarding_numbers_are_never_called_mappa_contacts(site_text):
    for path, text in site_text.items():
        if fact("dorset_adult_safeguarding_phone") in text:
            assert "adult safeguarding" in text.lower(), path
            assert "is the contact for MAPPA" not in text, path


def test_home_page_and_footer_say_this_is_a_demonstration(read):
    markup, text = read("/")
    assert "This is a demonstration site, not the website of Dorset MAPPA." in text
    _, about = read("/about/")
    assert "This is a demonstration of a portal for one MAPPA area, set in Dorset." in about
    assert f'href="{fact("statutory_guidance_url")}"' in markup


def test_no_page_says_the_2003_act_created_mappa(site_text):
    """MAPPA began under the 2000 Act; the 2003 Act is its basis today, not its start."""
    created = re.compile(
        r"(?:established|set up|created|introduced) (?:by|under) the "
        + re.escape(fact("current_statute")),
        re.I,
    )
    for path, text in site_text.items():
        assert not created.search(text), f"{path}: {created.search(text).group(0)}"
