"""The record of who read restricted material: every page, document and API read of it."""

from .models import RestrictedView


def record_view(request, kind, obj, title, url):
    """Write one audit row for a verified reader; called only once access was granted."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return RestrictedView.objects.create(
        user=user,
        username=user.get_username(),
        kind=kind,
        object_id=obj.pk,
        title=str(title)[:255],
        url=str(url)[:500],
    )


def record_views(request, kind, objects, url):
    """One audit row per object read in a single response (an API listing), written at once."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    rows = [
        RestrictedView(
            user=user,
            username=user.get_username(),
            kind=kind,
            object_id=obj.pk,
            title=str(obj.title)[:255],
            url=str(url)[:500],
        )
        for obj in objects
    ]
    return RestrictedView.objects.bulk_create(rows) if rows else []


def prune_restricted_reads(retention_days):
    """Delete the records older than the retention period: the audit is personal data too."""
    from datetime import timedelta

    from django.utils import timezone

    cutoff = timezone.now() - timedelta(days=retention_days)
    return RestrictedView.objects.filter(viewed_at__lt=cutoff).delete()[0]
