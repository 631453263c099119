"""Fixtures for guidance tests: the demo documents, and small documents built for one test."""

import pytest

from wagtail.rich_text import RichText

from guidance.models import MINOR, GuidanceIndexPage, GuidancePage, GuidanceVersion


def section(heading, text, anchor="", callouts=(), steps=()):
    return (
        "section",
        {
            "heading": heading,
            "anchor": anchor,
            "body": RichText(f"<p>{text}</p>"),
            "callouts": [{"kind": k, "text": t} for k, t in callouts],
            "steps": list(steps),
        },
    )


def numbered_sections(count, text="Agencies share what they know about risk."):
    return [
        section(f"Part {n} of the guidance", f"{text} Paragraph {n}.") for n in range(1, count + 1)
    ]


def make_document(index, slug="test-guidance", title="Test guidance", sections=None, **fields):
    """A new, unpublished guidance document under the demo's /guidance/."""
    page = GuidancePage(
        title=title,
        slug=slug,
        live=False,
        intro="A document made for a test.",
        sections=sections if sections is not None else numbered_sections(3),
        **fields,
    )
    index.add_child(instance=page)
    return page


def publish(page, change_type=MINOR, note="", user=None, **changes):
    """Edit and publish as the admin would; returns the version it recorded."""
    page = GuidancePage.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.change_type, page.change_note = change_type, note
    page.save_revision(user=user).publish(user=user)
    return GuidanceVersion.objects.for_page(page).current()


@pytest.fixture
def guidance_index(db):
    return GuidanceIndexPage.objects.get()


@pytest.fixture
def mappa(db):
    return GuidancePage.objects.get(slug="mappa-guidance")
