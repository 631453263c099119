"""Setting up an authenticator, backup codes, the account page and its sessions."""

import re

import pyotp
import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from wagtail.models import ModelLogEntry

from portal.accounts.models import BackupCode, BackupCodeDevice, UserSession

from .conftest import PASSWORDS, device_id, password_step, sign_in, totp, user

pytestmark = pytest.mark.django_db


def shown_key(response):
    """The key as the page shows it: groups of four letters and digits, each kept on one line."""
    match = re.search(
        r'<code class="app-totp-key" id="totp-key">(.*?)</code>', response.content.decode()
    )
    groups = re.findall(r'<span class="app-totp-key__group">([A-Z2-7]{1,4})</span>', match.group(1))
    return "".join(groups)


def shown_codes(response):
    return re.findall(
        r'<code class="app-backup-code">([a-z2-9]{5}-[a-z2-9]{5})</code>', response.content.decode()
    )


def test_the_set_up_page_offers_the_key_as_a_link_for_the_phone_itself(client):
    password_step(client, "newstarter")
    page = client.get("/accounts/login/set-up/").content.decode()
    link = re.search(r'href="(otpauth://totp/[^"]+)"', page)
    assert link is not None
    url = link.group(1).replace("&amp;", "&")
    assert f"secret={shown_key(client.get('/accounts/login/set-up/'))}" in url
    assert "issuer=MAPPA%20Portal" in url or "issuer=MAPPA+Portal" in url


def enrol(client, username="newstarter"):
    response = password_step(client, username)
    assert response["Location"] == "/accounts/login/set-up/"
    page = client.get("/accounts/login/set-up/")
    key = shown_key(page)
    done = client.post("/accounts/login/set-up/", {"code": pyotp.TOTP(key).now()})
    return key, page, done


def test_newstarter_sets_up_an_authenticator_and_gets_ten_backup_codes(client):
    key, page, done = enrol(client)
    html = page.content.decode()
    assert "Set up two-factor sign-in" in html
    # The QR code is an inline SVG made on the server: no image from another site, no script.
    assert '<svg role="img" aria-label="QR code to scan with your authenticator app"' in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "chart.googleapis" not in html and "api.qrserver" not in html
    assert len(key) == 32 and re.fullmatch(r"[A-Z2-7]+", key)
    assert 'autocomplete="one-time-code" inputmode="numeric"' in html
    # Confirmed: signed in, and shown ten codes once.
    assert done.status_code == 200
    codes = shown_codes(done)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "You will not be able to see these codes again" in done.content.decode()
    assert client.session[SESSION_KEY] == str(user("newstarter").pk)
    assert client.session[DEVICE_ID_SESSION_KEY].startswith("otp_totp.totpdevice/")
    device = TOTPDevice.objects.get(user=user("newstarter"))
    assert device.confirmed and device.tolerance == 1
    assert ModelLogEntry.objects.filter(
        action="accounts.enrol", object_id=str(user("newstarter").pk)
    ).exists()


def test_the_key_stays_the_same_when_the_set_up_page_is_reloaded(client):
    password_step(client, "newstarter")
    first = shown_key(client.get("/accounts/login/set-up/"))
    assert shown_key(client.get("/accounts/login/set-up/")) == first


def test_a_wrong_first_code_does_not_set_anything_up(client):
    password_step(client, "newstarter")
    client.get("/accounts/login/set-up/")
    for bad, message in [
        ("", "Enter the 6-digit code"),
        ("12345", "The code must be 6 digits"),
        ("000000", "The code is not correct"),
    ]:
        response = client.post("/accounts/login/set-up/", {"code": bad})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user("newstarter"), confirmed=True).exists()
    assert SESSION_KEY not in client.session


def test_backup_codes_are_hashed_work_once_and_are_throttled(client):
    _, _, done = enrol(client)
    codes = shown_codes(done)
    client.post("/accounts/logout/")
    stored = list(
        BackupCode.objects.filter(device__user=user("newstarter")).values_list(
            "code_hash", flat=True
        )
    )
    assert len(stored) == 10
    for code in codes:
        assert not any(code.replace("-", "") in value for value in stored)
    assert all(value.startswith("$argon2id$") for value in stored)

    def backup_sign_in(code):
        password_step(client, "newstarter")
        page = client.get("/accounts/login/backup-code/")
        assert "Enter a backup code" in page.content.decode()
        return client.post(
            "/accounts/login/backup-code/", {"code": code, "device": device_id(page)}
        )

    assert backup_sign_in(codes[0].upper().replace("-", " ")).status_code == 302  # forgiving format
    assert client.session[DEVICE_ID_SESSION_KEY].startswith("accounts.backupcodedevice/")
    client.post("/accounts/logout/")
    reused = backup_sign_in(codes[0])
    assert reused.status_code == 200
    assert "The backup code is not correct or has already been used" in reused.content.decode()
    # Straight after a wrong code, even a good one waits.
    throttled = client.post(
        "/accounts/login/backup-code/", {"code": codes[1], "device": device_id(reused)}
    )
    assert "too many incorrect codes" in throttled.content.decode()
    assert BackupCodeDevice.objects.get(user=user("newstarter")).throttling_failure_count == 1
    assert BackupCode.objects.filter(device__user=user("newstarter")).count() == 9


def test_backup_code_format_errors_are_clear(client):
    enrol(client)
    client.post("/accounts/logout/")
    password_step(client, "newstarter")
    page = client.get("/accounts/login/backup-code/")
    for bad in ["", "abc", "abcde-fghij-k", "ABCDE-0OIL1", "१२३४५-६७८९०"]:
        response = client.post(
            "/accounts/login/backup-code/", {"code": bad, "device": device_id(page)}
        )
        assert response.status_code == 200
        text = response.content.decode()
        assert (
            "Enter one of your backup codes" in text
            or "A backup code is 10 letters and numbers" in text
        )


def test_account_page_shows_the_profile_factors_and_sessions(client):
    sign_in(client, "practitioner")
    response = client.get("/accounts/two-factor/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your account" in html
    assert "Probation Service" in html and "Dorset" in html
    assert "Authenticator app" in html and "Set up" in html
    assert "0 of 10 left" in html
    assert "This session" in html
    assert response["Cache-Control"].count("no-store") == 1


def test_people_can_end_their_own_other_sessions_and_nobody_elses(client):
    sign_in(client, "practitioner")
    phone = Client()
    sign_in(phone, "practitioner", code=totp(+1))
    editor = Client()
    sign_in(editor, "editor")
    editor_row = UserSession.objects.get(user=user("editor"))
    phone_row = UserSession.objects.get(
        user=user("practitioner"), session_key=phone.session.session_key
    )
    # Someone else's session: 404, and it carries on.
    assert client.post(f"/accounts/two-factor/sessions/{editor_row.pk}/end/").status_code == 404
    assert editor.get("/accounts/two-factor/").status_code == 200
    # Your own other session ends on the server.
    html = client.get("/accounts/two-factor/").content.decode()
    assert f"/accounts/two-factor/sessions/{phone_row.pk}/end/" in html
    assert (
        client.post(f"/accounts/two-factor/sessions/{phone_row.pk}/end/")["Location"]
        == "/accounts/two-factor/"
    )
    assert not SessionStore().exists(phone_row.session_key)
    assert phone.get("/accounts/two-factor/").status_code == 302
    assert (
        "That session has been signed out" in client.get("/accounts/two-factor/").content.decode()
    )
    # Ending sessions needs a POST.
    assert client.get(f"/accounts/two-factor/sessions/{editor_row.pk}/end/").status_code == 405


def test_sign_out_of_all_other_sessions(client):
    sign_in(client, "practitioner")
    other = Client()
    sign_in(other, "practitioner", code=totp(+1))
    client.post("/accounts/two-factor/sessions/end-others/")
    assert other.get("/accounts/two-factor/").status_code == 302
    assert client.get("/accounts/two-factor/").status_code == 200


def test_new_backup_codes_need_the_password_and_a_fresh_code(client):
    _, _, done = enrol(client)
    old_codes = shown_codes(done)
    page = client.get("/accounts/two-factor/backup-codes/")
    assert page.status_code == 200 and "Get new backup codes" in page.content.decode()
    device = device_id(page)
    # No password, or a wrong one, or no code: nothing changes.
    for data in (
        {"code": "123456"},
        {"password": "wrong-password", "code": "123456"},
        {"password": PASSWORDS["newstarter"], "code": ""},
    ):
        response = client.post("/accounts/two-factor/backup-codes/", {**data, "device": device})
        assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert BackupCode.objects.filter(device__user=user("newstarter")).count() == 10
    key = TOTPDevice.objects.get(user=user("newstarter")).key
    fresh = pyotp.TOTP(__import__("base64").b32encode(bytes.fromhex(key)).decode()).at(
        __import__("time").time() + 30
    )
    response = client.post(
        "/accounts/two-factor/backup-codes/",
        {"password": PASSWORDS["newstarter"], "code": fresh, "device": device},
    )
    new_codes = shown_codes(response)
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert ModelLogEntry.objects.filter(action="accounts.backup_codes").exists()


def test_replacing_the_authenticator_needs_password_and_code_and_ends_other_sessions(client):
    from tests.conftest import login_verified

    sign_in(client, "practitioner")
    other = login_verified(Client(), user("practitioner"))  # a session on another computer
    assert other.get("/accounts/two-factor/").status_code == 200
    # Step 2 cannot be reached without step 1.
    assert (
        client.get("/accounts/two-factor/authenticator/new/")["Location"]
        == "/accounts/two-factor/authenticator/"
    )
    page = client.get("/accounts/two-factor/authenticator/")
    assert "Replace your authenticator app" in page.content.decode()
    wrong = client.post(
        "/accounts/two-factor/authenticator/",
        {"password": "nope", "code": totp(+1), "device": device_id(page)},
    )
    assert "Your password is not correct" in wrong.content.decode()
    # The code used to sign in cannot be used again: a fresh one is needed.
    replayed = client.post(
        "/accounts/two-factor/authenticator/",
        {"password": PASSWORDS["practitioner"], "code": totp(), "device": device_id(page)},
    )
    assert "The code is not correct or has expired" in replayed.content.decode()
    __import__("time").sleep(1.1)  # the wrong code earned a one-second wait
    old_device = TOTPDevice.objects.get(user=user("practitioner"), confirmed=True)
    step1 = client.post(
        "/accounts/two-factor/authenticator/",
        {
            "password": PASSWORDS["practitioner"],
            "code": totp(+1),
            "device": device_id(page),
        },
    )
    assert step1["Location"] == "/accounts/two-factor/authenticator/new/"
    setup = client.get("/accounts/two-factor/authenticator/new/")
    new_key = shown_key(setup)
    assert new_key != "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    # The old app's code does not confirm the new one.
    assert (
        "The code is not correct"
        in client.post("/accounts/two-factor/authenticator/new/", {"code": totp()}).content.decode()
    )
    __import__("time").sleep(1.1)
    done = client.post(
        "/accounts/two-factor/authenticator/new/", {"code": pyotp.TOTP(new_key).now()}
    )
    assert done["Location"] == "/accounts/two-factor/"
    assert not TOTPDevice.objects.filter(pk=old_device.pk).exists()
    assert TOTPDevice.objects.filter(user=user("practitioner"), confirmed=True).count() == 1
    # This session carries on with the new device; the other one was signed out.
    assert client.get("/accounts/two-factor/").status_code == 200
    assert other.get("/accounts/two-factor/").status_code == 302
    assert ModelLogEntry.objects.filter(action="accounts.replace_authenticator").exists()


def test_a_backup_code_can_stand_in_for_the_lost_app(client):
    from portal.accounts import otp

    codes = otp.new_backup_codes(user("practitioner"))
    sign_in(client, "practitioner")
    page = client.get("/accounts/two-factor/authenticator/?method=backup")
    assert "Backup code" in page.content.decode()
    response = client.post(
        "/accounts/two-factor/authenticator/",
        {
            "password": PASSWORDS["practitioner"],
            "code": codes[0],
            "device": device_id(page),
            "method": "backup",
        },
    )
    assert response["Location"] == "/accounts/two-factor/authenticator/new/"


def test_password_reset_by_email_is_switched_off_and_never_signs_in(client):
    for path in ("/admin/password_reset/", "/admin/password_reset/done/"):
        response = client.get(path)
        assert response.status_code in (302, 404)
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"] or response["Location"].startswith(
                "/admin/"
            )
    client.post("/admin/password_reset/", {"email": "practitioner@example.org"})
    assert SESSION_KEY not in client.session


def test_account_pages_need_a_verified_session(client):
    for path in (
        "/accounts/two-factor/",
        "/accounts/two-factor/backup-codes/",
        "/accounts/two-factor/authenticator/",
        "/accounts/two-factor/authenticator/new/",
    ):
        assert client.get(path)["Location"].startswith("/accounts/login/?next=")
