"""The restricted practitioner area against every way it could leak, the audit of restricted reads,
and the administrator's tools."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    ModelLogEntry,
    Page,
    PageViewRestriction,
)

from portal.accounts.models import RestrictedView, UserSession
from portal.core.models import PageAudience, StandardPage
from portal.core.visibility import NAMED_GROUPS, readable_pages
from tests.conftest import login_password_only, login_verified

from .conftest import sign_in, user

pytestmark = pytest.mark.django_db


def body(text="Some words."):
    return [("paragraph", f"<p>{text}</p>")]


# -- the read API --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "?descendant_of={area}",
        "?child_of={area}",
        "?type=core.StandardPage&fields=*",
        "?fields=body&limit=50",
        "?search=minutes",
        "?order=title&limit=50",
        "?slug=mappa-minutes",
    ],
    ids=["descendant-of", "child-of", "type-fields-all", "fields-body", "search", "order", "slug"],
)
def test_api_queries_never_show_restricted_pages_to_unverified_sessions(client, area, query):
    login_password_only(client, user("practitioner"))
    response = client.get("/api/v2/pages/" + query.format(area=area.pk))
    assert response.status_code in (200, 400)
    text = response.content.decode()
    assert "Handling and disclosing" not in text and "Practitioner area" not in text
    assert "Level 3 escalation" not in text


def test_drafts_and_scheduled_pages_stay_hidden_even_from_readers(client, area):
    draft = StandardPage(
        title="Draft escalation notes", slug="draft-notes", body=body(), live=False
    )
    area.add_child(instance=draft)
    login_verified(client, user("practitioner"))
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert client.get("/practitioners/draft-notes/").status_code == 404
    # The draft is restricted from its first save, before anyone publishes it.
    assert PageAudience.objects.filter(page=draft).exists()


def test_total_count_is_the_same_for_anonymous_and_password_only(client):
    anonymous = Client().get("/api/v2/pages/").json()["meta"]["total_count"]
    login_password_only(client, user("practitioner"))
    assert client.get("/api/v2/pages/").json()["meta"]["total_count"] == anonymous
    verified = (
        login_verified(Client(), user("practitioner"))
        .get("/api/v2/pages/")
        .json()["meta"]["total_count"]
    )
    assert verified == anonymous + 4


# -- documents -----------------------------------------------------------------------------------


def test_documents_in_child_collections_of_a_restricted_one_are_hidden(client):
    parent = Collection.objects.get(name="Practitioners only")
    child = parent.add_child(instance=Collection(name="Level 3 papers"))
    Document = get_document_model()
    doc = Document(title="Level 3 meeting template", collection=child)
    doc.file.save("level-3-template.txt", ContentFile(b"template"), save=True)
    listing = client.get("/api/v2/documents/").json()
    assert doc.pk not in {item["id"] for item in listing["items"]}
    assert client.get(f"/api/v2/documents/{doc.pk}/").status_code == 404
    assert client.get(doc.url).status_code == 302
    login_verified(client, user("lead"))
    assert doc.pk in {item["id"] for item in client.get("/api/v2/documents/").json()["items"]}


def test_served_documents_download_with_safe_headers(client, restricted_document):
    login_verified(client, user("practitioner"))
    response = client.get(restricted_document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] and not response.has_header("ETag")


def test_the_raw_file_is_not_served(client, restricted_document):
    assert client.get("/media/" + restricted_document.file.name).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/documents/{id}/wrong-name.txt",
        "/documents/{id}/..%2f..%2fportal%2fsettings%2fbase.py",
        "/documents/{id}/mappa-minutes-handling-checklist.txt%00",
        "/documents/{id}/%c0%ae%c0%ae/",
        "/practitioners%0a/",
        "/practitioners/;/",
        "/practitioners/mappa-minutes%2f..%2f/",
        "/practitioners/..%2fabout/",
    ],
)
def test_path_tricks_get_a_404_never_the_file(client, restricted_document, path):
    response = client.get(path.format(id=restricted_document.pk))
    assert response.status_code in (302, 400, 404)
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")
    assert b"CHECKLIST" not in response.content


# -- images are public ---------------------------------------------------------------------------


def test_images_cannot_be_put_in_a_restricted_collection():
    restricted = Collection.objects.get(name="Practitioners only")
    ImageForm = get_image_form(get_image_model())
    form = ImageForm(data={"title": "Diagram", "collection": restricted.pk, "tags": ""}, files={})
    assert not form.is_valid()
    assert "Images are always public" in str(form.errors["collection"])
    public = ImageForm(data={"title": "Diagram", "collection": Collection.get_first_root_node().pk})
    public.is_valid()
    assert "collection" not in public.errors


def test_the_restricted_area_page_type_has_no_image_blocks():
    from wagtail.images.blocks import ImageChooserBlock

    stream = StandardPage._meta.get_field("body").stream_block
    assert not any(isinstance(block, ImageChooserBlock) for block in stream.child_blocks.values())
    for block in stream.child_blocks.values():
        features = getattr(block, "features", None) or []
        assert "image" not in features and "embed" not in features


def test_the_bulk_add_to_collection_refuses_restricted_collections(client):
    from io import BytesIO

    from PIL import Image as PILImage

    buffer = BytesIO()
    PILImage.new("RGB", (4, 4), "red").save(buffer, "PNG")
    image = get_image_model().objects.create(
        title="Map",
        file=ContentFile(buffer.getvalue(), name="map.png"),
        collection=Collection.get_first_root_node(),
    )
    restricted = Collection.objects.get(name="Practitioners only")
    login_verified(client, user("admin"))
    client.post(
        f"/admin/bulk/wagtailimages/image/add_to_collection/?next=/admin/images/&id={image.pk}",
        {"collection": restricted.pk},
    )
    image.refresh_from_db()
    assert image.collection_id != restricted.pk


# -- sitemap, feeds, previews --------------------------------------------------------------------


def test_no_feed_under_the_restricted_section(client):
    for path in ("/practitioners/feed/", "/practitioners/updates.atom", "/practitioners/rss/"):
        response = client.get(path)
        assert response.status_code in (302, 404)
        assert b"minutes" not in response.content.lower()


def test_site_feeds_do_not_carry_restricted_titles(client):
    response = client.get("/guidance/updates.atom")
    if response.status_code == 200:
        assert b"Practitioner area" not in response.content
        assert b"Handling and disclosing" not in response.content


def test_previews_and_admin_reads_need_a_verified_editor(client, area_child):
    login_password_only(client, user("editor"))
    for path in (
        f"/admin/pages/{area_child.pk}/edit/preview/",
        f"/admin/pages/{area_child.pk}/history/",
        f"/admin/pages/{area_child.pk}/revisions/",
        f"/admin/api/main/pages/{area_child.pk}/",
    ):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(
            "/accounts/login/"
        ), path


# -- copies and aliases --------------------------------------------------------------------------


def test_copying_a_section_restricted_page_to_a_public_place_is_refused(client, area_child, home):
    login_verified(client, user("admin"))
    before = Page.objects.count()
    response = client.post(
        f"/admin/pages/{area_child.pk}/copy/",
        {
            "new_title": "Copied minutes guidance",
            "new_slug": "copied-minutes",
            "new_parent_page": home.pk,
            "copy_subpages": "",
            "publish_copies": "on",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(
        f"/admin/pages/{area_child.pk}/copy/"
    )
    assert Page.objects.count() == before
    # Into the restricted section itself is fine.
    response = client.post(
        f"/admin/pages/{area_child.pk}/copy/",
        {
            "new_title": "Copied minutes guidance",
            "new_slug": "copied-minutes",
            "new_parent_page": area_child.get_parent().pk,
        },
    )
    assert Page.objects.count() == before + 1
    copied = Page.objects.get(slug="copied-minutes")
    assert not copied.live, "copies wait for SMB sign-off"
    assert PageAudience.objects.filter(page=copied).exists(), (
        "the copy is as restricted as its section"
    )


def test_an_alias_in_a_public_place_stays_restricted(client, area_child, home):
    alias = area_child.specific.create_alias(parent=home, update_slug="minutes-alias")
    assert PageAudience.objects.filter(page=alias).exists()
    assert client.get("/minutes-alias/").status_code == 302
    assert alias.pk not in {p["id"] for p in client.get("/api/v2/pages/?limit=50").json()["items"]}
    assert client.get(f"/api/v2/pages/{alias.pk}/").status_code == 404


# -- headers and the privacy options -------------------------------------------------------------


def test_restricted_pages_are_private_and_vary_on_cookie(client):
    login_verified(client, user("practitioner"))
    response = client.get("/practitioners/")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert not response.has_header("ETag") and not response.has_header("Last-Modified")


def test_public_pages_for_anonymous_visitors_stay_cacheable(client):
    response = client.get("/about/")
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_privacy_setting_has_no_shared_password(client, area):
    login_verified(client, user("admin"))
    html = client.get(f"/admin/pages/{area.pk}/privacy/").content.decode()
    assert "accessible to users in specific groups" in html
    assert "shared password" not in html.lower()
    collection = Collection.objects.get(name="Practitioners only")
    html = client.get(f"/admin/collections/{collection.pk}/privacy/").content.decode()
    assert "specific groups" in html and "shared password" not in html.lower()


# -- one mechanism, any section ------------------------------------------------------------------


def test_editors_can_restrict_any_section_with_the_privacy_setting(client, about):
    login_verified(client, user("admin"))
    response = client.post(
        f"/admin/pages/{about.pk}/privacy/",
        {
            "restriction_type": "groups",
            "groups": list(
                Group.objects.filter(permissions__codename="view_restricted").values_list(
                    "pk", flat=True
                )
            ),
        },
    )
    assert response.status_code == 200
    assert PageAudience.objects.get(page=about).audience == PageAudience.PRACTITIONERS
    assert Client().get("/about/").status_code == 302
    assert about.pk not in {
        p["id"] for p in Client().get("/api/v2/pages/?limit=50").json()["items"]
    }
    assert login_verified(Client(), user("lead")).get("/about/").status_code == 200
    # And lifting it makes the section public again.
    client.post(f"/admin/pages/{about.pk}/privacy/", {"restriction_type": "none"})
    assert not PageAudience.objects.filter(page=about).exists()
    assert Client().get("/about/").status_code == 200


def test_a_restriction_narrower_than_the_reader_groups_fails_closed(client, about):
    restriction = PageViewRestriction.objects.create(
        page=about, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="SMB approvers")])
    assert PageAudience.objects.get(page=about).audience == NAMED_GROUPS
    practitioner = login_verified(Client(), user("practitioner"))
    assert practitioner.get("/about/").status_code == 403
    assert about.pk not in {
        p["id"] for p in practitioner.get("/api/v2/pages/?limit=50").json()["items"]
    }
    approver = login_verified(Client(), user("approver"))
    assert approver.get("/about/").status_code == 200
    admin = login_verified(Client(), user("admin"))
    assert about.pk in {p["id"] for p in admin.get("/api/v2/pages/?limit=50").json()["items"]}
    # Widening it to every reader group gives the ordinary practitioner audience.
    restriction.groups.set(Group.objects.filter(permissions__codename="view_restricted"))
    assert PageAudience.objects.get(page=about).audience == PageAudience.PRACTITIONERS


def test_moving_a_page_out_of_the_restricted_section_makes_it_public(area_child, home):
    area_child.move(home, pos="last-child")
    assert not PageAudience.objects.filter(page=area_child).exists()
    assert Client().get("/mappa-minutes/").status_code == 200


def test_readable_pages_treats_password_only_like_anonymous(rf, area):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    anonymous = set(readable_pages(request).values_list("pk", flat=True))
    request.user = user("practitioner")
    request.user.is_verified = lambda: False
    assert set(readable_pages(request).values_list("pk", flat=True)) == anonymous
    request.user.is_verified = lambda: True
    assert area.pk in set(readable_pages(request).values_list("pk", flat=True))


# -- the audit of restricted reads ---------------------------------------------------------------


def test_every_view_of_restricted_material_is_recorded(client, area_child, restricted_document):
    Client().get(area_child.url)  # refused: not recorded
    sign_in(client, "practitioner")
    client.get("/practitioners/mappa-minutes/")
    b"".join(client.get(restricted_document.url).streaming_content)
    client.get(f"/api/v2/pages/{area_child.pk}/")
    client.get("/about/")  # public: not recorded
    rows = list(
        RestrictedView.objects.order_by("viewed_at").values_list("username", "kind", "title")
    )
    assert rows == [
        ("practitioner", "page", "Handling and disclosing MAPPA minutes"),
        ("practitioner", "document", "MAPPA minutes handling checklist"),
        ("practitioner", "api", "Handling and disclosing MAPPA minutes"),
    ]


def test_the_audit_is_listed_in_the_admin_for_smb_approvers_only(client, area_child):
    RestrictedView.objects.create(
        user=user("lead"),
        username="lead",
        kind="page",
        object_id=area_child.pk,
        title="Handling and disclosing MAPPA minutes",
        url="/practitioners/mappa-minutes/",
    )
    approver = login_verified(Client(), user("approver"))
    response = approver.get("/admin/restricted_reads/")
    assert response.status_code == 200
    assert "Handling and disclosing MAPPA minutes" in response.content.decode()
    assert "Restricted reads" in approver.get("/admin/").content.decode()
    csv = approver.get("/admin/restricted_reads/?export=csv")
    assert csv.status_code == 200 and b"lead" in b"".join(csv.streaming_content)
    # Nobody adds to or edits the record, not even a superuser.
    admin = login_verified(Client(), user("admin"))
    row = RestrictedView.objects.get()
    for path in (
        "/admin/restricted_reads/new/",
        f"/admin/restricted_reads/edit/{row.pk}/",
        f"/admin/restricted_reads/delete/{row.pk}/",
    ):
        assert approver.get(path).status_code in (302, 403, 404), path
        assert admin.get(path).status_code in (302, 403, 404), path
    # An editor has the admin but not the audit.
    editor = login_verified(Client(), user("editor"))
    assert editor.get("/admin/restricted_reads/").status_code in (302, 403)
    assert "Restricted reads" not in editor.get("/admin/").content.decode()


# -- the administrator resets an authenticator ---------------------------------------------------


def test_an_administrator_resets_an_authenticator_and_it_is_logged(client):
    practitioner_session = Client()
    sign_in(practitioner_session, "practitioner")
    admin = login_verified(client, user("admin"))
    listing = admin.get("/admin/users/").content.decode()
    assert "Reset two-factor sign-in" in listing
    target = user("practitioner")
    page = admin.get(f"/admin/accounts/reset-authenticator/{target.pk}/")
    assert page.status_code == 200 and "signs them out everywhere" in page.content.decode()
    response = admin.post(f"/admin/accounts/reset-authenticator/{target.pk}/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=target).exists()
    assert not UserSession.objects.filter(user=target).exists()
    assert practitioner_session.get("/practitioners/").status_code == 302
    entry = ModelLogEntry.objects.get(action="accounts.reset_authenticator")
    assert entry.user_id == user("admin").pk and entry.object_id == str(target.pk)
    # Next time, the password step leads to setting up a new authenticator.
    from .conftest import password_step

    assert password_step(Client(), "practitioner")["Location"] == "/accounts/login/set-up/"


def test_only_user_managers_may_reset_and_never_a_superuser_unless_superuser(client):
    editor = login_verified(client, user("editor"))
    assert editor.post(
        f"/admin/accounts/reset-authenticator/{user('practitioner').pk}/"
    ).status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=user("practitioner")).exists()
    from portal.accounts.admin_views import can_reset

    manager = user("approver")
    from django.contrib.auth.models import Permission

    manager.user_permissions.add(Permission.objects.get(codename="change_user"))
    manager = user("approver")
    assert can_reset(manager, user("practitioner"))
    assert not can_reset(manager, user("admin"))


# -- site search (the search service asks portal.core.visibility) --------------------------------


@pytest.mark.parametrize("persona", ["anonymous", "password-only", "verified"])
def test_search_shows_restricted_pages_only_to_verified_readers(client, persona):
    if persona == "password-only":
        login_password_only(client, user("practitioner"))
    elif persona == "verified":
        login_verified(client, user("practitioner"))
    for url in ("/search/?q=escalation+checklist", "/api/v2/search/?q=escalation+checklist"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert ("Level 3 escalation checklist" in response.content.decode()) == (
            persona == "verified"
        ), url
