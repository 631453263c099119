"""What a page contributes to search: one unit for the page, one per section.

The contract a page model MAY implement (guidance and briefs do):
  search_kind = "guidance" | "brief" | "agency" | "training" | "report" | "page"
  search_sections(self) -> [{"anchor", "heading", "text"}]   plain text of the live content
      (a section may add "path", such as "lessons/2/", when it is shown on a route of the page
      rather than on the page itself: its result links to <page>lessons/2/#anchor)
  search_context_label(self) -> "MAPPA Guidance, version 4.6"
  search_agencies(self) -> ["police", ...]                    agency page slugs
Any other page gets sensible defaults, so new page types are searchable the day they land.
"""

from django.utils.html import strip_tags

from wagtail.blocks import StreamValue
from wagtail.rich_text import RichText, get_text_for_indexing
from wagtail.search import index

from . import text as analysis
from .engines.fulltext_schema import audience_token, filter_text

KIND_LABELS = {
    "guidance": "Guidance",
    "brief": "7-minute briefings",
    "agency": "Agencies",
    "training": "Training",
    "report": "Annual reports",
    "page": "Other pages",
}
# Kinds for the portal's page types that do not say theirs (search_kind wins when present).
DEFAULT_KINDS = {
    "agencies.agencypage": "agency",
    "agencies.agencyindexpage": "agency",
    "guidance.guidancepage": "guidance",
    "guidance.guidanceindexpage": "guidance",
    "guidance.briefingpage": "brief",
    "guidance.briefingindexpage": "brief",
    "training.modulepage": "training",
    "training.trainingindexpage": "training",
    "reports.annualreportpage": "report",
    "reports.annualreportindexpage": "report",
}
SKIPPED_FIELDS = {"title", "intro", "search_description", "seo_title", "slug"}


def kind_of(page):
    kind = getattr(page, "search_kind", None)
    if kind in KIND_LABELS:
        return kind
    return DEFAULT_KINDS.get(page._meta.label_lower, "page")


def plain(value):
    """Plain text of a field value: rich text, a StreamField, or anything with a str()."""
    if value is None:
        return ""
    if isinstance(value, StreamValue):
        return " ".join(
            " ".join(child.block.get_searchable_content(child.value)) for child in value
        )
    if isinstance(value, RichText):
        return get_text_for_indexing(value.source)
    value = str(value)
    return get_text_for_indexing(value) if "<" in value else value


def stream_sections(stream):
    """(lead text, [sections]) of a StreamField, split at its heading blocks."""
    lead, sections, current = [], [], None
    for child in stream:
        get_anchor = getattr(child.block, "get_anchor", None)
        if child.block_type == "heading" and get_anchor is not None:
            current = {
                "anchor": get_anchor(child.value),
                "heading": child.value["text"],
                "text": [],
            }
            sections.append(current)
            continue
        content = " ".join(child.block.get_searchable_content(child.value))
        (current["text"] if current else lead).append(content)
    for section in sections:
        section["text"] = " ".join(section["text"])
    return " ".join(lead), sections


def default_content(page):
    """(lead text, sections) from a page's own search_fields: rich text, text and StreamFields."""
    lead, sections = [], []
    for search_field in page.get_search_fields():
        if not isinstance(search_field, index.SearchField):
            continue
        name = search_field.field_name
        if name in SKIPPED_FIELDS or not hasattr(page, name):
            continue
        value = getattr(page, name)
        if callable(value):
            continue
        if isinstance(value, StreamValue) and not sections:
            stream_lead, sections = stream_sections(value)
            lead.append(stream_lead)
        else:
            lead.append(plain(value))
    return " ".join(part for part in lead if part), sections


def agency_content(page):
    """An agency page reads as its kind, statutory basis and each key role with its label."""
    roles = " ".join(f"{role['role']}. {role['text']}" for role in page.key_roles)
    lead = " ".join([page.get_kind_display(), page.short_name, plain(page.statutory_basis), roles])
    return lead, []


def page_units(page, url, audience):
    """The units of one live, specific page: dicts of SearchUnit fields, with "text" holding
    the SearchUnitText fields."""
    from portal.agencies.models import AgencyPage

    kind = kind_of(page)
    if hasattr(page, "search_sections"):
        lead, sections = "", list(page.search_sections() or [])
    elif isinstance(page, AgencyPage):
        lead, sections = agency_content(page)
    else:
        lead, sections = default_content(page)

    if hasattr(page, "search_agencies"):
        agencies = list(page.search_agencies() or [])
    elif isinstance(page, AgencyPage):
        agencies = [page.slug]
    else:
        agencies = []
    context = ""
    if hasattr(page, "search_context_label"):
        context = page.search_context_label() or ""
    agency_text = f" {' '.join(sorted(set(agencies)))} " if agencies else ""

    title = analysis.clean(page.title)
    intro = analysis.clean(getattr(page, "intro", "") or "")
    description = analysis.clean(page.search_description or "")
    body = analysis.clean(" ".join(p for p in [intro, lead] if p))
    units = [
        _unit(
            page,
            url,
            "",
            0,
            title,
            "",
            body or description,
            context,
            kind,
            audience,
            agency_text,
            extra=description,
        )
    ]
    for position, section in enumerate(sections, start=1):
        anchor = str(section.get("anchor") or "")[:120]
        heading = analysis.clean(str(section.get("heading") or ""))[:255]
        section_text = analysis.clean(strip_tags(str(section.get("text") or "")))
        if not (heading or section_text):
            continue
        section_url = url + str(section.get("path") or "")
        units.append(
            _unit(
                page,
                section_url,
                anchor,
                position,
                title,
                heading,
                section_text,
                context,
                kind,
                audience,
                agency_text,
                extra=title,
            )
        )
    return units


def _unit(
    page, url, anchor, position, title, heading, body, context, kind, audience, agencies, extra=""
):
    section = bool(anchor or heading)
    return {
        "page_id": page.pk,
        "audience": audience,
        "kind": kind,
        "agencies": agencies[:500],
        "text": {
            "anchor": anchor,
            "position": position,
            "url": f"{url}#{anchor}" if anchor else url,
            "title": title[:255],
            "heading": heading,
            "context_label": analysis.clean(context)[:255],
            "body": body,
            # A section's own words rank it; its page title only helps it match.
            "fts_title": "" if section else analysis.index_text(title),
            "fts_heading": analysis.index_text(heading),
            "fts_body": analysis.index_text(body),
            "fts_extra": " ".join(
                [analysis.index_text(extra)]
                + analysis.joined_forms(" ".join([title, heading, body, extra]))
            ).strip(),
            "fts_audience": audience_token(audience),
            "fts_filters": filter_text(kind, agencies.split()),
        },
    }
