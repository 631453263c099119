"""The measures an annual report publishes, and everything the portal works out from them.

Figures are stored as the SMB gives them (ReportFigure rows, kept in the page's revisions). What a
reader sees beyond them is computed here, never typed: year-on-year changes ("up 6% on 2018/19"),
trends across reports, and the checks that a breakdown does not exceed its total. A figure with
no value is "not published": it is never shown, compared or charted as zero.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

AREA, NATIONAL = "area", "national"
SCOPE_CHOICES = [(AREA, "The report's area"), (NATIONAL, "England and Wales")]
NATIONAL_NAME = "England and Wales"

EXACT, ROUNDED, AT_LEAST = "exact", "rounded", "at_least"
QUALIFIER_CHOICES = [
    (EXACT, "Exact"),
    (ROUNDED, "Rounded in the source (shown as “about”)"),
    (AT_LEAST, "Only a lower bound is published (shown as “more than”)"),
]
PUBLISHED, NOT_PUBLISHED = "published", "not published"

COUNT, RATE = "count", "rate"


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    short: str
    group: str
    kind: str = COUNT


GROUPS = [
    ("people", "People managed under MAPPA"),
    ("sexual-offenders", "Registered sexual offenders"),
    ("serious-further-offences", "Serious further offences"),
    ("civil-orders", "Civil orders"),
    ("custody", "Returns to custody"),
]

METRICS = [
    Metric(
        "total_eligible", "MAPPA-eligible people in total", "All MAPPA-eligible people", "people"
    ),
    Metric("category_1", "Category 1: registered sexual offenders", "Category 1", "people"),
    Metric("category_2", "Category 2: violent offenders", "Category 2", "people"),
    Metric("category_3", "Category 3: other dangerous offenders", "Category 3", "people"),
    Metric("category_4", "Category 4: terrorist offenders", "Category 4", "people"),
    Metric("level_1", "Level 1: ordinary agency management", "Level 1", "people"),
    Metric("level_2", "Level 2: active multi-agency management", "Level 2", "people"),
    Metric("level_3", "Level 3: enhanced multi-agency management", "Level 3", "people"),
    Metric(
        "rso_rate_per_100k",
        "Registered sexual offenders per 100,000 population",
        "Per 100,000 population",
        "sexual-offenders",
        RATE,
    ),
    Metric(
        "rso_breach_notification",
        "Registered sexual offenders cautioned or convicted for breaching notification "
        "requirements",
        "Breaches of notification",
        "sexual-offenders",
    ),
    Metric(
        "serious_further_offences",
        "MAPPA offenders charged with a serious further offence",
        "Serious further offences",
        "serious-further-offences",
    ),
    Metric(
        "sexual_harm_prevention_orders",
        "Sexual harm prevention orders imposed",
        "Sexual harm prevention orders",
        "civil-orders",
    ),
    Metric(
        "sexual_risk_orders", "Sexual risk orders imposed", "Sexual risk orders", "civil-orders"
    ),
    Metric(
        "notification_orders", "Notification orders imposed", "Notification orders", "civil-orders"
    ),
    Metric(
        "foreign_travel_orders",
        "Foreign travel orders imposed",
        "Foreign travel orders",
        "civil-orders",
    ),
    Metric(
        "returns_to_custody",
        "Returned to custody for breach of licence",
        "Returns to custody",
        "custody",
    ),
]
METRIC_BY_KEY = {metric.key: metric for metric in METRICS}
METRIC_CHOICES = [(metric.key, metric.label) for metric in METRICS]
TOTAL = "total_eligible"
CATEGORY_KEYS = ["category_1", "category_2", "category_3", "category_4"]
LEVEL_KEYS = ["level_1", "level_2", "level_3"]
BREAKDOWNS = [(CATEGORY_KEYS, "Categories 1 to 4"), (LEVEL_KEYS, "Levels 1 to 3")]
# The measures the index follows across every published report, and the report page's trend.
TREND_METRICS = ["total_eligible", "category_1", "rso_rate_per_100k"]
REPORT_TREND_METRIC = "category_1"
FIRST_YEAR = 2001  # MAPPA began in April 2001


# -- years -----------------------------------------------------------------------------------


def year_label(start):
    """2019 -> '2019/20': the reporting year from 1 April to 31 March."""
    return f"{start}/{(start + 1) % 100:02d}"


def parse_year_label(text):
    """'2019/20' -> 2019; raises ValueError for anything else."""
    start, _, end = text.partition("/")
    if not (start.isdigit() and end.isdigit() and len(start) == 4 and len(end) == 2):
        raise ValueError(f"{text!r} is not a reporting year such as 2019/20")
    if (int(start) + 1) % 100 != int(end):
        raise ValueError(f"{text!r} does not run from one year to the next")
    return int(start)


def snapshot_date(start):
    """Figures are counted on 31 March, the last day of the reporting year."""
    return datetime.date(start + 1, 3, 31)


def year_choices():
    last = datetime.date.today().year
    return [(year, year_label(year)) for year in range(last, FIRST_YEAR - 1, -1)]


# -- showing a figure ------------------------------------------------------------------------


def is_published(figure):
    return figure is not None and figure.value is not None


def format_number(value, kind=COUNT):
    """846 -> '846', 64300 -> '64,300', 122.5 -> '122.5': counts whole, rates to one place."""
    value = Decimal(value)
    if kind == COUNT or value == value.to_integral_value():
        return f"{int(value.to_integral_value(ROUND_HALF_UP)):,}"
    return f"{value.quantize(Decimal('0.1'), ROUND_HALF_UP):,}"


def display_value(figure, metric=None):
    """The figure as readers see it ('about 64,300'), or None when it is not published."""
    if not is_published(figure):
        return None
    metric = metric or METRIC_BY_KEY[figure.metric]
    number = format_number(figure.value, metric.kind)
    if figure.qualifier == ROUNDED:
        return f"about {number}"
    if figure.qualifier == AT_LEAST:
        return f"more than {number}"
    return number


# -- year on year ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """How a figure compares with the same figure a year earlier, in words."""

    text: str
    direction: str  # "up", "down", "same" or "none" (no comparison possible)
    percent: Decimal | None = None
    previous_year: str = ""
    previous_display: str | None = None


def compare(current, previous, year, metric=None):
    """Compare a figure for the year starting `year` with the one for the year before.

    Either figure may be None (no report, or no row) or have no value (not published); both
    give "no comparison" and name the year missing, as does a change in how it was counted or
    a figure published only as a lower bound. A rounded figure gives an approximate change.
    """
    this_year, last_year = year_label(year), year_label(year - 1)
    if not is_published(current):
        return Comparison(f"no comparison: not published in {this_year}", "none", None, last_year)
    if not is_published(previous):
        return Comparison(f"no comparison: not published in {last_year}", "none", None, last_year)
    shown = display_value(previous, metric)
    if not getattr(current, "comparable", True):
        return Comparison(
            f"no comparison: counted differently from {last_year}", "none", None, last_year, shown
        )
    for figure, label in ((previous, last_year), (current, this_year)):
        if figure.qualifier == AT_LEAST:
            return Comparison(
                f"no comparison: only a lower bound was published for {label}",
                "none",
                None,
                last_year,
                shown,
            )
    now, before = Decimal(current.value), Decimal(previous.value)
    about = "about " if ROUNDED in (current.qualifier, previous.qualifier) else ""
    if now == before:
        return Comparison(f"no change on {last_year}", "same", Decimal(0), last_year, shown)
    direction = "up" if now > before else "down"
    if before == 0:
        return Comparison(f"up from 0 in {last_year}", "up", None, last_year, shown)
    percent = ((now - before) / before * 100).quantize(Decimal("1"), ROUND_HALF_UP)
    if percent == 0:
        if about:
            return Comparison(f"about the same as {last_year}", "same", percent, last_year, shown)
        return Comparison(
            f"{direction} less than 1% on {last_year}", direction, percent, last_year, shown
        )
    return Comparison(
        f"{direction} {about}{abs(percent)}% on {last_year}", direction, percent, last_year, shown
    )


# -- checks on what an editor enters ---------------------------------------------------------


@dataclass(frozen=True)
class FigureInput:
    """One figure as entered: `key` says where it came from (an inline form, a row number)."""

    key: object
    scope: str
    metric: str
    value: Decimal | None
    qualifier: str = EXACT
    source_url: str = ""


@dataclass(frozen=True)
class Problem:
    key: object
    field: str
    message: str


def scope_name(scope, area):
    return area if scope == AREA else NATIONAL_NAME


def figure_problems(figures, area="the area"):
    """What is wrong with a report's figures, each problem tied to a row and field.

    Negative values and words are refused by the fields themselves; this adds the checks that
    need the metric or other rows: whole counts, a source for every published figure, each
    figure given once, and no breakdown (categories, levels) exceeding an exact total.
    """
    problems, seen = [], {}
    for figure in figures:
        metric = METRIC_BY_KEY.get(figure.metric)
        if metric is None:
            continue
        where = scope_name(figure.scope, area)
        if (figure.scope, figure.metric) in seen:
            problems.append(
                Problem(
                    figure.key,
                    "metric",
                    (
                        f"{where}'s figure for “{metric.label}” is already given in this report. "
                        "Give each figure once: remove this row or choose another measure."
                    ),
                )
            )
            continue
        seen[(figure.scope, figure.metric)] = figure
        if figure.value is None:
            continue
        if figure.value < 0:
            problems.append(Problem(figure.key, "value", negative_message()))
        elif metric.kind == COUNT and figure.value != figure.value.to_integral_value():
            problems.append(
                Problem(
                    figure.key,
                    "value",
                    (
                        f"“{metric.label}” is a count of people or orders: enter a whole number, "
                        "such as 846."
                    ),
                )
            )
        if not (figure.source_url or "").strip():
            problems.append(
                Problem(
                    figure.key,
                    "source_url",
                    (
                        "Give the address of the publication this figure comes from, so readers can "
                        "check it. Leave the value empty if the figure was not published."
                    ),
                )
            )
    for scope in (AREA, NATIONAL):
        total = seen.get((scope, TOTAL))
        if not is_published(total) or total.qualifier != EXACT:
            continue
        for keys, name in BREAKDOWNS:
            parts = [seen.get((scope, key)) for key in keys]
            counted = [p for p in parts if is_published(p) and p.qualifier != ROUNDED]
            added = sum((Decimal(p.value) for p in counted), Decimal(0))
            if counted and added > total.value:
                problems.append(
                    Problem(
                        total.key,
                        "value",
                        (
                            f"{name} for {scope_name(scope, area)} add up to {format_number(added)}, "
                            f"more than this total of {format_number(total.value)} MAPPA-eligible "
                            "people. A breakdown cannot exceed its total: check both figures."
                        ),
                    )
                )
    return problems


def negative_message():
    return (
        "A figure cannot be negative. Enter 0 or more, or leave the value empty if the figure "
        "was not published."
    )


# -- the figures as a spreadsheet -------------------------------------------------------------

CSV_COLUMNS = [
    "figure_for",
    "scope",
    "year",
    "counted_on",
    "metric",
    "measure",
    "value",
    "qualifier",
    "status",
    "comparable_with_previous_year",
    "source",
    "source_url",
    "note",
]
QUALIFIER_WORDS = {EXACT: "exact", ROUNDED: "about", AT_LEAST: "more than"}


def plain_number(value):
    """846.0 -> '846', 122.5 -> '122.5': what a spreadsheet reads as the number."""
    value = Decimal(value)
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())


def csv_rows(area, year, figures):
    """One row per measure for the area and for England and Wales, stored figures as given
    and every other measure empty and "not published"."""
    stored = {(f.scope, f.metric): f for f in figures}
    rows = []
    for scope, _ in SCOPE_CHOICES:
        for metric in METRICS:
            figure = stored.get((scope, metric.key))
            published = is_published(figure)
            rows.append(
                {
                    "figure_for": scope_name(scope, area),
                    "scope": scope,
                    "year": year_label(year),
                    "counted_on": snapshot_date(year).isoformat(),
                    "metric": metric.key,
                    "measure": metric.label,
                    "value": plain_number(figure.value) if published else "",
                    "qualifier": QUALIFIER_WORDS.get(figure.qualifier, "") if published else "",
                    "status": PUBLISHED if published else NOT_PUBLISHED,
                    "comparable_with_previous_year": (
                        ("yes" if figure.comparable else "no") if published else ""
                    ),
                    "source": figure.source_title if figure else "",
                    "source_url": figure.source_url if figure else "",
                    "note": figure.note if figure else "",
                }
            )
    return rows


# -- an area's figures across its reports ----------------------------------------------------


@dataclass
class ReportYear:
    """One report's figures, by (scope, metric)."""

    report: object
    year: int
    figures: dict = field(default_factory=dict)

    def figure(self, scope, metric):
        return self.figures.get((scope, metric))


@dataclass(frozen=True)
class Cell:
    """A figure as a table shows it, with its comparison with the year before."""

    figure: object
    metric: Metric
    display: str | None
    comparison: Comparison

    @property
    def published(self):
        return self.display is not None


class FigureBook:
    """An area's reports by year (only those the reader may read), for comparisons and trends."""

    def __init__(self, report_years):
        self.by_year = {entry.year: entry for entry in report_years}

    @property
    def years(self):
        return sorted(self.by_year)

    def figure(self, year, scope, metric):
        entry = self.by_year.get(year)
        return entry.figure(scope, metric) if entry else None

    def figures_of(self, year):
        entry = self.by_year.get(year)
        return list(entry.figures.values()) if entry else []

    def cell(self, year, scope, metric_key):
        metric = METRIC_BY_KEY[metric_key]
        current = self.figure(year, scope, metric_key)
        return Cell(
            figure=current,
            metric=metric,
            display=display_value(current, metric),
            comparison=compare(current, self.figure(year - 1, scope, metric_key), year, metric),
        )

    def table(self, year):
        """The report's figures grouped as its tables show them: area and national side by side."""
        groups = []
        for key, title in GROUPS:
            rows = [
                {
                    "metric": metric,
                    "area": self.cell(year, AREA, metric.key),
                    "national": self.cell(year, NATIONAL, metric.key),
                }
                for metric in METRICS
                if metric.group == key
            ]
            groups.append({"key": key, "title": title, "rows": rows})
        return groups

    def series(self, scope, metric_key, up_to=None):
        """[(year, figure or None)] for every report year, oldest first, up to `up_to`."""
        return [
            (year, self.figure(year, scope, metric_key))
            for year in self.years
            if up_to is None or year <= up_to
        ]

    def trend_rows(self, metric_key, up_to=None):
        """Each report year with the area's and the national figure and their comparisons."""
        return [
            {
                "year": year,
                "label": year_label(year),
                "report": self.by_year[year].report,
                "area": self.cell(year, AREA, metric_key),
                "national": self.cell(year, NATIONAL, metric_key),
            }
            for year in self.years
            if up_to is None or year <= up_to
        ]


def in_table_order(figures):
    """Area figures first, then national, each in the order the tables list the measures."""
    order = {metric.key: n for n, metric in enumerate(METRICS)}
    return sorted(figures, key=lambda f: (f.scope != AREA, order.get(f.metric, len(order))))


def group_figures(figures):
    """{page id: {(scope, metric): figure}} from ReportFigure rows."""
    grouped = defaultdict(dict)
    for figure in figures:
        grouped[figure.page_id][(figure.scope, figure.metric)] = figure
    return grouped


def readable_reports(request, area=None, index=None):
    """The live reports this request may read, oldest first (one query)."""
    from portal.core.visibility import readable_pages

    from .models import AnnualReportPage

    reports = AnnualReportPage.objects.all()
    if index is not None:
        reports = reports.child_of(index)
    if area is not None:
        reports = reports.filter(area=area)
    return (
        readable_pages(request, reports)
        .order_by("area", "year_start")
        .only(
            "id",
            "title",
            "slug",
            "url_path",
            "path",
            "depth",
            "area",
            "year_start",
            "intro",
            "live_revision_id",
            "first_published_at",
            "last_published_at",
            "live",
        )
    )


def books_for(request, index=None, area=None, current=None):
    """{area: FigureBook} of the reports this request may read (two queries).

    `current` is the report being shown: a preview of a draft takes its own (unsaved) figures
    and stands in for the live version of itself.
    """
    from .models import ReportFigure

    reports = list(readable_reports(request, area=area, index=index))
    previewing = current is not None and getattr(request, "is_preview", False)
    if previewing:
        reports = [
            r
            for r in reports
            if r.pk != current.pk
            and not (r.area == current.area and r.year_start == current.year_start)
        ]
    stored = group_figures(
        ReportFigure.objects.filter(page_id__in=[r.pk for r in reports]).order_by("sort_order")
    )
    by_area = defaultdict(list)
    for report in reports:
        by_area[report.area].append(
            ReportYear(report, report.year_start, stored.get(report.pk, {}))
        )
    if current is not None and (previewing or not any(r.pk == current.pk for r in reports)):
        own = {(f.scope, f.metric): f for f in current.figures.all()}
        by_area[current.area].append(ReportYear(current, current.year_start, own))
    return {name: FigureBook(entries) for name, entries in by_area.items()}


def book_for(request, report):
    """The FigureBook of a report's own area, with the report in it."""
    return books_for(request, area=report.area, current=report)[report.area]
