"""One-page A4 PDFs of learning briefs, made on the server with WeasyPrint.

The text stays real text (searchable, selectable). If a long brief spills onto a second page
the type is set a step smaller and the PDF made again, down to a legible minimum.
"""

from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

STYLESHEET = Path(__file__).resolve().parent / "static" / "guidance" / "brief-pdf.css"
FONT_SIZES_PT = [10, 9.5, 9, 8.5, 8, 7.5, 7, 6.5, 6]
# Tagged PDF/UA, so screen readers get the headings, lists and reading order, not bare text.
PDF_VARIANT = "pdf/ua-1"


def first_size(words):
    """Where to start, so a long brief takes one or two renders rather than seven."""
    for limit, size in ((550, 10), (800, 9), (1100, 8), (1250, 7)):
        if words <= limit:
            return FONT_SIZES_PT.index(size)
    return FONT_SIZES_PT.index(6.5)


def render_brief_pdf(brief, request=None):
    """(pdf bytes, page count, font size used) for a brief, one page whenever it can be."""
    from weasyprint import CSS, HTML

    context = {
        "page": brief,
        "area_name": settings.PORTAL_AREA_NAME,
        "related_links": brief.readable_related_links(request) if request is not None else [],
    }
    html = render_to_string("guidance/briefing_pdf.html", context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    document = HTML(string=html, base_url=base_url)
    stylesheet = CSS(filename=str(STYLESHEET))
    for size in FONT_SIZES_PT[first_size(brief.reading_time.words) :]:
        sized = CSS(string=f"@page {{ font-size: {size}pt; }} html {{ font-size: {size}pt; }}")
        rendered = document.render(stylesheets=[stylesheet, sized], pdf_variant=PDF_VARIANT)
        if len(rendered.pages) == 1:
            break
    return rendered.write_pdf(pdf_variant=PDF_VARIANT), len(rendered.pages), size


def brief_pdf_response(request, brief):
    pdf, _, _ = render_brief_pdf(brief, request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{brief.slug}.pdf"'
    return response
