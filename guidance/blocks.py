"""Blocks for guidance sections and learning-brief parts.

A guidance section carries its own anchor, set once when the section is first saved, so links
to it survive edits to its heading, re-ordering and the versions that follow.
"""

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from portal.core.blocks import LinkBlock

SECTION_RICH_TEXT = ["h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul"]


class CalloutBlock(blocks.StructBlock):
    """Something set apart from the section text: a note, or a warning readers must not miss."""

    kind = blocks.ChoiceBlock(
        choices=[("note", "Note"), ("warning", "Warning")],
        default="note",
        help_text="Warnings are for legal duties and risks; notes for examples and asides.",
    )
    text = blocks.TextBlock(max_length=600)

    class Meta:
        icon = "warning"
        label = "Callout"


class SectionBlock(blocks.StructBlock):
    """One section of a guidance document: heading, body, optional callouts and steps."""

    heading = blocks.CharBlock(max_length=150)
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        help_text=(
            "Permanent link name for this section, set when the section is first saved. "
            "Links from other sites and past versions use it: change it only if you must."
        ),
    )
    body = blocks.RichTextBlock(features=SECTION_RICH_TEXT)
    callouts = blocks.ListBlock(CalloutBlock(), default=[], min_num=0, label="Callouts")
    steps = blocks.ListBlock(
        blocks.TextBlock(max_length=400),
        default=[],
        min_num=0,
        label="Steps",
        help_text="A numbered procedure readers follow in order. Leave empty if there is none.",
    )

    class Meta:
        icon = "doc-full"
        label = "Section"
        template = "guidance/blocks/section_block.html"


class BriefingPartBlock(blocks.StructBlock):
    """One of the seven numbered parts of a 7-minute learning brief."""

    heading = blocks.CharBlock(max_length=100)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "list-ol"
        label = "Part"


BRIEFING_LINK_BLOCKS = [("link", LinkBlock())]
BRIEFING_CONTACT_BLOCKS = [("contact", SnippetChooserBlock("core.Contact"))]
QUESTION_BLOCKS = [("question", blocks.CharBlock(max_length=300, icon="help"))]
