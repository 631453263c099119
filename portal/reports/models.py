"""Annual reports of the MAPPA Strategic Management Board: one per area and reporting year.

A report's figures are child rows of the page (ReportFigure, edited inline), so each revision
keeps the figures it was approved with. Everything derived from them lives in statistics.py
and charts.py; the page asks those modules and stays thin.
"""

import csv
import functools
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index
from wagtail.url_routing import RouteResult

from portal.core.models import BasePage, SpecificChildRouteMixin
from portal.core.serializers import ContactSerializer

from . import statistics as stats
from .forms import AnnualReportPageForm
from .serializers import DownloadsField, FiguresField

DATA = Path(__file__).resolve().parent / "data"
CSV_NAME = "data.csv"
NARRATIVE_FEATURES = ["h3", "bold", "italic", "link", "ol", "ul"]
# (field, heading, anchor): the narrative sections, in the order a report prints them; the
# figures come after the first two.
BEFORE_FIGURES = 2
NARRATIVE = [
    ("chair_foreword", "Chair's foreword", "chairs-foreword"),
    ("years_work", "The year's work", "the-years-work"),
    ("lay_advisers_view", "Lay advisers' view", "lay-advisers-view"),
    ("serious_case_reviews", "MAPPA Serious Case Reviews", "serious-case-reviews"),
    ("business_plan", "Business plan priorities", "business-plan-priorities"),
]
ANCHORS_BEFORE_FIGURES = {anchor for _, _, anchor in NARRATIVE[:BEFORE_FIGURES]}


@functools.cache
def area_choices():
    """The 42 MAPPA areas of England and Wales (data/areas.csv)."""
    with (DATA / "areas.csv").open(newline="", encoding="utf-8") as handle:
        return [(row["mappa_area"], row["mappa_area"]) for row in csv.DictReader(handle)]


class FigureValueField(models.DecimalField):
    """A published figure: a number of at most one decimal place, never negative; its form
    field explains a wrong entry in words."""

    def formfield(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": (
                    "Enter the figure as a number, such as 846 or 122.5, without words, commas or "
                    "symbols. Use “How exact” to say it is rounded or a lower bound."
                ),
                "max_decimal_places": "Give the figure to at most one decimal place.",
                "max_digits": "That number is too long to be a MAPPA figure: check it.",
                "max_whole_digits": "That number is too long to be a MAPPA figure: check it.",
            },
        )
        return super().formfield(**kwargs)


class ReportFigure(Orderable):
    """One figure of a report: for its area or for England and Wales, with its source."""

    page = ParentalKey("reports.AnnualReportPage", on_delete=models.CASCADE, related_name="figures")
    scope = models.CharField(
        "figure for", max_length=10, choices=stats.SCOPE_CHOICES, default=stats.AREA
    )
    metric = models.CharField("measure", max_length=40, choices=stats.METRIC_CHOICES)
    value = FigureValueField(
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=stats.negative_message())],
        help_text="Leave empty if the figure was not published: it is shown as “not published”, "
        "never as 0.",
    )
    qualifier = models.CharField(
        "how exact", max_length=10, choices=stats.QUALIFIER_CHOICES, default=stats.EXACT
    )
    comparable = models.BooleanField(
        "comparable with the year before",
        default=True,
        help_text="Untick when the way this figure is counted changed this year: no "
        "year-on-year change is then worked out.",
    )
    source_title = models.CharField(
        "source",
        max_length=200,
        blank=True,
        help_text="Who published it, such as “Ministry of Justice, MAPPA annual report 2019/20”",
    )
    source_url = models.URLField("source address", max_length=500, blank=True)
    note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Anything a reader should know, such as a change in how it is counted",
    )

    panels = [
        FieldRowPanel([FieldPanel("scope"), FieldPanel("metric")]),
        FieldRowPanel([FieldPanel("value"), FieldPanel("qualifier")]),
        FieldPanel("comparable"),
        FieldRowPanel([FieldPanel("source_title"), FieldPanel("source_url")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "figure"

    def __str__(self):
        shown = stats.display_value(self) or stats.NOT_PUBLISHED
        return f"{self.get_metric_display()}: {shown}"

    @property
    def status(self):
        return stats.PUBLISHED if stats.is_published(self) else stats.NOT_PUBLISHED

    @property
    def shown(self):
        return stats.display_value(self)


class AnnualReportIndexPage(SpecificChildRouteMixin, RoutablePageMixin, BasePage):
    """/annual-reports/: every published report, and the trends across them; feed/ is the
    Atom feed of new reports."""

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["reports.AnnualReportPage"]
    max_count = 1
    search_kind = "report"

    class Meta:
        verbose_name = "annual report index page"

    def child_model(self):
        return AnnualReportPage

    def get_context(self, request, *args, **kwargs):
        from .charts import index_charts

        context = super().get_context(request, *args, **kwargs)
        books = stats.books_for(request, index=self)
        context["reports"] = sorted(
            (entry.report for book in books.values() for entry in book.by_year.values()),
            key=lambda report: (-report.year_start, report.area),
        )
        context["areas"] = [
            {"name": area, "charts": index_charts(request, book, area)}
            for area, book in sorted(books.items())
        ]
        context["feed_url"] = self.get_url(request) + self.reverse_subpage("feed")
        return context

    def route(self, request, path_components):
        # feed/ is the index's own route, not a report: ask the routes before the children.
        if path_components == ["feed"]:
            return RoutablePageMixin.route(self, request, path_components)
        return super().route(request, path_components)

    @path("feed/", name="feed")
    def feed(self, request):
        from .feeds import AnnualReportsFeed

        return AnnualReportsFeed()(request, index=self)


class AnnualReportPage(RoutablePageMixin, BasePage):
    """An SMB's annual report: its figures with their sources, charts, and the narrative."""

    # No model default: a callable default would make the admin see a change on every save.
    area = models.CharField("MAPPA area", max_length=60, choices=area_choices, db_index=True)
    year_start = models.PositiveSmallIntegerField(
        "reporting year",
        choices=stats.year_choices,
        validators=[MinValueValidator(stats.FIRST_YEAR), MaxValueValidator(2100)],
        help_text="From 1 April to 31 March. The figures are counted on 31 March, the last day "
        "of the year.",
    )
    chair_foreword = RichTextField("chair's foreword", features=NARRATIVE_FEATURES, blank=True)
    years_work = RichTextField("the year's work", features=NARRATIVE_FEATURES, blank=True)
    lay_advisers_view = RichTextField("lay advisers' view", features=NARRATIVE_FEATURES, blank=True)
    serious_case_reviews = RichTextField(
        "MAPPA Serious Case Reviews", features=NARRATIVE_FEATURES, blank=True
    )
    business_plan = RichTextField(
        "business plan priorities", features=NARRATIVE_FEATURES, blank=True
    )
    contacts = ParentalManyToManyField(
        "core.Contact",
        blank=True,
        related_name="annual_reports",
        help_text="Who readers can contact about MAPPA in the area",
    )

    base_form_class = AnnualReportPageForm
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("area"), FieldPanel("year_start")]),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel(name) for name, _, _ in NARRATIVE],
            heading="The report",
        ),
        InlinePanel(
            "figures",
            heading="Figures",
            label="Figure",
            help_text=(
                "The area's figures and the England and Wales figure for the same year, each "
                "with its source. Leave a value empty if it was not published. Year-on-year "
                "changes and charts are worked out from these."
            ),
        ),
        FieldPanel("contacts", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *BasePage.search_fields,
        *[index.SearchField(name) for name, _, _ in NARRATIVE],
        index.FilterField("area"),
        index.FilterField("year_start"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("area"),
        APIField("year_start"),
        APIField("reporting_year"),
        APIField("snapshot_date"),
        *[APIField(name) for name, _, _ in NARRATIVE],
        APIField("figures", serializer=FiguresField()),
        APIField("contacts", serializer=ContactSerializer(many=True)),
        APIField("downloads", serializer=DownloadsField()),
    ]

    parent_page_types = ["reports.AnnualReportIndexPage"]
    subpage_types = []
    search_kind = "report"

    class Meta:
        verbose_name = "annual report"
        permissions = [
            ("view_report_audit", "Can see who drafted, approved and published annual reports"),
        ]

    def __str__(self):
        return self.title

    # --- what templates and services ask ----------------------------------------------------

    @property
    def reporting_year(self):
        return stats.year_label(self.year_start) if self.year_start else ""

    @property
    def snapshot_date(self):
        return stats.snapshot_date(self.year_start) if self.year_start else None

    @property
    def previous_year(self):
        return stats.year_label(self.year_start - 1) if self.year_start else ""

    @property
    def period(self):
        """'1 April 2019 to 31 March 2020'."""
        return (
            f"1 April {self.year_start} to 31 March {self.year_start + 1}"
            if self.year_start
            else ""
        )

    def narrative(self):
        """[(anchor, heading, rich text)] of the sections that have text, in print order."""
        return [
            (anchor, heading, getattr(self, name))
            for name, heading, anchor in NARRATIVE
            if (getattr(self, name) or "").strip()
        ]

    def contents(self, narrative, has_contacts):
        """[(anchor, heading)] for the contents list, in the order the report prints them."""
        figures = ("figures", f"Figures for {self.reporting_year}")
        before = [(a, h) for a, h, _ in narrative if a in ANCHORS_BEFORE_FIGURES]
        after = [(a, h) for a, h, _ in narrative if a not in ANCHORS_BEFORE_FIGURES]
        return [
            *before,
            figures,
            *after,
            *([("contacts", "Contacts")] if has_contacts else []),
            ("sources", "Sources and notes"),
        ]

    def figure_inputs(self):
        return [
            stats.FigureInput(i, f.scope, f.metric, f.value, f.qualifier, f.source_url)
            for i, f in enumerate(self.figures.all())
        ]

    def figures_csv_url(self, request=None):
        url = self.get_url(request)
        return f"{url}{CSV_NAME}" if url else None

    def pdf_url(self, request=None):
        url = self.get_url(request)
        return f"{url}{self.reverse_subpage('pdf')}" if url else None

    # --- validation -------------------------------------------------------------------------

    def clean(self):
        super().clean()
        if self.area and self.year_start:
            other = (
                AnnualReportPage.objects.filter(area=self.area, year_start=self.year_start)
                .exclude(pk=self.pk)
                .only("id", "title")
                .first()
            )
            if other is not None:
                raise ValidationError(
                    {
                        "year_start": (
                            f"There is already a report for {self.area} for {self.reporting_year}: "
                            f"“{other.title}”. Each area publishes one report a year: edit that "
                            "report, or choose another year."
                        )
                    }
                )

    def publication_problems(self):
        """What stops this revision being approved (the SMB sign-off asks)."""
        return [p.message for p in stats.figure_problems(self.figure_inputs(), self.area)]

    # --- search contract (search/ reads these) ---------------------------------------------

    def search_sections(self):
        sections = [
            {"anchor": anchor, "heading": heading, "text": get_text_for_indexing(text)}
            for anchor, heading, text in self.narrative()
        ]
        published = [
            f"{stats.scope_name(f.scope, self.area)}: {f.get_metric_display()} "
            f"{stats.display_value(f)}"
            for f in self.figures.all()
            if stats.is_published(f)
        ]
        if published:
            sections.append(
                {
                    "anchor": "figures",
                    "heading": f"Figures for {self.reporting_year}",
                    "text": ". ".join(published),
                }
            )
        return sections

    def search_context_label(self):
        return f"Annual report {self.reporting_year}, {self.area}"

    def search_agencies(self):
        return []

    # --- public routes -----------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        from .charts import report_charts

        context = super().get_context(request, *args, **kwargs)
        book = stats.book_for(request, self)
        context["figure_groups"] = book.table(self.year_start)
        context["charts"] = report_charts(request, self, book)
        narrative = self.narrative()
        context["narrative_before"] = [s for s in narrative if s[0] in ANCHORS_BEFORE_FIGURES]
        context["narrative_after"] = [s for s in narrative if s[0] not in ANCHORS_BEFORE_FIGURES]
        context["contacts"] = list(self.contacts.all())
        context["contents"] = self.contents(narrative, bool(context["contacts"]))
        context["sources"] = stats.in_table_order(
            f for f in book.figures_of(self.year_start) if stats.is_published(f)
        )
        context["csv_url"] = self.figures_csv_url(request)
        context["pdf_url"] = self.pdf_url(request)
        return context

    def route(self, request, path_components):
        # data.csv is a file name, not a folder: Wagtail's own routes all end in a slash.
        if self.live and path_components == [CSV_NAME]:
            return RouteResult(self, args=(self.figures_csv, (), {}))
        return super().route(request, path_components)

    def figures_csv(self, request):
        from .views import figures_csv

        return figures_csv(request, self)

    @path("pdf/", name="pdf")
    def pdf(self, request):
        from .pdf import report_pdf_response

        return report_pdf_response(request, self)
