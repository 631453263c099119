from django.contrib import messages
from django.contrib.auth.models import Permission
from django.shortcuts import redirect
from django.urls import reverse

from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.accounts.gate import may_read_restricted, refuse

from . import dashboard, sign_off
from .models import Contact, GlossaryTerm, PageAudience
from .visibility import PUBLIC, audience_of, is_restricted
from .workflows import SignOffTask


class ContactViewSet(SnippetViewSet):
    model = Contact
    icon = "mail"
    menu_label = "Contacts"
    list_display = ["name", "organisation", "phone", "email"]
    search_fields = ["name", "organisation"]
    add_to_admin_menu = True
    menu_order = 300


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full"
    menu_label = "Glossary"
    list_display = ["term", "synonyms"]
    search_fields = ["term", "meaning", "synonyms"]
    add_to_admin_menu = True
    menu_order = 310


register_snippet(ContactViewSet)
register_snippet(GlossaryTermViewSet)


@hooks.register("register_permissions")
def restricted_material_permission():
    return Permission.objects.filter(content_type__app_label="core", codename="view_restricted")


@hooks.register("before_serve_page")
def require_verified_session_for_restricted_pages(page, request, serve_args, serve_kwargs):
    """Restricted pages need a verified session; everyone else is sent to the one login.

    Either way the response is marked restricted, so it is never cached and carries no ETag
    (portal.accounts.middleware applies the headers).
    """
    audience = audience_of(page)
    if audience == PUBLIC:
        # Nothing restricts this page or its ancestors: Wagtail's own check has nothing to do.
        page.portal_access_checked = True
        return None
    request.portal_restricted = page
    if audience == PageAudience.PRACTITIONERS and may_read_restricted(request.user):
        # This audience means every restriction here admits every reader group: a reader passes
        # Wagtail's group check too, so it need not be run again.
        page.portal_access_checked = True
        return None
    # Narrower restrictions (or a refusal): Wagtail's own group check is applied too, so a
    # verified reader it would refuse gets a clear 403 rather than a loop through the sign-in.
    refusal = refuse(request, page.get_view_restrictions())
    if refusal is None:
        page.portal_access_checked = True
    return refusal


@hooks.register("before_copy_page")
def refuse_a_copy_destination_that_is_not_a_page(request, page):
    """Wagtail looks the destination up before validating its form: a tampered id would be a
    500. Send the editor back to the form with the reason instead."""
    if request.method != "POST":
        return None
    if Page.objects.filter(pk=_int(request.POST.get("new_parent_page"))).exists():
        return None
    messages.error(
        request, "Choose the page to copy this page under: the destination given is not a page."
    )
    return redirect("wagtailadmin_pages:copy", page.pk)


@hooks.register("before_copy_page")
def keep_restricted_pages_restricted_when_copied(request, page):
    """Wagtail copies only a page's own restrictions: refuse copying a page that is restricted
    by its section into a public place, where the copy would be readable by anyone."""
    if request.method != "POST" or not is_restricted(page) or page.view_restrictions.exists():
        return None
    destination = Page.objects.filter(pk=_int(request.POST.get("new_parent_page"))).first()
    if destination is None or is_restricted(destination):
        return None
    messages.error(
        request,
        "This page is restricted by its section. Copy it into a restricted section, or give it "
        "its own privacy setting first.",
    )
    return redirect("wagtailadmin_pages:copy", page.pk)


# -- the SMB sign-off cannot be skipped --------------------------------------------------------


@hooks.register("construct_page_action_menu")
def hide_publish_where_sign_off_applies(menu_items, request, context):
    page = context.get("page") or context.get("parent_page")
    if page is not None and sign_off.sign_off_workflow(page) is not None:
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_publish_page")
def refuse_publishing_without_sign_off(request, page):
    """The edit and create forms (and reverting to a revision) save a draft, then ask to
    publish: the draft is kept, the publication refused."""
    message = sign_off.refusal_message(page)
    if message is None:
        return None
    messages.error(request, message)
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_without_sign_off(request, action_type, objects, action_class_instance):
    if action_type != "publish" or getattr(action_class_instance, "model", None) is not Page:
        return None
    refused = sign_off.pages_needing_sign_off(objects)
    if not refused:
        return None
    messages.error(
        request,
        sign_off.BULK_MESSAGE.format(
            titles=", ".join(p.get_admin_display_title() for p in refused)
        ),
    )
    return redirect(request.GET.get("next") or reverse("wagtailadmin_explore_root"))


@hooks.register("before_copy_page")
def refuse_publishing_copies_without_sign_off(request, page):
    if request.method == "POST" and request.POST.get("publish_copies"):
        destination = Page.objects.filter(pk=_int(request.POST.get("new_parent_page"))).first()
        if sign_off.sign_off_workflow(destination or page) is not None:
            messages.error(request, sign_off.COPY_MESSAGE)
            return redirect("wagtailadmin_pages:copy", page.pk)
    return None


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@hooks.register("before_edit_page")
def explain_why_an_approver_cannot_approve(request, page):
    """An approver who opens a change they may not approve is told why."""
    if request.method != "GET":
        return None
    task = page.current_workflow_task
    if isinstance(task, SignOffTask):
        reason = task.refusal_reason(page, request.user)
        if reason:
            messages.warning(request, reason)
    return None


@hooks.register("construct_homepage_panels")
def editor_dashboard_panels(request, panels):
    dashboard.dashboard_panels(request, panels)
