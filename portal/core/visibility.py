"""The one permission-aware path for every read of pages.

A session that has not passed both factors reads exactly what an anonymous visitor reads.
Every listing, the API, the sitemap, feeds and search ask this module.
"""

from django.db import transaction

from wagtail.models import Page, PageViewRestriction

from .models import PageAudience
from .signals import audience_changed


def can_read_restricted(request):
    """True only for a verified (password and second factor) user allowed restricted material."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    is_verified = getattr(user, "is_verified", None)
    if not callable(is_verified) or not is_verified():
        return False
    return user.is_superuser or user.has_perm("core.view_restricted")


def readable_audiences(request):
    """The audiences a request may read; search indexes carry the same values."""
    if can_read_restricted(request):
        return ["public", PageAudience.PRACTITIONERS]
    return ["public"]


def readable_pages(request, queryset=None):
    """Live pages this request may read: one anti-join, whatever the number of restrictions."""
    queryset = (queryset if queryset is not None else Page.objects.all()).live()
    if can_read_restricted(request):
        return queryset
    return queryset.filter(audience__isnull=True)


def is_restricted(page):
    return PageAudience.objects.filter(page_id=page.pk).exists()


@transaction.atomic
def refresh_audiences(page=None):
    """Recompute the audience rows for a subtree (or the whole tree) from its view restrictions."""
    scope = Page.objects.all() if page is None else Page.objects.filter(path__startswith=page.path)
    scope_ids = set(scope.values_list("pk", flat=True))
    previously = set(PageAudience.objects.filter(page_id__in=scope_ids).values_list("page_id", flat=True))
    PageAudience.objects.filter(page_id__in=scope_ids).delete()
    restrictions = PageViewRestriction.objects.select_related("page")
    restricted_ids = set()
    for restriction in restrictions:
        root = restriction.page
        if page is not None and not (
            page.path.startswith(root.path) or root.path.startswith(page.path)
        ):
            continue
        start = root.path if page is None or root.path.startswith(page.path) else page.path
        restricted_ids.update(
            Page.objects.filter(path__startswith=start).values_list("pk", flat=True)
        )
    PageAudience.objects.bulk_create(
        [PageAudience(page_id=pk) for pk in restricted_ids], batch_size=500
    )
    changed = previously ^ restricted_ids
    if changed:
        transaction.on_commit(lambda: audience_changed.send(sender=PageAudience, page_ids=changed))
    return changed
