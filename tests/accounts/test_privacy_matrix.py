"""The privacy matrix, in the manner of wagtail/tests/test_page_privacy.py: every kind of user
against every read path of the restricted practitioner area. Verified sessions come from the
real sign-in with codes computed by pyotp."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth import get_user_model

from tests.conftest import login_password_only

from .conftest import DEMO_TOTP, password_step, sign_in, user

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "password-step",  # passed the password step of the real sign-in, not the code step
    "password-only-session",  # authenticated without a second factor (not possible via our login)
    "verified-no-permission",  # both factors, but not in any group that reads restricted material
    "practitioner",
    "editor",
    "admin",  # superuser
]
READERS = {"practitioner", "editor", "admin"}


@pytest.fixture
def as_persona(client, db):
    def make(persona):
        if persona == "anonymous":
            return client
        if persona == "password-step":
            password_step(client, "practitioner")
            return client
        if persona == "password-only-session":
            return login_password_only(client, user("practitioner"))
        if persona == "verified-no-permission":
            outsider = get_user_model().objects.create_user(
                "outsider", password="an-outsider-passphrase-1"
            )
            TOTPDevice.objects.create(
                user=outsider, name="app", key=DEMO_TOTP.byte_secret().hex(), confirmed=True
            )
            response = password_step(client, "outsider", password="an-outsider-passphrase-1")
            assert response.status_code == 302
            from .conftest import device_id, totp

            page = client.get("/accounts/login/code/")
            assert (
                client.post(
                    "/accounts/login/code/", {"code": totp(), "device": device_id(page)}
                ).status_code
                == 302
            )
            return client
        assert sign_in(client, persona).status_code == 302
        return client

    return make


def assert_private_headers(response):
    cache_control = response["Cache-Control"]
    for directive in ("private", "no-store", "no-cache", "must-revalidate", "max-age=0"):
        assert directive in cache_control, cache_control
    assert not response.has_header("ETag")


def assert_sent_to_login(response, path):
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"
    assert b"MAPPA minutes" not in response.content


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "path", ["/practitioners/", "/practitioners/mappa-minutes/"], ids=["page", "child"]
)
def test_restricted_page_and_child(as_persona, persona, path):
    response = as_persona(persona).get(path)
    assert_private_headers(response)
    if persona in READERS:
        assert response.status_code == 200
        assert b"minutes" in response.content
    elif persona == "verified-no-permission":
        # Not sent round the sign-in again (that would loop): told they have no access.
        assert response.status_code == 403
        assert b"You do not have access to this page" in response.content
        assert b"Handling and disclosing" not in response.content
    else:
        assert_sent_to_login(response, path)


@pytest.mark.parametrize("persona", PERSONAS)
def test_restricted_document(as_persona, persona, restricted_document):
    url = restricted_document.url
    response = as_persona(persona).get(url)
    assert_private_headers(response)
    if persona in READERS:
        assert response.status_code == 200
        assert b"MAPPA MINUTES HANDLING CHECKLIST" in b"".join(response.streaming_content)
    elif persona == "verified-no-permission":
        assert response.status_code == 403
    else:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_list(as_persona, persona, area, area_child):
    client = as_persona(persona)
    items = client.get("/api/v2/pages/?type=core.StandardPage&limit=50").json()["items"]
    ids = {item["id"] for item in items}
    children = client.get(f"/api/v2/pages/?child_of={area.pk}")
    if persona in READERS:
        assert {area.pk, area_child.pk} <= ids
        assert children.status_code == 200 and children.json()["meta"]["total_count"] == 3
    else:
        assert not {area.pk, area_child.pk} & ids
        assert children.status_code == 400  # the parent does not exist for this session


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_detail(as_persona, persona, area_child):
    response = as_persona(persona).get(f"/api/v2/pages/{area_child.pk}/")
    if persona in READERS:
        assert response.status_code == 200
        assert response.json()["title"] == "Handling and disclosing MAPPA minutes"
        assert_private_headers(response)
    else:
        assert response.status_code == 404
        assert "minutes" not in response.content.decode().lower()


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_find(as_persona, persona, area_child):
    response = as_persona(persona).get(
        "/api/v2/pages/find/?html_path=/practitioners/mappa-minutes/"
    )
    if persona in READERS:
        assert response.status_code == 302
        assert f"/api/v2/pages/{area_child.pk}/" in response["Location"]
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_documents_api(as_persona, persona, restricted_document):
    client = as_persona(persona)
    listing = client.get("/api/v2/documents/").json()
    detail = client.get(f"/api/v2/documents/{restricted_document.pk}/")
    listed = restricted_document.pk in {item["id"] for item in listing["items"]}
    if persona in READERS:
        assert listed and detail.status_code == 200
    else:
        assert not listed and detail.status_code == 404
        assert "checklist" not in str(listing).lower()


@pytest.mark.parametrize("persona", PERSONAS)
def test_sitemap_never_lists_restricted_pages(as_persona, persona):
    response = as_persona(persona).get("/sitemap.xml")
    assert response.status_code == 200
    assert b"/about/" in response.content
    assert b"/practitioners/" not in response.content


@pytest.mark.parametrize("persona", PERSONAS)
def test_navigation_and_home_page_list_the_area_only_to_readers(as_persona, persona):
    html = as_persona(persona).get("/").content.decode()
    assert ("Practitioner area" in html) == (persona in READERS)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", ["/accounts/login/", "/_util/login/", "/admin/login/"])
def test_every_login_url(as_persona, persona, path):
    response = as_persona(persona).get(path + "?next=/practitioners/")
    if path == "/accounts/login/" and persona not in READERS | {"verified-no-permission"}:
        assert response.status_code == 200
        assert b'autocomplete="current-password"' in response.content
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(("/accounts/login/", "/practitioners/"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_needs_two_factors(as_persona, persona):
    response = as_persona(persona).get("/admin/")
    if persona in ("editor", "admin"):
        assert response.status_code == 200
    elif persona == "practitioner" or persona == "verified-no-permission":
        assert response.status_code in (302, 403)
        assert "/accounts/login/" not in response.get("Location", "") or persona != "editor"
    else:
        assert (
            response.status_code == 302 and response["Location"] == "/accounts/login/?next=/admin/"
        )


def test_restricted_responses_ignore_conditional_headers(client, restricted_document):
    """An anonymous request learns nothing about a restricted document from If-None-Match /
    If-Match guesses (its ETag is the file's hash)."""
    for header in ("HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH"):
        response = client.get(
            restricted_document.url, **{header: f'"{restricted_document.file_hash}"'}
        )
        assert response.status_code == 302 and not response.has_header("ETag")
