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

from portal.core import page_cache
from portal.core.routing import subpage_url

from .compare import compare_pages
from .models import GuidanceVersion
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


def kept(name, identity, build):
    """build(), kept in the shared cache under a digest of name and identity, which must name
    everything build's result depends on. None from build is not kept."""
    store = caches[settings.PORTAL_PAGE_CACHE]
    digest = hashlib.sha256(repr((FORMAT, name, identity)).encode()).hexdigest()
    key = f"guidance:{name}:{digest}"
    value = store.get(key)
    if value is None:
        value = build()
        if value is not None:
            store.set(key, value, timeout=RENDERED_SECONDS)
    return value


def rendered(template, context, *identity):
    """template rendered with context() (no request: nothing reader-specific may go in), kept
    under identity, which must name everything the context shows; context is called only when
    the HTML has to be made. Returned safe to place in a page."""
    return mark_safe(kept(template, identity, lambda: render_to_string(template, context())))


def comparison_page(page, older, newer):
    """What the comparison page of versions older and newer (their numbers in the document's
    sequence) shows: {"html", "older", "newer"} (the body and the two versions' names), or None
    if the document has no such version. Made once per generation of the page cache (so after
    a publication the names and links are those of the day), from the comparison, which is
    worked out only once; on every other request it needs no query at all."""

    def build():
        found = {
            v.sequence: v
            for v in GuidanceVersion.objects.for_page(page)
            .filter(sequence__in={older, newer})
            .defer("content")
        }
        if older not in found or newer not in found:
            return None
        old_version, new_version = found[older], found[newer]
        context = {
            "title": page.title,
            "older": old_version,
            "newer": new_version,
            "older_url": subpage_url(page, "version", older),
            "newer_url": subpage_url(page, "version", newer),
            "comparison": comparison(page, old_version, new_version),
        }
        return {
            "html": render_to_string("guidance/includes/compare_body.html", context),
            "older": old_version.name,
            "newer": new_version.name,
        }

    found = kept(
        "compare_page",
        (page_cache.generation(), page.pk, older, newer, page.title, page.url),
        build,
    )
    return None if found is None else {**found, "html": mark_safe(found["html"])}


def version_html(page, version):
    """The body of a published version's page: its title, summary, details and sections, as
    published, rendered once. Rich text links name other pages by id and show their address of
    the day, so the HTML is kept per generation of the page cache: it is made again after the
    next publication anywhere, and otherwise never."""
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
