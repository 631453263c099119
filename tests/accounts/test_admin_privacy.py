"""Reading restricted material through the admin: an admin user who edits only /agencies/ and may not read restricted
material, signed in with two factors, against every admin path that could show or copy the
restricted practitioner area: previews, drafts, revisions, history, the admin API, copying,
and the page, document and image choosers."""

import json

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import NoReverseMatch, reverse

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from tests.conftest import login_verified

from .conftest import user

pytestmark = pytest.mark.django_db

# Titles and body text of the restricted area, its pages and its document.
RESTRICTED_TEXT = [
    "Practitioner area",
    "Handling and disclosing MAPPA minutes",
    "Level 3 escalation checklist",
    "Making a MAPPA referral",
    "MAPPA minutes handling checklist",
    "mappa-minutes-handling-checklist",
    "co-ordination unit",
    "OFFICIAL-SENSITIVE",
]


def assert_nothing_restricted(response):
    text = response.content.decode(errors="replace").lower()
    for phrase in RESTRICTED_TEXT:
        assert phrase.lower() not in text, (phrase, response.request["PATH_INFO"])


def assert_refused(response):
    """403, 404 or a redirect away, with nothing of the restricted area in the body."""
    assert response.status_code in (302, 403, 404), (
        response.status_code,
        response.request["PATH_INFO"],
    )
    if response.status_code == 302:
        assert "/practitioners" not in response["Location"]
    assert_nothing_restricted(response)


@pytest.fixture
def agency_editor(client, agency_index):
    """Admin access and add/change on /agencies/ only; no core.view_restricted; two factors."""
    group = Group.objects.create(name="Agency section editors")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=agency_index,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    account = get_user_model().objects.create_user(
        "agencyeditor", password="an-agency-editor-passphrase-1"
    )
    account.groups.add(group)
    assert not account.has_perm("core.view_restricted")
    return login_verified(client, account)


@pytest.fixture
def may_choose_documents_and_images():
    """Let the agency editor choose any document and image, as an editor linking to public
    checklists would: the restricted collection must still stay out of reach."""
    group = Group.objects.get(name="Agency section editors")
    root = Collection.get_first_root_node()
    for app_label, codename in (
        ("wagtaildocs", "choose_document"),
        ("wagtailimages", "choose_image"),
    ):
        GroupCollectionPermission.objects.create(
            group=group,
            collection=root,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )


# -- previews, drafts, revisions, history, the admin API -------------------------------------------


def test_previews_and_view_draft_of_a_restricted_page_are_refused(agency_editor, area, area_child):
    for page in (area, area_child):
        for url in (
            reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]),
            reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
        ):
            assert_refused(agency_editor.get(url))
        # Posting chosen data to the preview must not render the page either.
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        assert_refused(agency_editor.post(url, {"title": "Probe", "slug": page.slug}))
        assert_refused(agency_editor.get(url + "?in_preview_panel=true&mode="))


def test_revisions_compare_and_history_of_a_restricted_page_are_refused(agency_editor, area_child):
    revision = area_child.latest_revision
    assert revision is not None
    for url in (
        reverse("wagtailadmin_pages:revisions_index", args=[area_child.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[area_child.pk, revision.pk]),
        reverse(
            "wagtailadmin_pages:revisions_compare", args=[area_child.pk, "earliest", revision.pk]
        ),
        reverse("wagtailadmin_pages:revisions_compare", args=[area_child.pk, "live", revision.pk]),
        reverse("wagtailadmin_pages:history", args=[area_child.pk]),
        reverse("wagtailadmin_pages:history_results", args=[area_child.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[area_child.pk]),
        reverse("wagtailadmin_pages:usage", args=[area_child.pk]),
    ):
        assert_refused(agency_editor.get(url))


def test_a_revision_of_a_restricted_page_cannot_be_read_through_a_page_of_ones_own(
    agency_editor, agency_index, area_child
):
    """Revision ids are guessable: pairing one with a page the editor may edit shows nothing."""
    revision = area_child.latest_revision
    for url in (
        reverse("wagtailadmin_pages:revisions_view", args=[agency_index.pk, revision.pk]),
        reverse(
            "wagtailadmin_pages:revisions_compare", args=[agency_index.pk, "earliest", revision.pk]
        ),
    ):
        assert_refused(agency_editor.get(url))


@pytest.mark.parametrize(
    "query",
    [
        "?fields=title,intro,body,seo_title,search_description,slug",
        "?fields=*",
        "?child_of={area}&fields=title",
        "?descendant_of={area}",
        "?for_explorer=1&child_of={area}",
        "?search=minutes",
        "?slug=mappa-minutes",
        "?type=core.StandardPage&fields=intro&limit=50",
        "?order=title&limit=50",
    ],
)
def test_admin_api_lists_no_restricted_page_or_field(agency_editor, area, query):
    response = agency_editor.get("/admin/api/main/pages/" + query.format(area=area.pk))
    assert response.status_code in (200, 400, 403, 404)
    assert_nothing_restricted(response)
    if response.status_code == 200:
        listed = {item["id"] for item in json.loads(response.content)["items"]}
        assert not listed & set(area.get_descendants(inclusive=True).values_list("pk", flat=True))


def test_admin_api_detail_of_a_restricted_page_is_refused(agency_editor, area, area_child):
    for page in (area, area_child):
        for query in ("", "?fields=*", "?fields=intro,body"):
            assert_refused(agency_editor.get(f"/admin/api/main/pages/{page.pk}/{query}"))


def test_an_editor_who_may_read_restricted_material_still_previews_it(client, area_child):
    """The decision is about readers, not a blanket ban: SMB editors keep their preview."""
    login_verified(client, user("editor"))
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[area_child.pk]))
    assert response.status_code == 200
    assert b"Handling and disclosing MAPPA minutes" in response.content


# -- copying, choosers, translation --------------------------------------------------------------


def test_copying_a_restricted_page_into_ones_own_section_is_refused(
    agency_editor, agency_index, area, area_child
):
    before = Page.objects.count()
    for page in (area, area_child):
        url = reverse("wagtailadmin_pages:copy", args=[page.pk])
        assert_refused(agency_editor.get(url))
        response = agency_editor.post(
            url,
            {
                "new_title": "Copied into agencies",
                "new_slug": f"copied-{page.slug}",
                "new_parent_page": agency_index.pk,
                "copy_subpages": "on",
                "publish_copies": "on",
            },
        )
        assert_refused(response)
    assert Page.objects.count() == before
    assert not Page.objects.filter(slug__startswith="copied-").exists()
    assert not agency_index.get_descendants().filter(title__icontains="MAPPA minutes").exists()


def test_page_chooser_lists_no_restricted_page(agency_editor, home, area, area_child):
    for url in (
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_choose_page_child", args=[home.pk]),
        reverse("wagtailadmin_choose_page_child", args=[home.get_parent().pk]),
        reverse("wagtailadmin_choose_page_search") + "?q=minutes",
        reverse("wagtailadmin_choose_page_search") + "?q=practitioner",
        reverse("wagtailadmin_choose_page_search") + "?q=referral",
        reverse("wagtailadmin_choose_page_search") + "?q=",
    ):
        response = agency_editor.get(url)
        assert response.status_code == 200, url
        assert_nothing_restricted(response)
    # Browsing into the restricted section itself is a 404, not a list of its titles.
    for page in (area, area_child):
        assert_refused(agency_editor.get(reverse("wagtailadmin_choose_page_child", args=[page.pk])))
    # The "chosen multiple" endpoint only echoes what it is given; it must not describe it.
    response = agency_editor.get(
        reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={area.pk}&id={area_child.pk}"
    )
    assert_nothing_restricted(response)


def test_page_chooser_still_lists_the_area_for_readers(client, home, area):
    login_verified(client, user("editor"))
    response = client.get(reverse("wagtailadmin_choose_page_child", args=[home.pk]))
    assert b"Practitioner area" in response.content
    response = client.get(reverse("wagtailadmin_choose_page_child", args=[area.pk]))
    assert response.status_code == 200
    assert b"Handling and disclosing MAPPA minutes" in response.content
    response = client.get(reverse("wagtailadmin_choose_page_search") + "?q=minutes")
    assert b"Handling and disclosing MAPPA minutes" in response.content


def test_explorer_hides_the_restricted_area_from_non_readers(client, home):
    """A non-reader who may explore the whole site (add/change from the home page) sees public
    pages but not the restricted section; SMB editors see it."""
    group = Group.objects.create(name="Whole-site editors without restricted reading")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    GroupPagePermission.objects.create(
        group=group,
        page=home,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    account = get_user_model().objects.create_user("sitewide", password="a-site-wide-passphrase-1")
    account.groups.add(group)
    login_verified(client, account)
    response = client.get(reverse("wagtailadmin_explore", args=[home.pk]))
    assert response.status_code == 200
    assert b"Agencies" in response.content or b"agencies" in response.content
    assert_nothing_restricted(response)
    login_verified(client, user("editor"))
    response = client.get(reverse("wagtailadmin_explore", args=[home.pk]))
    assert b"Practitioner area" in response.content


@pytest.mark.parametrize(
    "with_choose_permission", [False, True], ids=["no-collection-perms", "choose-all"]
)
def test_document_chooser_lists_and_returns_no_restricted_document(
    agency_editor, restricted_document, request, with_choose_permission
):
    if with_choose_permission:
        request.getfixturevalue("may_choose_documents_and_images")
    for url in (
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtaildocs_chooser:choose_results") + "?q=checklist",
        reverse("wagtaildocs_chooser:choose_results")
        + f"?collection_id={restricted_document.collection_id}",
    ):
        response = agency_editor.get(url)
        assert response.status_code in (200, 403), url
        assert_nothing_restricted(response)
    assert_refused(
        agency_editor.get(reverse("wagtaildocs_chooser:chosen", args=[restricted_document.pk]))
    )
    response = agency_editor.get(
        reverse("wagtaildocs_chooser:chosen_multiple") + f"?id={restricted_document.pk}"
    )
    assert response.status_code in (200, 403, 404)
    assert_nothing_restricted(response)
    # The documents listing and edit form agree with the chooser.
    assert_nothing_restricted(agency_editor.get(reverse("wagtaildocs:index")))
    assert_refused(agency_editor.get(reverse("wagtaildocs:edit", args=[restricted_document.pk])))


def test_readers_still_choose_the_restricted_document(client, restricted_document):
    login_verified(client, user("editor"))
    response = client.get(reverse("wagtaildocs_chooser:choose"))
    assert b"MAPPA minutes handling checklist" in response.content
    response = client.get(reverse("wagtaildocs_chooser:chosen", args=[restricted_document.pk]))
    assert response.status_code == 200
    assert b"MAPPA minutes handling checklist" in response.content


def test_image_chooser_shows_nothing_restricted(agency_editor, may_choose_documents_and_images):
    """Images are public by design and cannot sit in a restricted collection (README)."""
    response = agency_editor.get(reverse("wagtailimages_chooser:choose"))
    assert response.status_code == 200
    assert_nothing_restricted(response)
    response = agency_editor.get(reverse("wagtailimages_chooser:choose_results") + "?q=minutes")
    assert response.status_code == 200
    assert_nothing_restricted(response)


def test_translation_endpoints_are_not_installed(agency_editor, area_child):
    from django.conf import settings

    assert "wagtail.contrib.simple_translation" not in settings.INSTALLED_APPS
    with pytest.raises(NoReverseMatch):
        reverse("simple_translation:submit_page_translation", args=[area_child.pk])
    for url in (
        f"/admin/translation/submit/page/{area_child.pk}/",
        f"/admin/translate/page/{area_child.pk}/",
        f"/admin/localize/page/{area_child.pk}/",
        f"/admin/pages/{area_child.pk}/copy_for_translation/",
        f"/admin/api/main/pages/{area_child.pk}/action/copy_for_translation/",
    ):
        response = (
            agency_editor.post(url, {"locales": ["1"]})
            if "action" in url
            else agency_editor.get(url)
        )
        # Not found, or refused first because the page named is restricted.
        assert response.status_code in (403, 404), url
        assert_nothing_restricted(response)


def test_page_types_report_is_refused_to_non_readers(agency_editor):
    # The report names each page type's most recently edited page, restricted ones included.
    for url in ("/admin/reports/page-types-usage/", "/admin/reports/page-types-usage/results/"):
        assert_refused(agency_editor.get(url))


def test_page_types_report_still_works_for_readers(client):
    login_verified(client, get_user_model().objects.get(username="approver"))
    response = client.get("/admin/reports/page-types-usage/")
    assert response.status_code == 200
    assert "Page types usage" in response.content.decode()
