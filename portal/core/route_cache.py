"""Which site and which page answer an address, remembered in each process between publications.

Wagtail finds the page for /guidance/mappa-guidance/versions/1/compare/7/ by asking the
database for the site, then for each page along the path in turn, then for the specific page:
five queries before anything is rendered, on every request, for an answer that only changes
when an editor publishes, unpublishes, moves or deletes a page, or changes a site. Those are the
changes that move the page cache to a new generation (portal.core.signal_handlers), so each
process keeps what it found under the current generation and forgets it all when that moves.

What is kept is only *where* to look: a site's fields, and for an address the page's type, id,
place in the tree and address, and how much of the path it consumed. Every request still loads
its page afresh, checks it is live and still at that place and address, and in the same query
reads what decides who may read it (portal.core.visibility.audience_columns), which the serve
hook then decides for every request, as before: the cache cannot serve anything, only save the
search.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.http.request import split_domain_port

from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from . import page_cache
from .visibility import audience_columns

# Bounded, so a flood of addresses cannot grow a worker's memory (about 2 MB when full): the
# most asked-for addresses stay, the rest are found as Wagtail finds them.
ROUTES_KEPT = 5_000
SITES_KEPT = 32
SITE_FIELDS = ("id", "hostname", "port", "site_name", "root_page_id", "is_default_site")


sites = page_cache.GenerationMemo(SITES_KEPT)
routes = page_cache.GenerationMemo(ROUTES_KEPT)
NO_SITE = ()


def find_site(request, generation):
    """The Site for this request, as Wagtail would find it (Site.find_for_request)."""
    hostname = split_domain_port(request._get_raw_host())[0]
    key = (hostname, request.get_port())
    fields = sites.get(key, generation)
    if fields is None:
        try:
            site = get_site_for_hostname(*key)
        except Site.DoesNotExist:
            site = None
        fields = NO_SITE if site is None else {f: getattr(site, f) for f in SITE_FIELDS}
        sites.put(key, fields, generation)
    # A new instance for every request: nothing one request sets on it reaches another.
    return None if fields is NO_SITE else Site(**fields)


def route(request, path, generation):
    """Wagtail's route for this request (page, args, kwargs), found with one query when the
    address has been asked for since the last publication."""
    site = request._wagtail_site
    components = [component for component in path.split("/") if component]
    key = (site.pk, tuple(components))
    known = routes.get(key, generation)
    if known is not None:
        content_type_id, page_id, tree_path, url_path, consumed = known
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = load_page(model, page_id, tree_path, url_path) if model else None
        if page is not None:
            try:
                return page.route(request, components[consumed:])
            except Http404:
                pass
    # Wagtail's own routing, from the site's root page down.
    root = site.root_page.localized.specific
    try:
        result = root.route(request, components)
    except Http404:
        return None
    page = result[0]
    # Kept only for a page under the site's root whose address is the start of this path: the
    # rest of the path (a version, a comparison) is then the page's own to route.
    if page.url_path.startswith(root.url_path):
        own = [c for c in page.url_path[len(root.url_path) :].split("/") if c]
        if components[: len(own)] == own:
            found = (page.content_type_id, page.pk, page.path, page.url_path, len(own))
            routes.put(key, found, generation)
    return result


def serving_queryset(model):
    """The page type's own query for serving it (BasePage.serving_queryset: what its template
    needs, fetched with it), or its default manager."""
    own = getattr(model, "serving_queryset", None)
    return own() if own is not None else model._default_manager.all()


def page_query(model, page_id, tree_path, url_path):
    """The live-or-not page with this id, at exactly this place in the tree and address, with
    what the serve hook needs to decide who may read it (the same question it would ask, for
    that place in the tree)."""
    return (
        serving_queryset(model)
        .filter(pk=page_id, path=tree_path, url_path=url_path)
        .annotate(**audience_columns(tree_path))
    )


class CompiledPageQuery:
    """page_query's SQL, compiled once for a page type and depth (Django compiles a query anew
    every time, which for a page type's forty-odd columns costs more than running it), then run
    with each request's values. Made from page_query itself with marker values, so it is the
    same SQL the ORM would send; a page type whose serving query fetches related rows too uses
    the ORM as it is."""

    PK = -727_001_913  # marker values: none can be a real id, path or address
    URL = "\x00portal-url-path\x00"
    STEP = "~"

    def __init__(self, model, depth):
        self.model = model
        path = self.STEP * (Page.steplen * depth)
        query = page_query(model, self.PK, path, self.URL).query
        self.sql, markers = query.sql_with_params()
        self.fills = [self.fill_for(value) for value in markers]

    def fill_for(self, marker):
        """What goes in a parameter's place: the request's id, address or a prefix of its tree
        path (an ancestor's path) where the marker stood, else the value compiled in."""
        if marker == self.PK and isinstance(marker, int):
            return lambda page_id, tree_path, url_path: page_id
        if marker == self.URL:
            return lambda page_id, tree_path, url_path: url_path
        if isinstance(marker, str) and marker and set(marker) == {self.STEP}:
            return lambda page_id, tree_path, url_path: tree_path[: len(marker)]
        return lambda page_id, tree_path, url_path: marker

    def run(self, page_id, tree_path, url_path):
        params = [fill(page_id, tree_path, url_path) for fill in self.fills]
        return next(iter(self.model._default_manager.raw(self.sql, params)), None)


compiled = {}


def load_page(model, page_id, tree_path, url_path):
    """page_query's page, or None: from its compiled SQL where the page type allows."""
    depth = len(tree_path) // Page.steplen
    query = compiled.get((model, depth))
    if query is None:
        fetches_related = serving_queryset(model).query.select_related
        query = False if fetches_related else CompiledPageQuery(model, depth)
        compiled[(model, depth)] = query
    if query is False:
        return page_query(model, page_id, tree_path, url_path).first()
    return query.run(page_id, tree_path, url_path)


class KnownSiteMiddleware:
    """Finds the request's site from what this process remembers (after CommonMiddleware, so a
    host outside ALLOWED_HOSTS is refused first). Wagtail's Site.find_for_request uses it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._portal_generation = page_cache.generation()
        request._wagtail_site = find_site(request, request._portal_generation)
        return self.get_response(request)


def serve(request, path):
    """Wagtail's page serving (hooks, restrictions, audit), with the route found as above."""
    from wagtail import views as wagtail_views

    generation = getattr(request, "_portal_generation", None) or page_cache.generation()
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = find_site(request, generation)
    if request._wagtail_site is not None:
        request._wagtail_route_for_request = route(request, path, generation)
    return wagtail_views.serve(request, path)
