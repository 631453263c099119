"""Addresses of a routable page's own routes, reversed by name (never typed)."""


def subpage_url(page, name, *args):
    """The address of one of a RoutablePageMixin page's routes, such as a guidance document's
    version: subpage_url(document, "version", 3) -> '/guidance/mappa-guidance/versions/3/'."""
    return page.url + page.reverse_subpage(name, args=args)
