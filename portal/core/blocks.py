"""StreamField blocks shared by every content page, each rendered with a GOV.UK pattern."""

from django.utils.text import slugify

from wagtail import blocks


class HeadingBlock(blocks.StructBlock):
    """A section heading; its anchor gives the section a permanent link."""

    text = blocks.CharBlock(max_length=150)
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        help_text="Permanent link name for this section. Leave blank to derive it from the heading.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"

    def get_anchor(self, value):
        return slugify(value.get("anchor") or value.get("text"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = self.get_anchor(value)
        return context


class InsetTextBlock(blocks.StructBlock):
    """Text set apart from the body: a quotation, an example, a note."""

    text = blocks.RichTextBlock(features=["bold", "italic", "link"])

    class Meta:
        icon = "openquote"
        template = "blocks/inset_text_block.html"


class WarningBlock(blocks.StructBlock):
    """Something readers must not miss, such as a legal duty."""

    text = blocks.CharBlock(max_length=400)

    class Meta:
        icon = "warning"
        template = "blocks/warning_block.html"


class DetailsBlock(blocks.StructBlock):
    """Extra detail most readers can skip, collapsed without JavaScript."""

    summary = blocks.CharBlock(max_length=150)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "list-ul"
        template = "blocks/details_block.html"


class LinkBlock(blocks.StructBlock):
    """A link to a page in the portal or, failing that, another website."""

    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, label="Or another website")
    title = blocks.CharBlock(required=False, max_length=150, help_text="Defaults to the page title")

    class Meta:
        icon = "link"
        template = "blocks/link_block.html"

    def clean(self, value):
        from django.core.exceptions import ValidationError

        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise ValidationError("Choose a page or enter a web address.")
        if value.get("url") and not value.get("title"):
            raise ValidationError("Give a title for a link to another website.")
        return value


RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul"]


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, icon="pilcrow", template="blocks/paragraph_block.html"
    )
    inset = InsetTextBlock()
    warning = WarningBlock()
    details = DetailsBlock()

    class Meta:
        template = "blocks/body_block.html"


def contents_from_body(body):
    """The (anchor, text) pairs of a body's headings, for a table of contents."""
    return [
        (block.block.get_anchor(block.value), block.value["text"])
        for block in body
        if block.block_type == "heading"
    ]
