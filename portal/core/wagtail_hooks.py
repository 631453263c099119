from django.contrib.auth.models import Permission
from django.contrib.auth.views import redirect_to_login

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Contact, GlossaryTerm
from .visibility import can_read_restricted, is_restricted


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
    """Restricted pages need a verified session; everyone else is sent to the one login."""
    if is_restricted(page) and not can_read_restricted(request):
        return redirect_to_login(request.get_full_path(), "/accounts/login/")
    return None
