"""7-minute learning briefs: seven parts, a reading time under seven minutes, one-page print and PDF."""

import re
import subprocess

import pytest

from django.core.exceptions import ValidationError

from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from guidance.models import BriefingIndexPage, BriefingPage
from guidance.pdf import render_brief_pdf
from guidance.reading_time import estimate
from tests.conftest import login_verified, user

pytestmark = pytest.mark.django_db

WORDS = "Practitioners share relevant information promptly with the lead agency about risk. "  # 11 words


def parts(words_each):
    text = (WORDS * (words_each // 11 + 1)).split()[:words_each]
    return [
        ("part", {"heading": f"Part {n}", "text": RichText(f"<p>{' '.join(text)}</p>")})
        for n in range(1, 8)
    ]


def new_brief(words_each, slug="long-brief"):
    index = BriefingIndexPage.objects.get()
    brief = BriefingPage(
        title="A brief for a test", slug=slug, intro="", parts=parts(words_each), live=False
    )
    index.add_child(instance=brief)
    return brief


def test_brief_has_seven_numbered_parts_questions_links_and_contacts(client):
    body = client.get("/briefings/mappa/").content.decode()
    numbers = re.findall(r'<span class="app-brief__number">(\d)</span>', body)
    assert numbers == ["1", "2", "3", "4", "5", "6", "7"]
    assert "Questions for your team" in body
    assert 'href="/guidance/mappa-guidance/"' in body
    assert "01305 221016" in body and "01202 123654" in body
    assert "Adult safeguarding: Dorset Council area" in body


def test_reading_time_is_computed_and_shown(client):
    brief = BriefingPage.objects.get(slug="mappa")
    minutes = brief.reading_time.minutes
    assert 1 <= minutes <= 7
    body = client.get("/briefings/mappa/").content.decode()
    assert f"{minutes} minute read" in body
    assert f"{minutes} minute read" in client.get("/briefings/").content.decode()


def test_a_brief_over_seven_minutes_is_refused_with_how_much_it_is_over(db):
    brief = new_brief(
        words_each=220
    )  # 7 x 220 words and the title: about 7 min 44 s at 200 a minute
    with pytest.raises(ValidationError) as refused:
        brief.save_revision()
    message = " ".join(refused.value.messages)
    over = estimate(*brief.reading_texts())
    assert over.over_limit
    assert "over the 7-minute limit" in message
    assert f"cut about {over.words_over} words" in message
    assert re.search(r"That is (\d+ minutes? )?\d+ seconds? over", message)


def test_a_brief_just_under_seven_minutes_is_accepted(db):
    brief = new_brief(words_each=195, slug="just-under")
    brief.save_revision().publish()
    assert BriefingPage.objects.get(slug="just-under").reading_words == brief.reading_time.words


def test_the_admin_shows_the_over_length_message(client):
    login_verified(client, user("approver"))
    index = BriefingIndexPage.objects.get()
    data = nested_form_data(
        {
            "title": "Too long to read in seven minutes",
            "slug": "too-long",
            "intro": "",
            "parts": streamfield(
                [
                    ("part", {"heading": f"Part {n}", "text": rich_text(f"<p>{WORDS * 20}</p>")})
                    for n in range(1, 8)
                ]
            ),
            "reflection_questions": streamfield([]),
            "related_guidance": streamfield([]),
            "contacts": streamfield([]),
        }
    )
    data["action-publish"] = "publish"
    response = client.post(f"/admin/pages/add/guidance/briefingpage/{index.pk}/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "over the 7-minute limit" in body
    assert not BriefingPage.objects.filter(slug="too-long").exists()


def _pdf_facts(pdf_bytes, tmp_path):
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf_bytes)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    return pages, info, text


def test_pdf_is_one_a4_page_of_real_text_with_the_title_and_version_date(client, tmp_path):
    response = client.get("/briefings/mappa/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages, info, text = _pdf_facts(response.content, tmp_path)
    brief = BriefingPage.objects.get(slug="mappa")
    assert pages == 1
    assert "A4" in info
    assert re.search(r"Tagged:\s+yes", info), "the PDF is tagged for screen readers"
    flat = " ".join(text.split())
    assert "MAPPA: Multi-Agency Public Protection Arrangements" in flat
    assert f"Version of {brief.version_date:%-d %B %Y}" in flat
    assert "01305 221016" in flat and "Questions for your team" in flat


def test_a_brief_near_the_limit_still_fits_one_pdf_page(db, tmp_path):
    brief = new_brief(words_each=190, slug="near-limit")
    brief.save_revision().publish()
    pdf, pages, size = render_brief_pdf(BriefingPage.objects.get(slug="near-limit"))
    assert pages == 1
    pages, info, _ = _pdf_facts(pdf, tmp_path)
    assert pages == 1 and re.search(r"Tagged:\s+yes", info)


def test_brief_page_links_the_print_stylesheet_and_the_pdf(client):
    body = client.get("/briefings/mappa/").content.decode()
    assert re.search(
        r'<link rel="stylesheet" href="[^"]*guidance/brief-print\.css" media="print">', body
    )
    assert 'href="/briefings/mappa/pdf/"' in body
