"""The header navigation: the home page's children shown in menus, readable by this request.

A section whose title is long for the header says how the navigation names it with a class
attribute, nav_label ("Agencies" for "Agencies in MAPPA"), so every item fits on one line at a
laptop's width, signed in or not; the page keeps its full title everywhere else."""

from wagtail.models import Site

from .visibility import can_read_restricted, readable_pages


def primary_navigation(request):
    """Lazily evaluated so pages that never render the header pay nothing; the links for each
    kind of reader are remembered until anything changes (portal.core.page_cache)."""

    def links():
        site = Site.find_for_request(request)
        if site is None:
            return ()
        pages = (
            readable_pages(request, site.root_page.get_children())
            .in_menu()
            .only("id", "title", "url_path", "path", "depth")
        )
        # A tuple: shared by every request in this process until the next change.
        return tuple((nav_label(page), page.get_url(request)) for page in pages)

    def items():
        from .page_cache import remembered

        reader = "superuser" if request.user.is_superuser else can_read_restricted(request)
        site_id = getattr(Site.find_for_request(request), "pk", None)
        current = request.path
        return [
            {"title": title, "url": url, "active": bool(url) and current.startswith(url)}
            for title, url in remembered("navigation", (site_id, reader), links)
        ]

    from django.utils.functional import SimpleLazyObject

    return SimpleLazyObject(items)


def nav_label(page):
    """The page's name in the header navigation (no query: the class comes from the content
    type cache)."""
    return getattr(page.specific_class, "nav_label", "") or page.title


def home_url():
    """The address of the site's home page (the root of Wagtail's page serving)."""
    from django.urls import reverse

    return reverse("wagtail_serve", args=[""])


def home_crumb():
    """The first step of every breadcrumb trail built by a view."""
    return {"title": "Home", "url": home_url()}
