"""Restricted material in the Wagtail admin: the same gate as on the public site.

Someone who may not read restricted material (portal.accounts.gate) may still edit public
pages, but never sees the title or content of a restricted page or document in the admin:
- AdminPrivacyMiddleware answers 403 to every admin address that names a restricted page or
  document (edit, preview, view draft, revisions, compare, history, usage, move, copy, alias,
  privacy, workflow actions, the admin API's detail and actions, bulk actions, document edit
  and usage), and to a verified user without admin access (instead of a sign-in loop);
- PortalPagePermissionPolicy leaves restricted pages out of every listing Wagtail builds from
  the page policy (explorer, page search, the admin API listing, reports, site history,
  dashboard panels), and PortalPagePermissionTester gives no rights on them (so usage lists
  show "(Private page)");
- changing who may read a page or collection needs core.set_privacy, and is logged.
Sections restricted to fewer groups than the readers are hidden from everyone but superusers.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.chooser import ChosenMultipleView
from wagtail.admin.views.collection_privacy import set_privacy as wagtail_collection_set_privacy
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import Collection, CollectionViewRestriction, Page, PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy

from portal.core.models import PageAudience

from .gate import is_verified, may_read_restricted

SET_PRIVACY = "core.set_privacy"
ADMIN_ACCESS = "wagtailadmin.access_admin"


def hidden_page_ids(user):
    """Ids of pages this user may not see in the admin (a subquery), or None for none."""
    from portal.core.visibility import NAMED_GROUPS

    if not may_read_restricted(user):
        return PageAudience.objects.values("page_id")
    if user.is_superuser:
        return None
    return PageAudience.objects.filter(audience=NAMED_GROUPS).values("page_id")


def hide_restricted_pages(pages, user):
    """A page queryset without the pages this user may not see (drafts included)."""
    hidden = hidden_page_ids(user)
    # By id, not through the relation: the chooser's search only filters on indexed fields.
    return pages if hidden is None else pages.exclude(pk__in=hidden)


def page_hidden_from(user, page_id):
    """One page at a time, from a set read once per request (the admin asks for every row of
    a listing). PageAudience is complete: rows are written as pages are created or restricted."""
    cached = getattr(user, "_portal_hidden_pages", None)
    if cached is None:
        hidden = hidden_page_ids(user)
        cached = set() if hidden is None else set(hidden.values_list("page_id", flat=True))
        user._portal_hidden_pages = cached
    return page_id in cached


def document_hidden_from(user, document_id):
    from portal.core.visibility import restricted_collection_ids

    if may_read_restricted(user) and user.is_superuser:
        return False
    restricted = restricted_collection_ids(narrow_only=may_read_restricted(user))
    if not restricted:
        return False
    Document = get_document_model()
    return Document.objects.filter(pk=document_id, collection_id__in=restricted).exists()


# -- the page policy and tester ------------------------------------------------------------------


class PortalPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page permissions, without the pages a user may not read."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if page_hidden_from(user, instance.pk):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return hide_restricted_pages(
            super().instances_user_has_any_permission_for(user, actions), user
        )

    def explorable_instances(self, user):
        return hide_restricted_pages(super().explorable_instances(user), user)


class PortalPagePermissionTester(PagePermissionTester):
    """No rights at all on a page the user may not read; the privacy setting needs set_privacy."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.hidden = bool(page.pk) and page_hidden_from(user, page.pk)
        if self.hidden:
            self.permissions = set()

    def can_set_view_restrictions(self):
        return (
            not self.hidden
            and super().can_set_view_restrictions()
            and (self.user.is_superuser or self.user.has_perm(SET_PRIVACY))
        )

    def can_view_revisions(self):
        return not self.hidden and super().can_view_revisions()


# -- one guard for every admin address ---------------------------------------------------------

PAGE_ID_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id")
PAGE_PK_ROUTES = {
    ("wagtailadmin_pages", "revisions_compare"),
    ("wagtailadmin_api:pages", "detail"),
    ("wagtailadmin_api:pages", "action"),
}
DOCUMENT_ROUTES = {"document_id", "doc_id"}


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _named_ids(match):
    """(page ids, document ids) an admin address names, from its path and bulk-action query."""
    pages, documents = set(), set()
    kwargs = match.kwargs
    for name in PAGE_ID_KWARGS:
        if name in kwargs:
            pages.add(_int(kwargs[name]))
    if (match.namespace, match.url_name) in PAGE_PK_ROUTES and "pk" in kwargs:
        pages.add(_int(kwargs["pk"]))
    if match.namespace == "wagtaildocs" or match.url_name == "document_usage":
        for name in DOCUMENT_ROUTES & set(kwargs):
            documents.add(_int(kwargs[name]))
    if match.namespace in ("wagtaildocs_chooser", "wagtailadmin_api:documents") and "pk" in kwargs:
        documents.add(_int(kwargs["pk"]))
    return pages - {None}, documents - {None}


def _bulk_ids(request, match):
    if match.url_name != "wagtail_bulk_action":
        return set(), set()
    ids = {i for i in (_int(value) for value in request.GET.getlist("id")) if i is not None}
    model = (match.kwargs.get("app_label"), match.kwargs.get("model_name"))
    if model == ("wagtailcore", "page"):
        return ids, set()
    if model == tuple(get_document_model()._meta.label_lower.split(".")):
        return set(), ids
    return set(), set()


def restricted_refusal(request, message):
    """The admin's own page saying no, with nothing of what was asked for."""
    response = TemplateResponse(
        request,
        "accounts/admin/refused.html",
        {"page_title": "You cannot see this", "header_icon": "lock", "message": message},
        status=403,
    )
    add_never_cache_headers(response)
    return response


class AdminPrivacyMiddleware:
    """After the verified-session middleware: refuses admin addresses naming material this user
    may not read, and answers a verified user without admin access with a 403 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith("/admin/") or request.resolver_match is None:
            return None
        if request.resolver_match.view_name == "wagtailadmin_login":
            return None  # the admin's login address leads to the portal's sign-in
        user = getattr(request, "user", AnonymousUser())
        if not is_verified(user):
            return None  # Wagtail sends anyone not signed in to the sign-in
        if not user.has_perm(ADMIN_ACCESS):
            response = render(
                request,
                "403.html",
                {
                    "title": "You do not have access to the admin",
                    "message": "Your account is for reading the portal. The admin is for SMB "
                    "editors and approvers: ask the MAPPA co-ordination unit if you need it.",
                },
                status=403,
            )
            add_never_cache_headers(response)
            return response
        if request.resolver_match.url_name == "wagtail_bulk_action" and not all(
            value.isascii() and value.isdigit() for value in request.GET.getlist("id")
        ):
            return render(
                request,
                "400.html",
                {
                    "message": "The items chosen for this action were not understood. Go back, "
                    "choose them again from the listing and try once more."
                },
                status=400,
            )
        pages, documents = _named_ids(request.resolver_match)
        bulk_pages, bulk_documents = _bulk_ids(request, request.resolver_match)
        if any(page_hidden_from(user, pk) for pk in pages | bulk_pages):
            return restricted_refusal(
                request,
                "This page is restricted, and your account may not read restricted material.",
            )
        if any(document_hidden_from(user, pk) for pk in documents | bulk_documents):
            return restricted_refusal(
                request,
                "This document is restricted, and your account may not read restricted material.",
            )
        return None


# -- views that would otherwise describe any page ------------------------------------------------


class PageChosenMultipleView(ChosenMultipleView):
    """Wagtail's "chosen multiple" answer for the page chooser describes any page id it is given;
    here it describes only pages the chooser itself would list to this user."""

    def get(self, request):
        ids = [i for i in (_int(value) for value in request.GET.getlist("id")) if i is not None]
        shown = hide_restricted_pages(Page.objects.filter(pk__in=ids), request.user)
        request.GET = request.GET.copy()
        request.GET.setlist("id", [str(pk) for pk in shown.values_list("pk", flat=True)])
        return super().get(request)


page_chosen_multiple_view = require_admin_access(PageChosenMultipleView.as_view())


def readers_only(view):
    """An admin view that shows titles of any page, restricted ones included: only for people
    who may read restricted material."""

    def wrapped(request, *args, **kwargs):
        if not may_read_restricted(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return require_admin_access(wrapped)


# The page types report names each type's most recently edited page, whatever its audience.
page_types_usage_view = readers_only(PageTypesUsageReportView.as_view())
page_types_usage_results_view = readers_only(PageTypesUsageReportView.as_view(results_only=True))


def _collection_restriction(collection):
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        return None
    return {
        "type": restriction.restriction_type,
        "groups": sorted(restriction.groups.values_list("name", flat=True)),
    }


def collection_privacy_view(request, collection_id):
    """Wagtail's collection privacy dialog, for holders of core.set_privacy only, with every
    change recorded in the site history (Wagtail logs page privacy changes, not these)."""
    if not (request.user.is_superuser or request.user.has_perm(SET_PRIVACY)):
        raise PermissionDenied
    collection = Collection.objects.filter(pk=collection_id).first()
    before = _collection_restriction(collection) if collection else None
    response = wagtail_collection_set_privacy(request, collection_id)
    if request.method == "POST" and collection is not None:
        after = _collection_restriction(collection)
        if after != before:
            log(
                instance=collection,
                action="portal.collection_privacy",
                user=request.user,
                data={"before": before, "after": after},
            )
    return response


collection_privacy = require_admin_access(collection_privacy_view)
