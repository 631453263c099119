"""The admin's privacy matrix: every kind of user against every admin path that shows a page's
or document's title or content, for a restricted page and a restricted document.

Readers (SMB editors, SMB approvers, superusers) see them; someone who may edit the whole site
but not read restricted material gets a 403 from every address that names them, and listings
leave them out; practitioners and agency leads (no admin access) get a 403 page saying so;
anyone without both factors is sent to the sign-in. The addresses come from walking Wagtail's
admin URL patterns (every route with a page or document id, and every listing of pages)."""

import pytest

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from tests.conftest import login_password_only, login_verified, user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

READERS = ["editor", "approver", "admin"]
NO_ADMIN = ["practitioner", "lead"]
PERSONAS = [*READERS, *NO_ADMIN, "site-editor-not-reader", "password-only", "anonymous"]
RESTRICTED_TITLE = "Handling and disclosing MAPPA minutes"
RESTRICTED_DOCUMENT = "MAPPA minutes handling checklist"


@pytest.fixture
def as_persona(client, home):
    def make(persona):
        if persona == "anonymous":
            return client
        if persona == "password-only":
            return login_password_only(client, user("editor"))
        if persona == "site-editor-not-reader":
            group = Group.objects.create(name="Communications team")
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label="wagtailadmin", codename="access_admin"
                )
            )
            for codename in (
                "add_page",
                "change_page",
                "publish_page",
                "lock_page",
                "bulk_delete_page",
            ):
                GroupPagePermission.objects.create(
                    group=group,
                    page=home,
                    permission=Permission.objects.get(
                        content_type__app_label="wagtailcore", codename=codename
                    ),
                )
            for codename in ("add_document", "change_document", "choose_document"):
                GroupCollectionPermission.objects.create(
                    group=group,
                    collection=Collection.get_first_root_node(),
                    permission=Permission.objects.get(
                        content_type__app_label="wagtaildocs", codename=codename
                    ),
                )
            account = UserFactory(username="comms")
            account.groups.add(group)
            assert not account.has_perm("core.view_restricted")
            return login_verified(client, account)
        return login_verified(client, user(persona))

    return make


def page_paths(page, revision):
    """Every admin address that names a page (GET), from Wagtail's wagtailadmin_pages routes."""
    pages = "wagtailadmin_pages"
    by_page = [
        "edit",
        "view_draft",
        "preview_on_edit",
        "delete",
        "unpublish",
        "move",
        "copy",
        "set_privacy",
        "revisions_index",
        "history",
        "history_results",
        "workflow_history",
        "usage",
    ]
    paths = [reverse(f"{pages}:{name}", args=[page.pk]) for name in by_page]
    paths += [
        reverse(f"{pages}:add_subpage", args=[page.pk]),
        reverse("wagtailadmin_explore", args=[page.pk]),
        reverse(f"{pages}:revisions_view", args=[page.pk, revision.pk]),
        reverse(f"{pages}:revisions_compare", args=[page.pk, "earliest", revision.pk]),
        reverse("wagtailadmin_choose_page_child", args=[page.pk]),
        f"/admin/api/main/pages/{page.pk}/",
    ]
    paths += [
        f"{reverse('wagtail_bulk_action', args=('wagtailcore', 'page', action))}?id={page.pk}"
        for action in ("publish", "unpublish", "delete", "move")
    ]
    return paths


def document_paths(document):
    return [
        reverse("wagtaildocs:edit", args=[document.pk]),
        reverse("wagtaildocs:delete", args=[document.pk]),
        reverse("wagtaildocs:document_usage", args=[document.pk]),
        reverse("wagtaildocs_chooser:chosen", args=[document.pk]),
        f"/admin/api/main/documents/{document.pk}/",
        f"{reverse('wagtail_bulk_action', args=('wagtaildocs', 'document', 'delete'))}?id={document.pk}",
        f"{reverse('wagtail_bulk_action', args=('wagtaildocs', 'document', 'add_to_collection'))}?id={document.pk}",
    ]


def listing_paths(home, area):
    """Admin listings that could name any page or document."""
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[home.pk]),
        reverse("wagtailadmin_pages:search") + "?q=minutes",
        reverse("wagtailadmin_pages:search_results") + "?q=minutes",
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_reports:page_types_usage"),
        reverse("wagtailadmin_pages:type_use", args=["core", "standardpage"]),
        f"/admin/api/main/pages/?child_of={area.pk}&fields=title",
        "/admin/api/main/pages/?search=minutes",
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:index") + "?q=checklist",
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtailadmin_choose_page_search") + "?q=minutes",
    ]


def shows(response, text):
    return text.lower() in response.content.decode(errors="replace").lower()


@pytest.mark.parametrize("persona", PERSONAS)
def test_addresses_naming_a_restricted_page(as_persona, persona, area_child):
    client = as_persona(persona)
    for path in page_paths(area_child, area_child.latest_revision):
        response = client.get(path)
        if persona in ("anonymous", "password-only"):
            assert response.status_code == 302 and response["Location"].startswith(
                "/accounts/login/"
            ), path
        elif persona in NO_ADMIN:
            assert response.status_code == 403 and shows(
                response, "do not have access to the admin"
            ), path
        elif persona == "site-editor-not-reader":
            assert response.status_code == 403, path
            assert not shows(response, RESTRICTED_TITLE), path
        else:
            # Readers get the view, or Wagtail's own answer for what their role may not do
            # (editors cannot delete or unpublish: a redirect to the dashboard), never a 403 of ours.
            assert response.status_code in (200, 302), (path, response.status_code)
            if response.status_code == 302:
                assert not response["Location"].startswith("/accounts/login/"), path


@pytest.mark.parametrize("persona", PERSONAS)
def test_addresses_naming_a_restricted_document(as_persona, persona, restricted_document):
    client = as_persona(persona)
    for path in document_paths(restricted_document):
        response = client.get(path)
        if persona in ("anonymous", "password-only"):
            assert response.status_code == 302 and response["Location"].startswith(
                "/accounts/login/"
            ), path
        elif persona in NO_ADMIN:
            assert response.status_code == 403, path
        elif persona == "site-editor-not-reader":
            assert response.status_code == 403, path
            assert not shows(response, RESTRICTED_DOCUMENT), path
        else:
            assert response.status_code in (200, 302), (path, response.status_code)


@pytest.mark.parametrize("persona", ["site-editor-not-reader", *READERS])
def test_listings_name_restricted_material_only_to_readers(
    as_persona, persona, home, area, area_child
):
    # The latest change anywhere is to the restricted page, so it heads the site history
    # whatever else the demo seed logged before it.
    area_child.specific.save_revision(user=user("admin"), log_action=True)
    client = as_persona(persona)
    seen = []
    for path in listing_paths(home, area):
        response = client.get(path)
        assert response.status_code in (200, 302, 400, 403), (path, response.status_code)
        if shows(response, RESTRICTED_TITLE) or shows(response, RESTRICTED_DOCUMENT):
            seen.append(path)
    if persona == "site-editor-not-reader":
        assert seen == [], f"restricted titles shown in {seen}"
    else:
        # Readers find it where an editor looks: the page search, site history and documents.
        for path in (
            reverse("wagtailadmin_pages:search_results") + "?q=minutes",
            reverse("wagtailadmin_reports:site_history"),
            reverse("wagtaildocs:index"),
        ):
            assert path in seen, path


def test_a_public_page_stays_fully_editable_for_the_site_editor(as_persona, police):
    client = as_persona("site-editor-not-reader")
    for name in ("edit", "history", "usage"):
        assert (
            client.get(reverse(f"wagtailadmin_pages:{name}", args=[police.pk])).status_code == 200
        ), name


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("approver", True), ("admin", True), ("editor", False), ("site-editor-not-reader", False)],
)
def test_only_smb_approvers_change_who_may_read_a_page_or_collection(
    as_persona, persona, allowed, police, restricted_document
):
    client = as_persona(persona)
    page_privacy = client.get(reverse("wagtailadmin_pages:set_privacy", args=[police.pk]))
    collection_privacy = client.get(
        reverse("wagtailadmin_collections:set_privacy", args=[restricted_document.collection_id])
    )
    if allowed:
        assert page_privacy.status_code == 200
        assert collection_privacy.status_code == 200
    else:
        for response in (page_privacy, collection_privacy):
            assert response.status_code in (302, 403)
            if response.status_code == 302:
                assert response["Location"] == reverse("wagtailadmin_home")


def test_changes_to_who_may_read_are_in_the_site_history(as_persona, police, restricted_document):
    from wagtail.models import ModelLogEntry, PageLogEntry

    client = as_persona("approver")
    response = client.post(
        reverse("wagtailadmin_pages:set_privacy", args=[police.pk]),
        {"restriction_type": "login"},
    )
    assert response.status_code == 200
    page_entry = PageLogEntry.objects.filter(
        page=police, action="wagtail.view_restriction.create"
    ).get()
    assert page_entry.user == user("approver")
    response = client.post(
        reverse("wagtailadmin_collections:set_privacy", args=[restricted_document.collection_id]),
        {"restriction_type": "none"},
    )
    assert response.status_code == 200
    entry = ModelLogEntry.objects.filter(action="portal.collection_privacy").get()
    assert entry.user == user("approver")
    assert entry.data["after"] is None and entry.data["before"]["type"] == "groups"
