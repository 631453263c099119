"""The one permission-aware path for every read of pages and documents.

A session that has not passed both factors reads exactly what an anonymous visitor reads.
Every listing, the API, the sitemap, feeds and search ask this module.

Restricted means "under a Wagtail view restriction" (the privacy setting editors apply to any
section in the admin). Readers of restricted material are verified users holding
core.view_restricted. A restriction naming fewer groups than every reader group gets the
narrower audience NAMED_GROUPS: listings show it to superusers only (fail closed), and serving
it is left to Wagtail's own group check on top of ours.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Exists, F, Q

from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)

from portal.accounts.gate import request_may_read_restricted

from .models import PageAudience
from .signals import audience_changed

NAMED_GROUPS = "named-groups"


# The gate decides; this module turns its answer into querysets.
can_read_restricted = request_may_read_restricted


def readable_audiences(request):
    """The audiences a request may read; search indexes carry the same values."""
    if can_read_restricted(request):
        return ["public", PageAudience.PRACTITIONERS]
    return ["public"]


def readable_pages(request, queryset=None):
    """Live pages this request may read: one anti-join, whatever the number of restrictions."""
    queryset = (queryset if queryset is not None else Page.objects.all()).live()
    if not can_read_restricted(request):
        return queryset.filter(audience__isnull=True)
    if request.user.is_superuser:
        return queryset
    return queryset.filter(
        Q(audience__isnull=True) | Q(audience__audience=PageAudience.PRACTITIONERS)
    )


def _ancestor_paths(path, steplen=Page.steplen):
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


def is_restricted(page):
    """Whether a page is restricted: its audience row, or a view restriction on it or an
    ancestor (so a page created inside a restricted section counts before any refresh)."""
    restriction = PageViewRestriction.objects.filter(page__path__in=_ancestor_paths(page.path))
    if (
        Page.objects.filter(pk=page.pk)
        .filter(Q(audience__isnull=False) | Q(Exists(restriction)))
        .exists()
    ):
        return True
    source = Page.objects.filter(pk=page.alias_of_id).first() if page.alias_of_id else None
    return source is not None and is_restricted(source)


PUBLIC = "public"


def audience_columns(path):
    """What audience_of needs to know about the page at path, as annotations for the query that
    loads it (portal.core.route_cache does): the same answer, without a query of its own."""
    return {
        "portal_audience_label": F("audience__audience"),
        "portal_restricted_above": Exists(
            PageViewRestriction.objects.filter(page__path__in=_ancestor_paths(path))
        ),
    }


def audience_of(page):
    """PUBLIC, PageAudience.PRACTITIONERS or NAMED_GROUPS for one page, in one query (none if
    the page was loaded with audience_columns). A page without its audience row yet but under a
    restriction (created a moment ago) is NAMED_GROUPS: it gets the full check of every
    restriction."""
    if hasattr(page, "portal_restricted_above"):
        label, restricted = page.portal_audience_label, page.portal_restricted_above
    else:
        row = (
            Page.objects.filter(pk=page.pk)
            .annotate(**audience_columns(page.path))
            .values_list("portal_audience_label", "portal_restricted_above")
            .first()
        )
        label, restricted = row if row else (None, False)
    if label:
        return label
    if restricted or (page.alias_of_id and is_restricted(Page.objects.get(pk=page.alias_of_id))):
        return NAMED_GROUPS
    return PUBLIC


def reader_group_ids():
    """Groups whose members may read restricted material (given core.view_restricted)."""
    permission = Permission.objects.filter(
        content_type__app_label="core", codename="view_restricted"
    ).first()
    if permission is None:
        return set()
    return set(Group.objects.filter(permissions=permission).values_list("pk", flat=True))


def _audience_for(restrictions, readers):
    """PRACTITIONERS if every restriction lets every reader group in, else NAMED_GROUPS."""
    for restriction in restrictions:
        if restriction.restriction_type == BaseViewRestriction.LOGIN:
            continue
        if (
            restriction.restriction_type == BaseViewRestriction.GROUPS
            and readers
            and readers <= {g.pk for g in restriction.groups.all()}
        ):
            continue
        return NAMED_GROUPS
    return PageAudience.PRACTITIONERS


@transaction.atomic
def refresh_audiences(page=None):
    """Recompute the audience rows for a subtree (or the whole tree) from its view restrictions.

    A constant number of queries: all restrictions and the pages in scope are read once, and
    each page's restricted ancestors are found by path prefix in Python. An alias is as
    restricted as the page it mirrors, wherever it sits (Wagtail serves it under the source's
    restrictions, and it shows the source's content).
    """
    if page is None:
        scope = Page.objects.all()
    else:
        scope = Page.objects.filter(
            Q(path__startswith=page.path) | Q(alias_of__path__startswith=page.path)
        )
    pages = list(scope.values_list("pk", "path", "alias_of_id"))
    sources = dict(
        Page.objects.filter(pk__in={a for _, _, a in pages if a}).values_list("pk", "path")
    )
    if page is None:
        previously = dict(PageAudience.objects.values_list("page_id", "audience"))
    else:
        previously = dict(
            PageAudience.objects.filter(page_id__in=[pk for pk, _, _ in pages]).values_list(
                "page_id", "audience"
            )
        )
    by_root = {}
    for restriction in PageViewRestriction.objects.select_related("page").prefetch_related(
        "groups"
    ):
        by_root.setdefault(restriction.page.path, []).append(restriction)
    readers = reader_group_ids()
    wanted = {}
    for pk, path, alias_of in pages:
        paths = _ancestor_paths(path)
        if alias_of in sources:
            paths += _ancestor_paths(sources[alias_of])
        governing = [r for p in paths for r in by_root.get(p, ())]
        if governing:
            wanted[pk] = _audience_for(governing, readers)
    gone = [pk for pk in previously if pk not in wanted]
    relabel = {
        pk: label for pk, label in wanted.items() if pk in previously and previously[pk] != label
    }
    new = [pk for pk in wanted if pk not in previously]
    for start in range(0, len(gone), 500):
        PageAudience.objects.filter(page_id__in=gone[start : start + 500]).delete()
    for label in set(relabel.values()):
        ids = [pk for pk, value in relabel.items() if value == label]
        for start in range(0, len(ids), 500):
            PageAudience.objects.filter(page_id__in=ids[start : start + 500]).update(audience=label)
    PageAudience.objects.bulk_create(
        [PageAudience(page_id=pk, audience=wanted[pk]) for pk in new], batch_size=500
    )
    changed = set(gone) | set(relabel) | set(new)
    if changed:
        transaction.on_commit(lambda: audience_changed.send(sender=PageAudience, page_ids=changed))
    return changed


# -- documents -------------------------------------------------------------------------------


def restricted_collection_ids(narrow_only=False):
    """Collections under a view restriction, with all their descendants (a handful of rows)."""
    readers = reader_group_ids() if narrow_only else None
    roots = []
    for restriction in CollectionViewRestriction.objects.select_related(
        "collection"
    ).prefetch_related("groups"):
        if narrow_only and _audience_for([restriction], readers) == PageAudience.PRACTITIONERS:
            continue
        roots.append(restriction.collection.path)
    if not roots:
        return set()
    condition = Q()
    for path in roots:
        condition |= Q(path__startswith=path)
    return set(Collection.objects.filter(condition).values_list("pk", flat=True))


def readable_documents(request, queryset=None):
    """Documents this request may list: none from restricted collections unless verified."""
    if queryset is None:
        from wagtail.documents import get_document_model

        queryset = get_document_model().objects.all()
    if not can_read_restricted(request):
        hidden = restricted_collection_ids()
    elif request.user.is_superuser:
        hidden = set()
    else:
        hidden = restricted_collection_ids(narrow_only=True)
    return queryset.exclude(collection_id__in=hidden) if hidden else queryset


def is_restricted_document(document):
    return document.collection_id in restricted_collection_ids()
