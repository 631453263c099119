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


def home_url():
    """The address of the site's home page (the root of Wagtail's page serving)."""
    from django.urls import reverse

    return reverse("wagtail_serve", args=[""])


def home_crumb():
    """The first step of every breadcrumb trail built by a view."""
    return {"title": "Home", "url": home_url()}
