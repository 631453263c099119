"""Blocks of a training module: lessons that may cite guidance sections, and the question bank.

Every block in a StreamField or ListBlock keeps a stable id, so an attempt can name the
questions and options it asked even after the bank is edited.
"""

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

LESSON_RICH_TEXT = ["h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul"]


class GuidanceCitationBlock(blocks.StructBlock):
    """A guidance document this lesson teaches, and optionally the section of it."""

    document = blocks.PageChooserBlock(page_type="guidance.GuidancePage")
    section = blocks.CharBlock(
        required=False,
        max_length=80,
        help_text="The section's permanent link name (its anchor), such as 'mappa-levels'.",
    )

    class Meta:
        icon = "link"
        label = "Guidance cited"


class LessonBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=150)
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        help_text="Permanent link name for this lesson, set when it is first saved.",
    )
    body = blocks.RichTextBlock(features=LESSON_RICH_TEXT)
    cites = blocks.ListBlock(GuidanceCitationBlock(), default=[], min_num=0, label="Guidance cited")

    class Meta:
        icon = "doc-full"
        label = "Lesson"


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300)
    correct = blocks.BooleanBlock(required=False, help_text="Tick every correct option.")

    class Meta:
        icon = "tick"
        label = "Option"


class QuestionBlock(blocks.StructBlock):
    """One question of the bank: one or several correct options, and why."""

    question = blocks.TextBlock(max_length=600)
    options = blocks.ListBlock(OptionBlock(), min_num=2, max_num=8)
    explanation = blocks.TextBlock(
        max_length=1000, help_text="Shown to a learner who answered this question wrongly."
    )

    class Meta:
        icon = "help"
        label = "Question"

    def clean(self, value):
        value = super().clean(value)
        options = list(value["options"])
        if not any(option["correct"] for option in options):
            raise StructBlockValidationError(
                non_block_errors=[ValidationError("Tick at least one correct option.")]
            )
        if all(option["correct"] for option in options):
            raise StructBlockValidationError(
                non_block_errors=[
                    ValidationError(
                        "At least one option must be wrong, or the question tests nothing."
                    )
                ]
            )
        return value
