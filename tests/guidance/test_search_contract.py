"""What the search service reads from guidance documents and briefs."""

import pytest

from guidance.models import BriefingPage, GuidancePage

pytestmark = pytest.mark.django_db


def test_guidance_sections_for_search(mappa):
    sections = mappa.search_sections()
    assert [s["anchor"] for s in sections][:3] == [
        "introduction",
        "responsible-authority",
        "duty-to-co-operate",
    ]
    categories = next(s for s in sections if s["anchor"] == "categories")
    assert categories["heading"] == "Categories of offender"
    assert "Category 4: terrorist offenders" in categories["text"]
    assert "<" not in categories["text"]
    reviews = next(s for s in sections if s["anchor"] == "serious-case-reviews")
    assert "Note: A lay adviser takes part" in reviews["text"]
    assert "Step 1: The lead agency tells the MAPPA co-ordinator" in reviews["text"]
    assert mappa.search_context_label() == "MAPPA Guidance, updated August 2024"
    assert GuidancePage.search_kind == "guidance"
    assert {"police", "probation", "prison", "housing"} <= set(mappa.search_agencies())


def test_brief_parts_for_search():
    brief = BriefingPage.objects.get(slug="mappa-serious-case-reviews")
    sections = brief.search_sections()
    assert len(sections) == 7
    assert sections[0] == {
        "anchor": "part-1",
        "heading": "1. Background",
        "text": sections[0]["text"],
    }
    assert "serious further offence" in sections[0]["text"]
    assert brief.search_context_label() == "7-minute learning brief"
    assert BriefingPage.search_kind == "brief"
    assert sorted(brief.search_agencies()) == ["police", "prison", "probation"]


def test_part_anchors_exist_on_the_brief_page(client):
    body = client.get("/briefings/mappa-serious-case-reviews/").content.decode()
    for n in range(1, 8):
        assert f'id="part-{n}"' in body


def test_a_document_with_no_agencies_applies_to_none(guidance_index):
    from .conftest import make_document

    assert make_document(guidance_index, slug="no-agencies").search_agencies() == []
