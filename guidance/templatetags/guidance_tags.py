"""Template tags: breadcrumbs below a document, and the guidance that applies to an agency."""

from django import template

from portal.core.templatetags.portal_tags import breadcrumbs
from portal.core.visibility import readable_pages

register = template.Library()


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def document_breadcrumbs(context, page, *extra):
    """Home > … > the document > extra: for pages a document serves below its own address.

    extra is a flat list of title, url pairs.
    """
    # A new list: the page's own trail is shared by every request in this process.
    trail = [*breadcrumbs(context, page)["trail"]]
    trail.append({"title": page.title, "url": page.get_url(context.get("request"))})
    pairs = list(extra)
    trail.extend({"title": pairs[i], "url": pairs[i + 1]} for i in range(0, len(pairs) - 1, 2))
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
