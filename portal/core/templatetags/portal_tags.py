from django import template

register = template.Library()


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """GOV.UK breadcrumbs from the page's ancestors (one query), home first."""
    from portal.core.page_cache import remembered

    request = context.get("request")
    if page.depth <= 2:  # the home page itself has no trail
        return {"trail": []}

    def trail():
        ancestors = (
            page.get_ancestors()
            .filter(depth__gt=1)
            .only("id", "title", "url_path", "path", "depth")
        )
        # The site's root is "Home" in every trail, whatever its page title. A tuple: the trail
        # is shared by every request in this process until the next change, so none may add to it.
        return tuple(
            {"title": "Home" if a.depth == 2 else a.title, "url": a.get_url(request)}
            for a in ancestors
        )

    # Ancestors of a page this reader may already see: the same for every reader.
    return {
        "trail": remembered("breadcrumbs", (page.pk, request.get_host() if request else ""), trail)
    }


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumb_trail(trail):
    return {"trail": trail}


@register.simple_tag
def home_url():
    from portal.core.navigation import home_url as url

    return url()
