"""Admin: the review-overdue and version-history reports, and archived version content."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy

from .admin_reports import ReviewOverdueReportView, VersionHistoryReportView, archived_version
from .admin_views import reinstate_view
from .models import GuidancePage
from .services import REINSTATE, may_reinstate


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_admin_urls")
def guidance_admin_urls():
    return [
        path(
            "reports/guidance-review/",
            ReviewOverdueReportView.as_view(),
            name="guidance_review_overdue",
        ),
        path(
            "reports/guidance-review/results/",
            ReviewOverdueReportView.as_view(results_only=True),
            name="guidance_review_overdue_results",
        ),
        path(
            "reports/guidance-versions/",
            VersionHistoryReportView.as_view(),
            name="guidance_version_history",
        ),
        path(
            "reports/guidance-versions/results/",
            VersionHistoryReportView.as_view(results_only=True),
            name="guidance_version_history_results",
        ),
        path(
            "reports/guidance-versions/<int:pk>/",
            archived_version,
            name="guidance_archived_version",
        ),
        # page_id: the admin's privacy guard refuses it for pages the user may not read.
        path("guidance/<int:page_id>/reinstate/", reinstate_view, name="guidance_reinstate"),
    ]


class ReinstateMenuItem(ActionMenuItem):
    """In the edit view's action menu of a withdrawn or superseded document, for those who may
    publish it: leads to the form that asks why it is back in force."""

    label = "Reinstate this document"
    name = "action-reinstate"
    icon_name = "undo"
    order = 90

    def is_shown(self, context):
        page = context.get("page")
        return (
            context["view"] == "edit"
            and isinstance(page, GuidancePage)
            and page.stored_status in (GuidancePage.WITHDRAWN, GuidancePage.SUPERSEDED)
            and may_reinstate(context["request"].user, page)
        )

    def get_url(self, parent_context):
        return reverse("guidance_reinstate", args=[parent_context["page"].pk])


@hooks.register("register_page_action_menu_item")
def reinstate_menu_item():
    return ReinstateMenuItem()


@hooks.register("register_log_actions")
def guidance_log_actions(actions):
    actions.register_action(
        REINSTATE, "Reinstate guidance", "Reinstated the document: back in force"
    )


@hooks.register("register_reports_menu_item")
def review_overdue_menu_item():
    return EditorsMenuItem(
        "Guidance overdue for review",
        reverse("guidance_review_overdue"),
        name="guidance-review-overdue",
        icon_name="time",
        order=1300,
    )


@hooks.register("register_reports_menu_item")
def version_history_menu_item():
    return EditorsMenuItem(
        "Guidance version history",
        reverse("guidance_version_history"),
        name="guidance-version-history",
        icon_name="history",
        order=1310,
    )


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_major_changes_without_notes(
    request, action_type, objects, action_class_instance
):
    """Bulk publishing skips the edit form, so check the drafts' change notes here."""
    if action_type != "publish":
        return None
    ids = [obj.pk for obj in objects]
    missing = [
        page.title
        for page in GuidancePage.objects.filter(pk__in=ids).select_related("latest_revision")
        if page.latest_revision is not None
        and page.latest_revision.as_object().publication_problems()
    ]
    if missing:
        messages.error(
            request,
            "Not published: each edit needs its type of change, and a major change needs a change "
            "note. Open and publish these one by one: " + ", ".join(missing),
        )
        return redirect(request.GET.get("next") or reverse("wagtailadmin_explore_root"))
    return None
