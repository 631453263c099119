"""Restricted documents, the audit of restricted reads, and the admin's two-factor tools."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.documents import get_document_model, get_document_model_string
from wagtail.images import get_image_model
from wagtail.models import AbstractPage, Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import register_permission_policy

from portal.core.spreadsheets import SpreadsheetSafeExportMixin
from portal.core.visibility import (
    can_read_restricted,
    is_restricted_document,
    restricted_collection_ids,
)

from .admin_privacy import PortalPagePermissionPolicy, hide_restricted_pages
from .admin_views import can_reset, reset_authenticator_view
from .audit import record_view
from .gate import may_read_restricted, refuse
from .models import PractitionerProfile, RestrictedView

# -- restricted documents ----------------------------------------------------------------------


@hooks.register("before_serve_document")
def require_verified_reader_for_restricted_documents(document, request):
    """Documents in a restricted collection need a verified reader, like restricted pages.

    Runs before Wagtail computes an ETag, so an anonymous request learns nothing from
    If-None-Match; the response is marked restricted (never cached, no ETag).
    """
    if not is_restricted_document(document):
        return None
    request.portal_restricted = document
    return refuse(request, document.collection.get_view_restrictions())


class DocumentPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's document permissions, with restricted collections left out for anyone who may
    not read restricted material: the admin listing, choosers and their "chosen" endpoints."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if instance.collection_id in restricted_collection_ids() and not may_read_restricted(user):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        if may_read_restricted(user):
            return instances
        hidden = restricted_collection_ids()
        return instances.exclude(collection_id__in=hidden) if hidden else instances


# exact_class: wins over the policy wagtail.documents registers in its ready(), whichever runs last.
register_permission_policy(
    get_document_model(),
    exact_class=True,
    policy=DocumentPermissionPolicy(
        get_document_model_string(),
        auth_model="wagtaildocs.Document",
        owner_field_name="uploaded_by_user",
    ),
)


# -- restricted pages in the admin's listings ----------------------------------------------------


@hooks.register("construct_page_chooser_queryset")
def hide_restricted_pages_from_the_chooser(pages, request):
    # The browse view shows its parent page too: a restricted parent is not there at all.
    match = request.resolver_match
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if (
        parent_id
        and not hide_restricted_pages(Page.objects.filter(pk=parent_id), request.user).exists()
    ):
        raise Http404
    return hide_restricted_pages(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def hide_restricted_pages_from_the_explorer(parent_page, pages, request):
    return hide_restricted_pages(pages, request.user)


# Every listing Wagtail builds from the page policy leaves out what the user may not read.
register_permission_policy(AbstractPage, PortalPagePermissionPolicy(Page))


# -- audit of restricted reads -----------------------------------------------------------------


@hooks.register("on_serve_page")
def audit_restricted_page_views(next_serve):
    """Record each successful view of a restricted page by a verified reader."""

    def serve(page, request, args, kwargs):
        response = next_serve(page, request, args, kwargs)
        if (
            getattr(request, "portal_restricted", None) is not None
            and response.status_code == 200
            and can_read_restricted(request)
        ):
            record_view(request, RestrictedView.PAGE, page, page.title, request.get_full_path())
        return response

    return serve


class AuditPermissionPolicy(ModelPermissionPolicy):
    """The audit is read-only for everyone: it can be listed, never added to or changed."""

    def user_has_permission(self, user, action):
        if action == "view":
            return user.is_active and user.has_perm("accounts.audit_restricted_views")
        return False

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return self.auth_model_queryset().none()
        return self._get_users_with_any_permission_codenames(["audit_restricted_views"])

    def auth_model_queryset(self):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.all()


register_permission_policy(RestrictedView, AuditPermissionPolicy(RestrictedView))


class RestrictedViewIndexView(SpreadsheetSafeExportMixin, IndexView):
    """The audit's listing; its CSV export never carries a title as a formula."""


class RestrictedViewViewSet(ModelViewSet):
    model = RestrictedView
    index_view_class = RestrictedViewIndexView
    icon = "view"
    menu_label = "Restricted reads"
    menu_order = 900
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["username", "kind", "title", "url", DateColumn("viewed_at", label="When")]
    list_filter = ["kind", "viewed_at"]
    list_export = ["viewed_at", "username", "kind", "title", "url"]
    search_fields = ["username", "title", "url"]
    form_fields = ["username"]  # never rendered: nobody may add or edit


class PractitionerProfileViewSet(ModelViewSet):
    model = PractitionerProfile
    icon = "user"
    menu_label = "Practitioner profiles"
    menu_order = 910
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = ["user", "agency", "mappa_area"]
    list_filter = ["mappa_area"]
    form_fields = ["user", "agency", "mappa_area"]


@hooks.register("register_admin_viewset")
def register_account_viewsets():
    return [
        RestrictedViewViewSet("restricted_reads"),
        PractitionerProfileViewSet("practitioner_profiles"),
    ]


# -- two-factor administration -----------------------------------------------------------------


@hooks.register("register_admin_urls")
def account_admin_urls():
    return [
        path(
            "accounts/reset-authenticator/<int:user_id>/",
            reset_authenticator_view,
            name="accounts_reset_authenticator",
        )
    ]


@hooks.register("register_user_listing_buttons")
def reset_authenticator_button(user, request_user):
    if can_reset(request_user, user):
        yield ListingButton(
            "Reset two-factor sign-in",
            reverse("accounts_reset_authenticator", args=[user.pk]),
            icon_name="lock",
            priority=50,
        )


@hooks.register("register_log_actions")
def account_log_actions(actions):
    actions.register_action(
        "portal.collection_privacy",
        "Change collection privacy",
        "Changed who may read a collection",
    )
    actions.register_action(
        "accounts.enrol", "Set up two-factor sign-in", "Set up two-factor sign-in"
    )
    actions.register_action("accounts.backup_codes", "New backup codes", "Got new backup codes")
    actions.register_action(
        "accounts.replace_authenticator",
        "Replace authenticator",
        "Replaced their authenticator app",
    )
    actions.register_action(
        "accounts.reset_authenticator", "Reset two-factor sign-in", "Reset two-factor sign-in"
    )


# -- images are public -------------------------------------------------------------------------


@hooks.register("before_bulk_action")
def keep_images_out_of_restricted_collections(request, action_type, objects, action_class_instance):
    """The image form refuses restricted collections; so does the bulk 'Add to collection'."""
    if action_type != "add_to_collection" or request.method != "POST":
        return None
    if getattr(action_class_instance, "model", None) is not get_image_model():
        return None
    try:
        collection_id = int(request.POST.get("collection", ""))
    except ValueError:
        return None
    if collection_id in restricted_collection_ids():
        messages.error(
            request, "Images are always public, so they cannot go in a restricted collection."
        )
        return redirect("wagtailimages:index")
    return None
