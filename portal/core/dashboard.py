"""The editors' and approvers' admin dashboard: their drafts and the guidance due for review,
beside Wagtail's list of changes waiting for their sign-off. Each panel lists only pages the user
may see (portal.accounts.admin_privacy)."""

from django.db.models import BigIntegerField
from django.db.models.functions import Cast
from django.utils import timezone

from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState, get_default_page_content_type

from portal.accounts.admin_privacy import hide_restricted_pages

LIMIT = 10


class DraftsPanel(Component):
    """Pages whose latest revision is this user's and is not live yet, nor waiting for sign-off."""

    name = "portal_drafts"
    template_name = "core/admin/dashboard_drafts.html"
    order = 200

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        # Workflow states name objects by a text id: compare them as whole numbers.
        in_review = WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type=get_default_page_content_type(),
        ).values(as_id=Cast("object_id", BigIntegerField()))
        pages = (
            Page.objects.filter(latest_revision__user=user, has_unpublished_changes=True)
            .exclude(pk__in=in_review)
            .select_related("latest_revision")
            .order_by("-latest_revision__created_at")
        )
        return {"drafts": list(hide_restricted_pages(pages, user)[:LIMIT])}


class GuidanceReviewPanel(Component):
    """Guidance documents overdue for review or due within 30 days, for their owners first."""

    name = "portal_guidance_review"
    template_name = "core/admin/dashboard_guidance_review.html"
    order = 230

    def get_context_data(self, parent_context):
        from guidance.review import due_for_review

        user = parent_context["request"].user
        documents = hide_restricted_pages(due_for_review(), user)
        today = timezone.localdate()
        rows = [
            {
                "page": page,
                "overdue": page.review_by < today,
                "mine": page.content_owner_id == user.pk,
            }
            for page in documents[:50]
        ]
        rows.sort(key=lambda row: (not row["mine"], row["page"].review_by))
        return {"documents": rows[:LIMIT], "today": today}


def dashboard_panels(request, panels):
    """Add the drafts and review panels for people who edit or approve pages. Wagtail's own
    "Awaiting your review" panel stays: it lists what waits for this user's sign-off (never their
    own changes, portal.core.workflows) with its Approve and Request changes buttons."""
    from wagtail.permissions import policy_registry

    if not policy_registry.get_by_type(Page).user_has_any_permission(
        request.user, ["add", "change", "publish"]
    ):
        return
    panels.extend([DraftsPanel(), GuidanceReviewPanel()])
