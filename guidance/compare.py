"""What changed between two versions of a guidance document, section by section.

Sections are matched by their stable anchor, so a renamed or moved section is compared with
itself. Within a section the text is compared word by word.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from . import sections as section_utils

SAME, ADDED, REMOVED = "same", "added", "removed"
CHANGED, UNCHANGED = "changed", "unchanged"
BREAK = "\x00"  # paragraph boundary token


@dataclass
class Segment:
    kind: str  # SAME, ADDED or REMOVED
    text: str


@dataclass
class SectionChange:
    anchor: str
    heading: str
    status: str  # ADDED, REMOVED, CHANGED or UNCHANGED
    old_heading: str = ""
    moved: bool = False
    paragraphs: list = field(default_factory=list)  # list of lists of Segment

    @property
    def renamed(self):
        return bool(self.old_heading) and self.old_heading != self.heading


@dataclass
class Comparison:
    old_title: str
    new_title: str
    intro: list  # paragraphs of Segments
    intro_changed: bool
    sections: list

    @property
    def title_changed(self):
        return self.old_title != self.new_title

    def count(self, status):
        return sum(1 for s in self.sections if s.status == status)

    @property
    def counts(self):
        return {status: self.count(status) for status in (CHANGED, ADDED, REMOVED, UNCHANGED)}

    @property
    def moved(self):
        return sum(1 for s in self.sections if s.moved)


def _tokens(paragraphs):
    tokens = []
    for i, paragraph in enumerate(paragraphs):
        if i:
            tokens.append(BREAK)
        tokens.extend(paragraph.split())
    return tokens


def _append(paragraph, kind, words):
    if not words:
        return
    text = " ".join(words)
    if paragraph and paragraph[-1].kind == kind:
        paragraph[-1].text += " " + text
    else:
        paragraph.append(Segment(kind, text))


def diff_paragraphs(old, new):
    """Word-level differences between two lists of paragraphs, as paragraphs of Segments.

    Paragraph breaks follow the newer text; a removed break simply joins the text around it.
    """
    a, b = _tokens(old), _tokens(new)
    result, current = [], []

    def emit(kind, words):
        nonlocal current
        run = []
        for word in words:
            if word == BREAK:
                _append(current, kind, run)
                run = []
                if kind != REMOVED:
                    result.append(current)
                    current = []
            else:
                run.append(word)
        _append(current, kind, run)

    if a == b:
        emit(SAME, b)
    else:
        for op, a1, a2, b1, b2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op == "equal":
                emit(SAME, b[b1:b2])
            else:
                emit(REMOVED, a[a1:a2])
                emit(ADDED, b[b1:b2])
    if current:
        result.append(current)
    return result


def _sections(page):
    return {
        child.value["anchor"]: child.value
        for child in page.sections
        if child.block_type == "section"
    }


def compare_pages(old_page, new_page):
    """Compare two page objects (usually rebuilt from revisions) section by section."""
    old, new = _sections(old_page), _sections(new_page)
    old_order, new_order = list(old), list(new)

    # Sections kept in both but out of their old relative order count as moved.
    common_old = [a for a in old_order if a in new]
    common_new = [a for a in new_order if a in old]
    in_place = set()
    for block in SequenceMatcher(
        None, common_old, common_new, autojunk=False
    ).get_matching_blocks():
        in_place.update(common_old[block.a : block.a + block.size])

    changes = {}
    for anchor in new_order:
        value = new[anchor]
        new_paragraphs = section_utils.section_paragraphs(value)
        if anchor not in old:
            changes[anchor] = SectionChange(
                anchor,
                value["heading"],
                ADDED,
                paragraphs=[[Segment(ADDED, p)] for p in new_paragraphs],
            )
            continue
        old_value = old[anchor]
        old_paragraphs = section_utils.section_paragraphs(old_value)
        same = old_paragraphs == new_paragraphs and old_value["heading"] == value["heading"]
        changes[anchor] = SectionChange(
            anchor,
            value["heading"],
            UNCHANGED if same else CHANGED,
            old_heading=old_value["heading"],
            moved=anchor not in in_place,
            paragraphs=diff_paragraphs(old_paragraphs, new_paragraphs),
        )

    # Removed sections are shown where they used to be: after the section that preceded them.
    ordered, removed_after = [], {}
    previous = None
    for anchor in old_order:
        if anchor in new:
            previous = anchor
        else:
            value = old[anchor]
            removed_after.setdefault(previous, []).append(
                SectionChange(
                    anchor,
                    value["heading"],
                    REMOVED,
                    paragraphs=[
                        [Segment(REMOVED, p)] for p in section_utils.section_paragraphs(value)
                    ],
                )
            )
    ordered.extend(removed_after.get(None, []))
    for anchor in new_order:
        ordered.append(changes[anchor])
        ordered.extend(removed_after.get(anchor, []))

    old_intro = [old_page.intro] if old_page.intro else []
    new_intro = [new_page.intro] if new_page.intro else []
    return Comparison(
        old_title=old_page.title,
        new_title=new_page.title,
        intro=diff_paragraphs(old_intro, new_intro),
        intro_changed=old_intro != new_intro,
        sections=ordered,
    )
