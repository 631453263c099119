"""How a report's figures appear in the read API (/api/v2/pages/?type=reports.AnnualReportPage)."""

from rest_framework import serializers

from . import statistics as stats


def figure_data(figure, area):
    return {
        "scope": figure.scope,
        "figure_for": stats.scope_name(figure.scope, area),
        "metric": figure.metric,
        "label": stats.METRIC_BY_KEY[figure.metric].label
        if figure.metric in stats.METRIC_BY_KEY
        else figure.metric,
        "value": float(figure.value) if figure.value is not None else None,
        "qualifier": figure.qualifier if figure.value is not None else None,
        "shown_as": stats.display_value(figure) or stats.NOT_PUBLISHED,
        "status": stats.PUBLISHED if stats.is_published(figure) else stats.NOT_PUBLISHED,
        "comparable_with_previous_year": figure.comparable,
        "source": figure.source_title,
        "source_url": figure.source_url,
        "note": figure.note,
    }


class FiguresField(serializers.Field):
    """Every figure the report gives, in the order of its tables; not published ones have a
    null value and the status "not published"."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, report):
        return [figure_data(f, report.area) for f in stats.in_table_order(report.figures.all())]


class DownloadsField(serializers.Field):
    """Absolute addresses of the report's figures as CSV and the whole report as PDF."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, report):
        request = self.context.get("request")

        def absolute(url):
            return request.build_absolute_uri(url) if request is not None and url else url

        return {
            "figures_csv": absolute(report.figures_csv_url(request)),
            "pdf": absolute(report.pdf_url(request)),
        }
