"""The whole annual report as a PDF for those who print it, made on the server with WeasyPrint.

The same tables and charts as the page (each chart carries its own stylesheet, as WeasyPrint
applies none to inline SVG), real text throughout, tagged PDF/UA so screen readers follow the
headings and tables.
"""

from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

from . import statistics as stats
from .charts import report_charts

STYLESHEET = Path(__file__).resolve().parent / "static" / "reports" / "report-pdf.css"
PDF_VARIANT = "pdf/ua-1"


def render_report_pdf(report, request):
    """The report's PDF as bytes."""
    from weasyprint import CSS, HTML

    book = stats.book_for(request, report)
    narrative = report.narrative()
    context = {
        "page": report,
        "area_name": settings.PORTAL_AREA_NAME,
        "narrative": narrative,
        "figure_groups": book.table(report.year_start),
        "charts": report_charts(request, report, book, embed_css=True),
        "contacts": list(report.contacts.all()),
        "sources": stats.in_table_order(
            f for f in book.figures_of(report.year_start) if stats.is_published(f)
        ),
        "full_url": request.build_absolute_uri(report.get_url(request)),
        "csv_url": request.build_absolute_uri(report.figures_csv_url(request)),
    }
    html = render_to_string("reports/annual_report_pdf.html", context, request=request)
    document = HTML(string=html, base_url=request.build_absolute_uri("/"))
    return document.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))], pdf_variant=PDF_VARIANT)


def report_pdf_response(request, report):
    response = HttpResponse(render_report_pdf(report, request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{report.slug}.pdf"'
    return response
