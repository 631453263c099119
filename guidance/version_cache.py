"""Published versions never change, so what is worked out from them is worked out once.

A comparison of two versions is kept in the shared page cache (files on the embedded default,
Redis at scale) under the two versions' ids, with no expiry: nothing can make it wrong. The HTML
made from it is kept too, under a digest of everything it shows, so a comparison page renders
only its surroundings (header, navigation, breadcrumbs). Only a version's own content goes into
either, so both are the same for every reader; who may see them is decided by the page's view,
before this is asked.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from portal.core.routing import subpage_url

from .compare import compare_pages
from .versioning import version_object

# Bump when the comparison's shape changes, so entries kept by an earlier release are not used.
FORMAT = 1
# Rendered HTML is kept this long (seconds) after it was last made: a shelf, not a promise.
RENDERED_SECONDS = 30 * 24 * 3600


def _stamp(version):
    # A version's id and the moment it was published: unique even where a database reuses ids.
    return f"{version.pk}.{version.published_at.timestamp():.6f}"


def comparison_key(old_version, new_version):
    return f"guidance:compare:{FORMAT}:{old_version.document_id}:{_stamp(old_version)}:{_stamp(new_version)}"


def comparison(page, old_version, new_version):
    """The comparison of two versions of a document: from the cache, or worked out and kept."""
    store = caches[settings.PORTAL_PAGE_CACHE]
    key = comparison_key(old_version, new_version)
    result = store.get(key)
    if result is None:
        result = compare_pages(version_object(page, old_version), version_object(page, new_version))
        store.set(key, result, timeout=None)
    return result


def rendered(template, context, *identity):
    """template rendered with context() (no request: nothing reader-specific may go in), kept
    under a digest of the template's name and identity, which must name everything the context
    shows; context is called only when the HTML has to be made. Returned safe to place in a
    page."""
    store = caches[settings.PORTAL_PAGE_CACHE]
    digest = hashlib.sha256(repr((FORMAT, template, identity)).encode()).hexdigest()
    key = f"guidance:html:{digest}"
    html = store.get(key)
    if html is None:
        html = render_to_string(template, context())
        store.set(key, html, timeout=RENDERED_SECONDS)
    return mark_safe(html)


def comparison_html(page, old_version, new_version):
    """The body of the comparison page of two versions: the comparison, rendered once."""
    older_url = subpage_url(page, "version", old_version.sequence)
    newer_url = subpage_url(page, "version", new_version.sequence)
    return rendered(
        "guidance/includes/compare_body.html",
        lambda: {
            "title": page.title,
            "older": old_version,
            "newer": new_version,
            "older_url": older_url,
            "newer_url": newer_url,
            "comparison": comparison(page, old_version, new_version),
        },
        comparison_key(old_version, new_version),
        page.title,
        older_url,
        newer_url,
        *[(v.name, v.published_at.isoformat(), v.change_note) for v in (old_version, new_version)],
    )


def version_html(page, version):
    """The body of a published version's page: its title, summary, details and sections, as
    published, rendered once. Rich text links name other pages by id and show their address of
    the day, so the HTML is kept per generation of the page cache: it is made again after the
    next publication anywhere, and otherwise never."""
    from portal.core import page_cache

    return rendered(
        "guidance/includes/version_body.html",
        lambda: {"page": version_object(page, version), "viewing_version": version},
        page_cache.generation(),
        _stamp(version),
        page.url,
        version.name,
        version.change_type,
        version.change_note,
    )
