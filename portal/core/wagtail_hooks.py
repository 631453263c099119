from django.contrib import messages
from django.contrib.auth.models import Permission
from django.shortcuts import redirect

from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Contact, GlossaryTerm
from .visibility import is_restricted


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
    if is_restricted(page):
        request.portal_restricted = page
        from portal.accounts.views import restricted_refusal

        # Wagtail's own group check is applied here too, so a verified reader it would refuse
        # gets a clear 403 rather than a loop back through the sign-in.
        return restricted_refusal(request, page.get_view_restrictions())
    # Nothing restricts this page or its ancestors: spare Wagtail's own check its two queries.
    page.portal_known_public = True
    return None


@hooks.register("before_copy_page")
def keep_restricted_pages_restricted_when_copied(request, page):
    """Wagtail copies only a page's own restrictions: refuse copying a page that is restricted
    by its section into a public place, where the copy would be readable by anyone."""
    if request.method != "POST" or not is_restricted(page) or page.view_restrictions.exists():
        return None
    destination = Page.objects.filter(pk=request.POST.get("new_parent_page") or 0).first()
    if destination is None or is_restricted(destination):
        return None
    messages.error(
        request,
        "This page is restricted by its section. Copy it into a restricted section, or give it "
        "its own privacy setting first.",
    )
    return redirect("wagtailadmin_pages:copy", page.pk)
