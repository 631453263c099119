"""Year-on-year changes and the checks on figures are worked out, never typed: the arithmetic,
including years with no report, figures not published, bounds and rounded figures."""

from decimal import Decimal

import pytest

from portal.reports import statistics as stats
from tests.factories import figure, national

pytestmark = pytest.mark.django_db


def book(*years):
    """A FigureBook from (year, [figures]) pairs, as the pages build one from the database."""
    return stats.FigureBook(
        [
            stats.ReportYear(report=None, year=year, figures={(f.scope, f.metric): f for f in figs})
            for year, figs in years
        ]
    )


@pytest.mark.parametrize(
    "before, now, text, direction",
    [
        (798, 846, "up 6% on 2018/19", "up"),
        (846, 798, "down 6% on 2018/19", "down"),
        (100, 102, "up 2% on 2018/19", "up"),
        (1000, 1004, "up less than 1% on 2018/19", "up"),
        (1000, 996, "down less than 1% on 2018/19", "down"),
        (122, 122, "no change on 2018/19", "same"),
        (0, 5, "up from 0 in 2018/19", "up"),
        (200, 100, "down 50% on 2018/19", "down"),
        (8, 9, "up 13% on 2018/19", "up"),  # 12.5% rounds half up
    ],
    ids=[
        "up-6",
        "down-6",
        "up-2",
        "up-under-1",
        "down-under-1",
        "same",
        "from-zero",
        "halved",
        "half-rounds-up",
    ],
)
def test_the_change_on_the_year_before(before, now, text, direction):
    result = stats.compare(figure("category_1", now), figure("category_1", before), 2019)
    assert (result.text, result.direction) == (text, direction)


def test_percentages_are_worked_out_from_the_figures():
    result = stats.compare(figure("category_1", 66741), figure("category_1", 64300), 2021)
    assert result.percent == Decimal("4")
    assert result.previous_display == "64,300"


def test_no_comparison_when_either_year_is_not_published():
    assert stats.compare(figure("category_1", 846), None, 2019).text == (
        "no comparison: not published in 2018/19"
    )
    assert stats.compare(figure("category_1", 846), figure("category_1"), 2019).text == (
        "no comparison: not published in 2018/19"
    )
    assert stats.compare(figure("category_1"), figure("category_1", 798), 2019).text == (
        "no comparison: not published in 2019/20"
    )
    assert stats.compare(None, None, 2020).direction == "none"


def test_a_missing_year_in_between_is_never_skipped_over():
    # Reports for 2018/19 and 2020/21 only: 2020/21 is not compared with 2018/19.
    figures = book(
        (2018, [figure("category_1", 798)]),
        (2020, [figure("category_1", 900)]),
    )
    assert figures.cell(2020, stats.AREA, "category_1").comparison.text == (
        "no comparison: not published in 2019/20"
    )
    assert figures.cell(2018, stats.AREA, "category_1").comparison.text == (
        "no comparison: not published in 2017/18"
    )


def test_lower_bounds_and_counting_changes_are_not_compared_rounded_figures_are_approximate():
    bound = figure("category_1", 60000, qualifier=stats.AT_LEAST)
    assert stats.compare(figure("category_1", 62435), bound, 2019).text == (
        "no comparison: only a lower bound was published for 2018/19"
    )
    assert stats.compare(bound, figure("category_1", 59000), 2019).text == (
        "no comparison: only a lower bound was published for 2019/20"
    )
    rounded = figure("category_1", 64300, qualifier=stats.ROUNDED)
    assert stats.compare(figure("category_1", 66741), rounded, 2021).text == (
        "up about 4% on 2020/21"
    )
    recounted = figure("total_eligible", 39492, comparable=False)
    assert stats.compare(recounted, figure("total_eligible", 52809), 2003).text == (
        "no comparison: counted differently from 2002/03"
    )


def test_area_and_national_figures_are_compared_separately():
    figures = book(
        (2018, [figure("category_1", 798), national("total_eligible", 82921)]),
        (2019, [figure("category_1", 846), national("total_eligible", 85709)]),
    )
    assert figures.cell(2019, stats.NATIONAL, "total_eligible").comparison.text == (
        "up 3% on 2018/19"
    )
    assert figures.cell(2019, stats.AREA, "total_eligible").comparison.text == (
        "no comparison: not published in 2019/20"
    )
    assert figures.cell(2019, stats.NATIONAL, "category_1").display is None


@pytest.mark.parametrize(
    "value, qualifier, kind, shown",
    [
        (846, stats.EXACT, stats.COUNT, "846"),
        (62435, stats.EXACT, stats.COUNT, "62,435"),
        (64300, stats.ROUNDED, stats.COUNT, "about 64,300"),
        (60000, stats.AT_LEAST, stats.COUNT, "more than 60,000"),
        (Decimal("122.5"), stats.EXACT, stats.RATE, "122.5"),
        (122, stats.EXACT, stats.RATE, "122"),
        (0, stats.EXACT, stats.COUNT, "0"),
    ],
)
def test_how_figures_are_shown(value, qualifier, kind, shown):
    metric = "rso_rate_per_100k" if kind == stats.RATE else "category_1"
    assert stats.display_value(figure(metric, value, qualifier=qualifier)) == shown


def test_a_figure_not_published_is_never_shown_as_zero():
    assert stats.display_value(figure("category_2")) is None
    assert stats.display_value(None) is None
    assert figure("category_2").status == stats.NOT_PUBLISHED
    assert figure("category_2", 0).status == stats.PUBLISHED


def test_reporting_years():
    assert stats.year_label(2019) == "2019/20"
    assert stats.year_label(1999) == "1999/00"
    assert stats.parse_year_label("2022/23") == 2022
    assert str(stats.snapshot_date(2022)) == "2023-03-31"
    for bad in ["2022/24", "22/23", "2022-23", "abcd/ef", ""]:
        with pytest.raises(ValueError):
            stats.parse_year_label(bad)


def inputs(*figures):
    return [
        stats.FigureInput(i, f.scope, f.metric, f.value, f.qualifier, f.source_url)
        for i, f in enumerate(figures)
    ]


def test_a_breakdown_may_not_exceed_its_exact_total():
    problems = stats.figure_problems(
        inputs(
            figure("total_eligible", 1000),
            figure("category_1", 800),
            figure("category_2", 300),
        ),
        "Dorset",
    )
    assert [(p.key, p.field) for p in problems] == [(0, "value")]
    assert "Categories 1 to 4 for Dorset add up to 1,100, more than this total of 1,000" in (
        problems[0].message
    )
    # Levels are checked too; a rounded total or rounded parts are not held to the sum.
    assert stats.figure_problems(inputs(figure("total_eligible", 10), figure("level_1", 11)))
    assert not stats.figure_problems(
        inputs(
            figure("total_eligible", 68000, qualifier=stats.ROUNDED), figure("category_1", 69000)
        )
    )
    assert not stats.figure_problems(
        inputs(
            figure("total_eligible", 1000),
            figure("category_1", 1000),
            figure("category_2"),
        )
    )


def test_other_checks_on_figures():
    problems = stats.figure_problems(
        inputs(
            figure("category_1", Decimal("10.5")),
            figure("level_1", 5, source_url=""),
            figure("level_1", 6),
            figure("rso_rate_per_100k", Decimal("122.5")),
            figure("category_2"),
        )
    )
    assert [(p.key, p.field) for p in problems] == [
        (0, "value"),
        (1, "source_url"),
        (2, "metric"),
    ]
    assert "whole number" in problems[0].message
    assert "already given" in problems[2].message
