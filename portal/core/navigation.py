"""The header navigation: the home page's children shown in menus, readable by this request."""

from wagtail.models import Site

from .visibility import readable_pages


def primary_navigation(request):
    """Lazily evaluated so pages that never render the header pay nothing."""

    def items():
        site = Site.find_for_request(request)
        if site is None:
            return []
        pages = readable_pages(request, site.root_page.get_children()).in_menu().only(
            "id", "title", "url_path", "path", "depth"
        )
        current = request.path
        result = []
        for page in pages:
            url = page.get_url(request)
            result.append(
                {
                    "title": page.title,
                    "url": url,
                    "active": bool(url) and current.startswith(url),
                }
            )
        return result

    from django.utils.functional import SimpleLazyObject

    return SimpleLazyObject(items)
