"""Review-by dates: which guidance documents their owners should have reviewed by now."""

from django.utils import timezone

from .models import GuidancePage


def overdue_for_review(today=None):
    """Live documents in force whose review-by date has passed, most overdue first."""
    today = today or timezone.localdate()
    return (
        GuidancePage.objects.live()
        .filter(review_by__lt=today, status=GuidancePage.CURRENT)
        .select_related("content_owner")
        .defer_streamfields()
        .order_by("review_by", "title")
    )


def due_for_review(today=None, within_days=30):
    """Documents overdue for review, or due within the next `within_days` days, soonest first:
    what owners see on their dashboard."""
    import datetime

    today = today or timezone.localdate()
    return (
        GuidancePage.objects.live()
        .filter(
            review_by__lte=today + datetime.timedelta(days=within_days), status=GuidancePage.CURRENT
        )
        .select_related("content_owner")
        .defer_streamfields()
        .order_by("review_by", "title")
    )
