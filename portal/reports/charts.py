"""Charts of a report's figures, drawn on the server as SVG.

Every chart is a horizontal bar chart (long labels and twenty years both stay readable on a
phone) with a <title> and <desc>, drawn with classes only: no script and no style attributes,
so it works under the portal's Content-Security-Policy (static/reports/charts.css styles it).
Series differ by pattern as well as colour (solid, hatched) and every bar carries its value as
text; a figure that was not published gets the words "not published", never a bar of zero.
The same numbers are in a table beside each chart. The PDF, which has no stylesheet for inline
SVG, gets the same CSS inside each chart.

Rendering is cached per revision: the key names the live revision of every report a chart
draws from (and a digest of what it draws), so a published change draws afresh and nothing
else does. Previews of drafts are drawn every time and never cached.
"""

import hashlib
import math
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import statistics as stats

CSS_FILE = Path(__file__).resolve().parent / "static" / "reports" / "charts.css"
CACHE_VERSION = 1

WIDTH = 460
LABEL_WIDTH = 100
VALUE_WIDTH = 135
BAR_HEIGHT = 20
SERIES_GAP = 4
ROW_GAP = 16
LEGEND_HEIGHT = 34
AXIS_HEIGHT = 34


class RenderStats:
    """How many charts were drawn (not served from the cache) in this process: the benchmark
    and the tests read it to show the cache works."""

    renders = 0


@dataclass(frozen=True)
class Series:
    name: str
    figures: list  # one ReportFigure (or None) per row
    pattern: int = 1  # 1 solid, 2 hatched
    comparisons: list = field(default_factory=list)  # Comparison per row, for the table


@dataclass
class Chart:
    id: str
    title: str
    rows: list  # row labels, top to bottom
    series: list
    kind: str = stats.COUNT
    row_heading: str = "Year"
    cache_key: str | None = None
    svg: str = field(default="", repr=False)

    @property
    def has_values(self):
        return any(stats.is_published(f) for s in self.series for f in s.figures)

    @property
    def headings(self):
        return [s.name for s in self.series]

    @property
    def table_rows(self):
        """[(label, [(shown value or None, comparison or None) per series])] for the table
        beside the chart."""
        return [
            (
                label,
                [
                    (stats.display_value(s.figures[i]), s.comparisons[i] if s.comparisons else None)
                    for s in self.series
                ],
            )
            for i, label in enumerate(self.rows)
        ]

    @property
    def description(self):
        """The chart in words, for its <desc>: every value, or 'not published'."""
        parts = []
        for label, cells in self.table_rows:
            values = [shown for shown, _ in cells]
            if len(self.series) == 1:
                parts.append(f"{label}: {values[0] or 'not published'}")
            else:
                shown = ", ".join(
                    f"{s.name} {v or 'not published'}"
                    for s, v in zip(self.series, values, strict=True)
                )
                parts.append(f"{label}: {shown}")
        kind = (
            "Bar chart"
            if len(self.series) == 1
            else "Bar chart comparing " + " and ".join(self.headings)
        )
        return f"{kind}. " + "; ".join(parts) + "."


# -- drawing ---------------------------------------------------------------------------------


def nice_scale(largest):
    """(top of the axis, step between ticks): round numbers, about four ticks."""
    if largest <= 0:
        return 1.0, 0.25
    raw = largest / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return step * math.ceil(largest / step), step


def _number(value, kind):
    return stats.format_number(Decimal(str(value)), kind)


def draw(chart, embed_css=False):
    """The chart as SVG markup."""
    RenderStats.renders += 1
    series_count = len(chart.series)
    row_height = series_count * BAR_HEIGHT + (series_count - 1) * SERIES_GAP + ROW_GAP
    top = LEGEND_HEIGHT if series_count > 1 else 8
    height = top + len(chart.rows) * row_height + AXIS_HEIGHT
    plot_x, plot_width = LABEL_WIDTH, WIDTH - LABEL_WIDTH - VALUE_WIDTH
    values = [float(f.value) for s in chart.series for f in s.figures if stats.is_published(f)]
    axis_top, step = nice_scale(max(values, default=0))
    hatch = f"{chart.id}-hatch"

    def x_for(value):
        return plot_x + plot_width * value / axis_top

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart__svg" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{chart.id}-title {chart.id}-desc" focusable="false">',
        f'<title id="{chart.id}-title">{escape(chart.title)}</title>',
        f'<desc id="{chart.id}-desc">{escape(chart.description)}</desc>',
    ]
    if embed_css:
        out.append(f"<style>{CSS_FILE.read_text(encoding='utf-8')}</style>")
    out.append(
        f'<defs><pattern id="{hatch}" patternUnits="userSpaceOnUse" width="8" height="8" '
        'patternTransform="rotate(45)"><rect class="app-chart__hatch-ground" width="8" '
        'height="8"/><line class="app-chart__hatch-line" x1="0" y1="0" x2="0" y2="8"/>'
        "</pattern></defs>"
    )

    def bar_attrs(pattern, bound=False):
        # A lower bound ("more than") gets a dashed outline as well as its words.
        classes = f"app-chart__bar app-chart__bar--{pattern}"
        if bound:
            classes += " app-chart__bar--bound"
        fill = f' fill="url(#{hatch})"' if pattern == 2 else ""
        return f'class="{classes}"{fill}'

    if series_count > 1:
        x = plot_x
        for s in chart.series:
            out.append(
                f'<rect {bar_attrs(s.pattern)} x="{x}" y="6" width="18" height="18"/>'
                f'<text class="app-chart__legend" x="{x + 24}" y="20">{escape(s.name)}</text>'
            )
            x += 24 + 9 * len(s.name) + 24
    plot_bottom = top + len(chart.rows) * row_height
    tick = 0.0
    while tick <= axis_top + step / 2:
        tx = x_for(tick)
        out.append(
            f'<line class="app-chart__grid" x1="{tx:.1f}" y1="{top}" x2="{tx:.1f}" '
            f'y2="{plot_bottom}"/><text class="app-chart__tick" x="{tx:.1f}" '
            f'y="{plot_bottom + 20}" text-anchor="middle">{_number(tick, chart.kind)}</text>'
        )
        tick += step
    for row, label in enumerate(chart.rows):
        y = top + row * row_height + ROW_GAP / 2
        label_y = y + (row_height - ROW_GAP) / 2 + 5
        out.append(
            f'<text class="app-chart__label" x="{plot_x - 10}" y="{label_y:.1f}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        for s in chart.series:
            figure = s.figures[row]
            text_y = y + BAR_HEIGHT / 2 + 5
            if not stats.is_published(figure):
                out.append(
                    f'<text class="app-chart__value app-chart__value--missing" x="{plot_x + 6}" '
                    f'y="{text_y:.1f}">not published</text>'
                )
            else:
                end = x_for(float(figure.value))
                out.append(
                    f"<rect {bar_attrs(s.pattern, figure.qualifier == stats.AT_LEAST)} "
                    f'x="{plot_x}" y="{y:.1f}" width="{max(end - plot_x, 1):.1f}" '
                    f'height="{BAR_HEIGHT}"/>'
                )
                out.append(
                    f'<text class="app-chart__value" x="{end + 6:.1f}" y="{text_y:.1f}">'
                    f"{escape(stats.display_value(figure))}</text>"
                )
            y += BAR_HEIGHT + SERIES_GAP
    out.append(
        f'<line class="app-chart__axis" x1="{plot_x}" y1="{top}" x2="{plot_x}" y2="{plot_bottom}"/>'
    )
    out.append("</svg>")
    return "".join(out)


def content_digest(chart):
    """What the chart draws, so a cached drawing can only ever be of these very figures."""
    spec = [
        chart.title,
        chart.kind,
        chart.rows,
        [
            (
                s.name,
                s.pattern,
                [None if f is None else (str(f.value), f.qualifier) for f in s.figures],
            )
            for s in chart.series
        ],
    ]
    return hashlib.sha256(repr(spec).encode()).hexdigest()[:32]


def rendered(chart, embed_css=False):
    """The chart with its SVG drawn, or taken from the cache when its key is known."""
    if chart.cache_key is None:
        chart.svg = mark_safe(draw(chart, embed_css))
        return chart
    key = (
        f"reports:chart:{CACHE_VERSION}:{'pdf' if embed_css else 'web'}:{chart.cache_key}:"
        f"{content_digest(chart)}"
    )
    svg = cache.get(key)
    if svg is None:
        svg = draw(chart, embed_css)
        cache.set(key, svg, settings.PORTAL_REPORT_CHART_CACHE_SECONDS)
    chart.svg = mark_safe(svg)
    return chart


# -- the charts of a report and of the index --------------------------------------------------


def revision_key(request, reports, name):
    """A cache key naming each report's live revision, or None when any has none (a preview)."""
    if getattr(request, "is_preview", False):
        return None
    revisions = [(r.pk, r.live_revision_id) for r in reports]
    if not revisions or any(rev is None for _, rev in revisions):
        return None
    digest = hashlib.sha256(repr(sorted(revisions)).encode()).hexdigest()[:32]
    return f"{name}:{digest}"


def breakdown_chart(request, report, book, keys, name, what, embed_css=False):
    metrics = [stats.METRIC_BY_KEY[key] for key in keys]
    chart = Chart(
        id=f"chart-{name}",
        title=(
            f"People managed under MAPPA in {report.area} on "
            f"{stats.snapshot_date(report.year_start):%-d %B %Y}, by {what}"
        ),
        rows=[m.short for m in metrics],
        row_heading=what.capitalize(),
        series=[
            Series(
                report.area,
                [book.figure(report.year_start, stats.AREA, m.key) for m in metrics],
                comparisons=[
                    book.cell(report.year_start, stats.AREA, m.key).comparison for m in metrics
                ],
            )
        ],
        cache_key=revision_key(request, [report], name),
    )
    return rendered(chart, embed_css)


def trend_chart(request, book, area, metric_key, name, up_to=None, national=False, embed_css=False):
    """One measure across the years of the reports in the book, oldest at the top."""
    metric = stats.METRIC_BY_KEY[metric_key]
    years = [year for year in book.years if up_to is None or year <= up_to]

    def series_for(name, scope, pattern):
        return Series(
            name,
            [book.figure(y, scope, metric_key) for y in years],
            pattern,
            [book.cell(y, scope, metric_key).comparison for y in years],
        )

    series = [series_for(area, stats.AREA, 1)]
    if national:
        series.append(series_for(stats.NATIONAL_NAME, stats.NATIONAL, 2))
    chart = Chart(
        id=f"chart-{name}",
        title=f"{metric.label}, {area}{' and England and Wales' if national else ''}, by year",
        rows=[stats.year_label(y) for y in years],
        series=series,
        kind=metric.kind,
        cache_key=revision_key(request, [book.by_year[y].report for y in years], name),
    )
    return rendered(chart, embed_css)


def report_charts(request, report, book, embed_css=False):
    """Categories, levels and the trends up to the report's year."""
    return {
        "categories": breakdown_chart(
            request, report, book, stats.CATEGORY_KEYS, "categories", "category", embed_css
        ),
        "levels": breakdown_chart(
            request, report, book, stats.LEVEL_KEYS, "levels", "level of management", embed_css
        ),
        "trend": trend_chart(
            request,
            book,
            report.area,
            stats.REPORT_TREND_METRIC,
            "trend",
            up_to=report.year_start,
            embed_css=embed_css,
        ),
        "rate_trend": trend_chart(
            request,
            book,
            report.area,
            "rso_rate_per_100k",
            "rate-trend",
            up_to=report.year_start,
            national=True,
            embed_css=embed_css,
        ),
    }


def index_charts(request, book, area):
    """The year-on-year trends the index shows for an area."""
    slug = area.lower().replace(" ", "-")
    return [
        trend_chart(
            request,
            book,
            area,
            key,
            f"{slug}-{key.replace('_', '-')}",
            national=stats.METRIC_BY_KEY[key].kind == stats.RATE,
        )
        for key in stats.TREND_METRICS
    ]
