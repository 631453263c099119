"""Side paths closed: the admin for someone without admin access, Wagtail's shared-password
view, guessed document names, unused HTTP methods, browser features, incomplete audits of the
read API, honest waiting messages after wrong codes, and no debug pages by default."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.test import Client
from django.urls import reverse

from portal.accounts.models import RestrictedView
from portal.core.models import PageAudience
from tests.accounts.conftest import device_id, password_step, totp
from tests.conftest import login_verified, user
from tests.factories import StandardPageFactory, restrict

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("persona", ["practitioner", "lead"])
def test_the_admin_tells_a_verified_reader_without_admin_access_so(client, persona):
    login_verified(client, user(persona))
    response = client.get("/admin/")
    assert response.status_code == 403
    assert "You do not have access to the admin" in response.content.decode()
    assert client.get("/admin/pages/").status_code == 403


def test_wagtails_shared_password_views_are_not_mounted(client, area):
    assert client.get(f"/_util/authenticate_with_password/1/{area.pk}/").status_code == 404
    assert (
        client.post(
            f"/_util/authenticate_with_password/1/{area.pk}/", {"password": "x"}
        ).status_code
        == 404
    )
    assert (
        client.post("/documents/authenticate_with_password/1/", {"password": "x"}).status_code
        == 404
    )


def test_a_restricted_document_gives_the_same_answer_whatever_the_filename(restricted_document):
    right = Client().get(
        reverse("wagtaildocs_serve", args=[restricted_document.pk, restricted_document.filename])
    )
    wrong = Client().get(
        reverse("wagtaildocs_serve", args=[restricted_document.pk, "guessed-name.pdf"])
    )
    assert right.status_code == wrong.status_code == 302
    assert (
        right["Location"].split("?")[0]
        == wrong["Location"].split("?")[0]
        == reverse("accounts:login")
    )
    assert not right.has_header("ETag") and not wrong.has_header("ETag")


def test_a_reader_with_the_wrong_filename_gets_a_404(client, restricted_document):
    login_verified(client, user("practitioner"))
    assert (
        client.get(
            reverse("wagtaildocs_serve", args=[restricted_document.pk, "guessed.pdf"])
        ).status_code
        == 404
    )
    response = client.get(
        reverse("wagtaildocs_serve", args=[restricted_document.pk, restricted_document.filename])
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "method", ["TRACE", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "PROPFIND"]
)
@pytest.mark.parametrize(
    "path", ["/", "/static/css/portal.css", "/api/v2/pages/", "/admin/", "/accounts/login/"]
)
def test_unused_methods_are_refused_everywhere(client, method, path):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"


def test_browser_features_the_portal_does_not_use_are_switched_off(client):
    policy = client.get("/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


def test_restricted_pages_listed_by_the_read_api_are_each_audited(client, home):
    section = StandardPageFactory(parent=home, title="Case conference notes")
    restrict(section)
    inside = [StandardPageFactory(parent=section) for _ in range(2)]
    login_verified(client, user("practitioner"))
    before = RestrictedView.objects.count()
    response = client.get(
        "/api/v2/pages/", {"descendant_of": home.pk, "type": "core.StandardPage", "fields": "body"}
    )
    listed = {item["id"] for item in response.json()["items"]}
    assert {section.pk, *(page.pk for page in inside)} <= listed
    rows = RestrictedView.objects.filter(
        pk__gt=RestrictedView.objects.order_by("pk")[before - 1].pk if before else 0
    )
    audited = {row.object_id for row in rows}
    assert {section.pk, *(page.pk for page in inside)} <= audited
    assert not audited & {
        page_id for page_id in listed if not PageAudience.objects.filter(page_id=page_id).exists()
    }
    assert {row.kind for row in rows} == {RestrictedView.API}
    assert {row.username for row in rows} == {"practitioner"}


def test_after_a_wrong_code_the_wait_is_said_honestly(client):
    password_step(client, "practitioner")
    device = device_id(client.get("/accounts/login/code/"))
    wrong = f"{(int(totp()) + 3) % 1_000_000:06d}"
    client.post("/accounts/login/code/", {"code": wrong, "device": device})
    html = client.post("/accounts/login/code/", {"code": wrong, "device": device}).content.decode()
    assert "Wait 1 second, then enter the latest code from your authenticator app" in html
    assert "1 seconds" not in html


def test_the_backup_code_page_does_not_ask_for_an_authenticator_code(client):
    from portal.accounts import otp

    otp.new_backup_codes(user("practitioner"))
    password_step(client, "practitioner")
    page = client.get("/accounts/login/backup-code/")
    device = device_id(page)
    client.post("/accounts/login/backup-code/", {"code": "aaaaa-bbbbb", "device": device})
    html = client.post(
        "/accounts/login/backup-code/", {"code": "aaaaa-bbbbb", "device": device}
    ).content.decode()
    assert "Wait 1 second, then enter one of your backup codes" in html
    assert "authenticator" not in html.split("Wait 1 second", 1)[1][:80]


@pytest.mark.parametrize(("switch", "debug"), [("", "False"), ("1", "True")])
def test_development_settings_show_the_portals_own_error_pages_unless_asked(switch, debug):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.dev", PORTAL_DEBUG=switch)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == debug
