"""Published versions never change, so what is worked out from them is worked out once.

A comparison of two versions is kept in the shared page cache (files on the embedded default,
Redis at scale) under the two versions' ids, with no expiry: nothing can make it wrong. Only a
version's own content goes into it, so it is the same for every reader; who may see it is
decided by the page's view, before this is asked.
"""

from django.conf import settings
from django.core.cache import caches

from .compare import compare_pages
from .versioning import version_object

# Bump when the comparison's shape changes, so entries kept by an earlier release are not used.
FORMAT = 1


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
