"""Sections of a guidance document: stable anchors, the table of contents and plain text.

Anchors are stored in each section block and set once, so a link to a section keeps working
when its heading changes, sections move, or later versions are published.
"""

from html.parser import HTMLParser

from django.utils.text import slugify

ANCHOR_MAX_LENGTH = 80
BLOCK_TAGS = {"p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "div", "br", "tr"}


def assign_anchors(sections):
    """Give every section a unique anchor, keeping those it already has.

    Called when a document is cleaned (before every save). A copied section that repeats an
    earlier anchor gets a new one; the first holder keeps it.
    """
    used = set()
    children = [child for child in sections if child.block_type == "section"]
    for child in children:
        anchor = slugify(child.value.get("anchor") or "")[:ANCHOR_MAX_LENGTH]
        if anchor and anchor not in used:
            used.add(anchor)
        else:
            anchor = ""
        child.value["anchor"] = anchor
    for child in children:
        if not child.value["anchor"]:
            base = slugify(child.value.get("heading") or "")[: ANCHOR_MAX_LENGTH - 4] or "section"
            candidate, n = base, 2
            while candidate in used:
                candidate, n = f"{base}-{n}", n + 1
            child.value["anchor"] = candidate
            used.add(candidate)


def contents(sections):
    """(anchor, heading) pairs for the table of contents."""
    return [
        (child.value["anchor"], child.value["heading"])
        for child in sections
        if child.block_type == "section"
    ]


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs, self._current = [], []

    def _flush(self):
        text = " ".join("".join(self._current).split())
        if text:
            self.paragraphs.append(text)
        self._current = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        self._current.append(data)

    def close(self):
        super().close()
        self._flush()


def html_paragraphs(html):
    """The text of rich text HTML, one string per paragraph or list item."""
    parser = _TextExtractor()
    parser.feed(html or "")
    parser.close()
    return parser.paragraphs


def _source(value):
    return getattr(value, "source", value) or ""


def section_paragraphs(value):
    """A section's readable text as paragraphs: body, then callouts, then numbered steps."""
    paragraphs = html_paragraphs(_source(value.get("body")))
    for callout in value.get("callouts") or []:
        label = "Warning" if callout.get("kind") == "warning" else "Note"
        paragraphs.append(f"{label}: {' '.join(str(callout.get('text', '')).split())}")
    for number, step in enumerate(value.get("steps") or [], start=1):
        paragraphs.append(f"Step {number}: {' '.join(str(step).split())}")
    return paragraphs


def plain_sections(sections):
    """Each section as a dict of anchor, heading and plain text: what search indexes."""
    return [
        {
            "anchor": child.value["anchor"],
            "heading": child.value["heading"],
            "text": "\n".join(section_paragraphs(child.value)),
        }
        for child in sections
        if child.block_type == "section"
    ]
