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
