"""The demo seed: the MAPPA Guidance history follows the real version history, and the menus."""

import datetime
import re

import pytest

from django.utils import timezone

from wagtail.models import Page

from guidance.models import BriefingPage, GuidancePage, GuidanceVersion

pytestmark = pytest.mark.django_db


def test_mappa_guidance_versions_follow_the_real_history(mappa):
    recorded = [
        (v.number, timezone.localtime(v.published_at).date(), v.change_type)
        for v in GuidanceVersion.objects.for_page(mappa).oldest_first()
    ]
    assert recorded == [
        ("4.5", datetime.date(2019, 7, 1), "major"),
        ("5.0", datetime.date(2021, 8, 1), "major"),
        ("5.1", datetime.date(2021, 11, 24), "minor"),
        ("6.0", datetime.date(2022, 9, 1), "major"),
        ("7.0", datetime.date(2023, 3, 1), "major"),
        ("7.1", datetime.date(2023, 9, 13), "minor"),
        ("8.0", datetime.date(2024, 8, 1), "major"),
    ]


def test_one_withdrawn_and_one_superseded_document():
    assert GuidancePage.objects.live().filter(status=GuidancePage.WITHDRAWN).count() == 1
    superseded = GuidancePage.objects.live().get(status=GuidancePage.SUPERSEDED)
    assert superseded.superseded_by.slug == "mappa-guidance"


def test_two_briefs_with_seven_parts_each():
    briefs = BriefingPage.objects.live().order_by("slug")
    assert [b.slug for b in briefs] == ["mappa", "mappa-serious-case-reviews"]
    assert all(len(b.parts) == 7 for b in briefs)


def test_guidance_and_briefings_follow_agencies_in_the_menu(home):
    slugs = list(
        Page.objects.child_of(home)
        .filter(show_in_menus=True)
        .order_by("path")
        .values_list("slug", flat=True)
    )
    assert slugs.index("agencies") < slugs.index("guidance") < slugs.index("briefings")


TIMESCALE = re.compile(
    r"[^.<>]*\b(?:\d+|one|two|three|five|six|eight|ten) (?:working days|weeks|months)\b[^<]*"
)


@pytest.mark.parametrize(
    "path",
    [
        "/guidance/mappa-referral-procedure/",
        "/guidance/remote-mappa-meetings/",
        "/practitioners/",
        "/practitioners/mappa-minutes/",
        "/practitioners/level-3-escalation/",
        "/practitioners/making-a-referral/",
    ],
)
def test_made_up_timescales_are_marked_as_examples(persona_client, path):
    """No source gives local deadlines: any the demo states is in a paragraph starting 'Example:'."""
    response = persona_client("practitioner").get(path)
    body = response.content.decode()
    assert response.status_code == 200
    if "level-3" in path or "referral" in path or "remote" in path:
        assert "Example:" in body, "the page's made-up timescales are marked"
    for paragraph in re.findall(r"<p[^>]*>(.*?)</p>", body, re.S):
        text = re.sub(r"<[^>]+>", "", paragraph).strip()
        if TIMESCALE.search(text) and "12 months" not in text:
            assert text.startswith("Example:"), f"{path}: {text}"
