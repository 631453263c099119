"""Thin views behind a report's files: its figures as CSV."""

import csv

from django.http import HttpResponse

from portal.core.spreadsheets import spreadsheet_safe

from . import statistics as stats


# Spreadsheets run a cell starting with one of these as a formula: such text is kept as text.
def figures_csv(request, report):
    """<report>/data.csv: every measure of the report, one row per figure."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report.slug}-figures.csv"'
    writer = csv.DictWriter(response, fieldnames=stats.CSV_COLUMNS)
    writer.writeheader()
    for row in stats.csv_rows(report.area, report.year_start, report.figures.all()):
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    return response
