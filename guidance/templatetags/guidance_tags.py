"""Template tags: breadcrumbs below a document, and the guidance that applies to an agency."""

from django import template

from portal.core.visibility import readable_pages

register = template.Library()


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def document_breadcrumbs(context, page, *extra):
    """Home > … > the document > extra: for pages a document serves below its own address.

    extra is a flat list of title, url pairs; the last item may be a title alone.
    """
    request = context.get("request")
    ancestors = page.get_ancestors().filter(depth__gt=1).only("id", "title", "url_path", "path", "depth")
    trail = [{"title": a.title, "url": a.get_url(request)} for a in ancestors]
    trail.append({"title": page.title, "url": page.get_url(request)})
    pairs = list(extra)
    for i in range(0, len(pairs) - 1, 2):
        trail.append({"title": pairs[i], "url": pairs[i + 1]})
    return {"trail": trail}


@register.inclusion_tag("guidance/includes/applies_to_agency.html", takes_context=True)
def guidance_for_agency(context, agency):
    """Guidance documents in force and learning briefs that name this agency, in one query."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from wagtail.models import Page

    from guidance.models import GuidancePage

    request = context.get("request")
    pages = (
        readable_pages(
            request,
            Page.objects.filter(
                Q(guidancepage__agencies=agency, guidancepage__status=GuidancePage.CURRENT)
                | Q(briefingpage__agencies=agency)
            ),
        )
        .distinct()
        .only("id", "title", "url_path", "path", "depth", "content_type_id")
        .order_by("title")
    )
    guidance_type = ContentType.objects.get_for_model(GuidancePage).pk
    pages = list(pages)
    return {
        "documents": [p for p in pages if p.content_type_id == guidance_type],
        "briefs": [p for p in pages if p.content_type_id != guidance_type],
        "request": request,
    }
