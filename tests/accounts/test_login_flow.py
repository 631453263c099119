"""The one sign-in: password, then a code. Each test is named after the attack or mistake it
guards against (the README's threat model lists them)."""

import time

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import override_settings

from portal.accounts import sessions
from portal.accounts.models import BackupCodeDevice, UserSession

from .conftest import (
    PASSWORDS,
    away_from_step_edge,
    device_id,
    password_step,
    sign_in,
    totp,
    user,
)

pytestmark = pytest.mark.django_db


def test_sign_in_with_password_then_code_reaches_the_practitioner_area(client, area):
    response = sign_in(client, "practitioner", next_url="/practitioners/")
    assert response.status_code == 302
    assert response["Location"] == "/practitioners/"
    page = client.get("/practitioners/")
    assert page.status_code == 200
    assert b"Handling and disclosing MAPPA minutes" in page.content
    assert b"Sign out" in page.content


def test_login_form_has_the_contract_autocomplete_attributes(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'id="username" name="username" type="text"' in html
    assert 'autocomplete="username"' in html
    assert 'type="password" autocomplete="current-password"' in html
    password_step(client, "practitioner")
    code_page = client.get("/accounts/login/code/").content.decode()
    assert "Enter the code from your authenticator app" in code_page
    assert 'autocomplete="one-time-code" inputmode="numeric"' in code_page


def test_errors_use_the_govuk_error_summary(client):
    response = client.post("/accounts/login/", {"username": "", "password": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in html and "There is a problem" in html
    assert '<a href="#username">Enter your username</a>' in html
    assert '<a href="#password">Enter your password</a>' in html
    assert "<title>Error: Sign in" in html


def test_every_login_path_leads_to_the_two_factor_sign_in(client):
    for path in ("/_util/login/", "/admin/login/", "/admin/login/?next=/admin/pages/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/"), path
    assert client.get("/admin/login/")["Location"] == "/accounts/login/?next=/admin/"
    # Posting a correct password to Wagtail's own login forms signs nobody in.
    for path in ("/_util/login/", "/admin/login/"):
        response = client.post(path, {"username": "admin", "password": PASSWORDS["admin"]})
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert SESSION_KEY not in client.session
    # The admin sends anonymous visitors to the same sign-in; there is no Django admin site.
    assert client.get("/admin/")["Location"] == "/accounts/login/?next=/admin/"
    assert "django.contrib.admin" not in settings.INSTALLED_APPS
    assert client.get("/django-admin/").status_code == 404


def test_http_basic_authentication_is_not_accepted(client, area):
    import base64

    credentials = base64.b64encode(f"practitioner:{PASSWORDS['practitioner']}".encode()).decode()
    response = client.get("/api/v2/pages/?limit=50", HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code == 200
    assert area.pk not in [item["id"] for item in response.json()["items"]]
    assert (
        client.get(
            f"/api/v2/pages/{area.pk}/", HTTP_AUTHORIZATION=f"Basic {credentials}"
        ).status_code
        == 404
    )


def test_the_token_api_v3_is_not_installed(client):
    assert "wagtail.api.v3" not in settings.INSTALLED_APPS
    assert client.get("/api/v3/pages/").status_code == 404


def test_after_the_password_step_every_other_url_treats_the_session_as_anonymous(client, area):
    devices_before = TOTPDevice.objects.count()
    password_step(client, "editor")
    for path in (
        "/admin/",
        "/admin/pages/",
        "/accounts/two-factor/",
        "/accounts/two-factor/backup-codes/",
        "/accounts/two-factor/authenticator/",
        "/practitioners/",
        "/practitioners/mappa-minutes/",
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/"), path
    assert client.get(f"/api/v2/pages/{area.pk}/").status_code == 404
    # Someone with an authenticator cannot add another one with only their password.
    response = client.get("/accounts/login/set-up/")
    assert response["Location"] == "/accounts/login/code/"
    client.post("/accounts/login/set-up/", {"code": totp()})
    assert TOTPDevice.objects.count() == devices_before
    assert SESSION_KEY not in client.session


def test_a_code_is_accepted_once(client):
    away_from_step_edge()
    code = totp()
    assert sign_in(client, "practitioner", code=code).status_code == 302
    client.post("/accounts/logout/")
    response = sign_in(client, "practitioner", code=code)
    assert response.status_code == 200
    assert "The code is not correct or has expired" in response.content.decode()
    assert SESSION_KEY not in client.session
    # The next time step's code still works (after the one-second delay a wrong code earns).
    time.sleep(1.1)
    assert sign_in(client, "practitioner", code=totp(+1)).status_code == 302


@pytest.mark.parametrize(
    "steps", [-2, +2, -3], ids=["two-steps-old", "two-steps-ahead", "three-steps-old"]
)
def test_codes_outside_one_step_are_refused(client, steps):
    away_from_step_edge()
    response = sign_in(client, "practitioner", code=totp(steps))
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize("steps", [-1, +1], ids=["previous-step", "next-step"])
def test_a_tolerance_of_one_step_is_the_documented_decision(client, steps):
    assert settings.PORTAL_TOTP_TOLERANCE == 1
    assert set(TOTPDevice.objects.values_list("tolerance", flat=True)) == {1}
    away_from_step_edge()
    assert sign_in(client, "practitioner", code=totp(steps)).status_code == 302


def test_wrong_codes_are_throttled_and_success_resets_the_count(client):
    away_from_step_edge(5)
    password_step(client, "practitioner")
    device = device_id(client.get("/accounts/login/code/"))
    wrong = f"{(int(totp()) + 1) % 1_000_000:06d}"
    first = client.post("/accounts/login/code/", {"code": wrong, "device": device})
    assert "The code is not correct" in first.content.decode()
    for _ in range(4):
        client.post("/accounts/login/code/", {"code": wrong, "device": device})
    response = client.post("/accounts/login/code/", {"code": totp(), "device": device})
    assert response.status_code == 200
    assert "You have entered too many incorrect codes. Wait" in response.content.decode()
    assert SESSION_KEY not in client.session
    totp_device = TOTPDevice.objects.get(user=user("practitioner"))
    assert totp_device.throttling_failure_count >= 1
    # Once the delay has passed, the right code works and the counter starts again.
    totp_device.throttling_failure_timestamp = totp_device.throttling_failure_timestamp.replace(
        year=totp_device.throttling_failure_timestamp.year - 1
    )
    totp_device.save()
    assert (
        client.post("/accounts/login/code/", {"code": totp(), "device": device}).status_code == 302
    )
    totp_device.refresh_from_db()
    assert totp_device.throttling_failure_count == 0
    assert settings.OTP_TOTP_THROTTLE_FACTOR >= 1 and settings.OTP_STATIC_THROTTLE_FACTOR >= 1


def test_five_wrong_codes_send_the_person_back_to_the_password(client):
    password_step(client, "practitioner")
    device = device_id(client.get("/accounts/login/code/"))
    wrong = f"{(int(totp()) + 7) % 1_000_000:06d}"
    totp_device = TOTPDevice.objects.get(user=user("practitioner"))
    for _ in range(5):
        TOTPDevice.objects.filter(pk=totp_device.pk).update(throttling_failure_timestamp=None)
        response = client.post("/accounts/login/code/", {"code": wrong, "device": device})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert "too many incorrect codes" in client.get("/accounts/login/").content.decode()
    assert client.get("/accounts/login/code/")["Location"] == "/accounts/login/"


def test_only_the_chosen_device_of_this_user_is_tried(client):
    from portal.accounts import otp

    otp.new_backup_codes(user("practitioner"))
    editors_device = TOTPDevice.objects.get(user=user("editor"))
    password_step(client, "practitioner")
    response = client.post(
        "/accounts/login/code/", {"code": totp(), "device": editors_device.persistent_id}
    )
    assert response.status_code == 400
    assert "This sign-in form was changed" in response.content.decode()
    assert SESSION_KEY not in client.session
    editors_device.refresh_from_db()
    assert editors_device.throttling_failure_count == 0 and editors_device.last_t == -1
    # A wrong TOTP code does not touch (or throttle) the backup codes.
    device = device_id(client.get("/accounts/login/code/"))
    client.post("/accounts/login/code/", {"code": "000000", "device": device})
    backup = BackupCodeDevice.objects.get(user=user("practitioner"))
    assert backup.throttling_failure_count == 0 and backup.codes.count() == 10


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter the 6-digit code from your authenticator app"),
        ("12a456", "The code must be 6 digits"),
        ("12345", "The code must be 6 digits"),
        ("1234567", "The code must be 6 digits"),
        ("١٢٣٤٥٦", "The code must be 6 digits"),  # Arabic-Indic digits: int() would accept them
        ("１２３４５６", "The code must be 6 digits"),  # full-width digits
        ("x" * 5000, "The code must be 6 digits"),
        ("12 34 5\x00", "The code must be 6 digits"),
    ],
    ids=[
        "empty",
        "non-digit",
        "short",
        "long",
        "arabic-indic-digits",
        "fullwidth-digits",
        "huge",
        "nul",
    ],
)
def test_bad_codes_get_a_clear_message_never_a_500(client, code, message):
    password_step(client, "practitioner")
    device = device_id(client.get("/accounts/login/code/"))
    response = client.post("/accounts/login/code/", {"code": code, "device": device})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert SESSION_KEY not in client.session
    # Malformed codes are refused before any check, so they do not throttle the device.
    assert TOTPDevice.objects.get(user=user("practitioner")).throttling_failure_count == 0


@pytest.mark.parametrize(
    "device",
    [
        "",
        "garbage",
        "auth.user/1",
        "otp_totp.totpdevice/notanumber",
        "otp_totp.totpdevice/999999",
        "wagtailcore.page/3",
        "a/b/c",
    ],
    ids=["empty", "garbage", "not-a-device-model", "bad-id", "missing", "page-model", "slashes"],
)
def test_tampered_device_ids_get_a_clear_400(client, device):
    password_step(client, "practitioner")
    response = client.post("/accounts/login/code/", {"code": totp(), "device": device})
    assert response.status_code == 400
    assert "Start again from the beginning" in response.content.decode()


def test_an_empty_code_form_is_a_clear_message(client):
    password_step(client, "practitioner")
    response = client.post("/accounts/login/code/", {})
    assert response.status_code in (200, 400)
    assert "There is a problem" in response.content.decode()


def test_the_code_step_without_a_password_step_goes_back_to_the_start(client):
    assert client.get("/accounts/login/code/")["Location"] == "/accounts/login/"
    assert (
        client.post("/accounts/login/code/", {"code": "123456"})["Location"] == "/accounts/login/"
    )
    assert client.get("/accounts/login/set-up/")["Location"] == "/accounts/login/"


def test_the_code_step_times_out(client):
    password_step(client, "practitioner")
    session = client.session
    session["accounts.pending"]["since"] -= 301
    session.save()
    response = client.post("/accounts/login/code/", {"code": totp(), "device": "x"})
    assert response["Location"] == "/accounts/login/"
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_next_never_leaves_the_site(client, next_url):
    response = sign_in(client, "practitioner", next_url=next_url)
    assert response["Location"] == "/accounts/two-factor/"


def test_wrong_passwords_lock_out_the_username_and_address_pair(client):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = password_step(client, "practitioner", password="not-the-password")
        assert response.status_code == 200
    fifth = password_step(client, "practitioner", password="not-the-password")
    assert fifth.status_code == 429
    assert "too many attempts to sign in with this username" in fifth.content.decode()
    assert fifth["Retry-After"] == str(15 * 60)
    locked = password_step(client, "practitioner")  # even the right password
    assert locked.status_code == 429
    assert "accounts.pending" not in client.session
    # A forged X-Forwarded-For does not change who we think is asking.
    assert (
        password_step(client, "practitioner", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    )
    # The same person from another address, and another user from this one, are not locked out.
    assert password_step(client, "practitioner", REMOTE_ADDR="198.51.100.7").status_code == 302
    client.post("/accounts/logout/")
    assert password_step(client, "editor").status_code == 302


def test_behind_a_trusted_proxy_only_its_own_entry_counts(client):
    with override_settings(PORTAL_TRUSTED_PROXY_COUNT=1):
        for n in range(settings.AXES_FAILURE_LIMIT):
            password_step(
                client, "lead", password="wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 192.0.2.44"
            )
        # Rotating the client-supplied part does not help: the proxy saw 192.0.2.44.
        response = password_step(client, "lead", HTTP_X_FORWARDED_FOR="10.9.9.9, 192.0.2.44")
        assert response.status_code == 429
        assert password_step(client, "lead", HTTP_X_FORWARDED_FOR="192.0.2.45").status_code == 302


def test_unknown_usernames_lock_out_the_same_way(client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(client, "nobody-here", password="guess")
    assert password_step(client, "nobody-here", password="guess").status_code == 429


def test_unknown_user_and_wrong_password_get_the_same_answer(client):
    unknown = client.post(
        "/accounts/login/", {"username": "zz-unknown", "password": "some-password-1"}
    )
    wrong = client.post(
        "/accounts/login/", {"username": "zz-practit", "password": "some-password-1"}
    )
    real = client.post(
        "/accounts/login/", {"username": "practitioner", "password": "some-password-1"}
    )
    assert unknown.status_code == wrong.status_code == real.status_code == 200
    import re

    def normalise(response, name):
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
        return html.replace(name, "USER")

    assert normalise(unknown, "zz-unknown") == normalise(wrong, "zz-practit")
    assert "Enter a correct username and password" in real.content.decode()
    assert "accounts.pending" not in client.session


def test_the_session_key_changes_after_each_step_and_old_keys_die(client):
    client.get("/accounts/login/")
    before = client.session.session_key
    password_step(client, "practitioner")
    after_password = client.session.session_key
    assert after_password != before
    device = device_id(client.get("/accounts/login/code/"))
    client.post("/accounts/login/code/", {"code": totp(), "device": device})
    after_code = client.session.session_key
    assert after_code not in (before, after_password)
    assert not SessionStore().exists(after_password)
    assert client.session[SESSION_KEY] == str(user("practitioner").pk)


def test_the_half_way_session_holds_no_password(client):
    password_step(client, "practitioner")
    data = SessionStore(session_key=client.session.session_key).load()
    assert set(data) == {"accounts.pending"}
    assert set(data["accounts.pending"]) == {"user", "since", "next", "failures"}
    flat = repr(data)
    assert PASSWORDS["practitioner"] not in flat
    assert user("practitioner").password not in flat
    assert SESSION_KEY not in data and DEVICE_ID_SESSION_KEY not in data


def test_sign_out_ends_the_session_on_the_server(client, area):
    sign_in(client, "practitioner")
    old_key = client.session.session_key
    assert client.get("/practitioners/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/accounts/login/"
    assert not SessionStore().exists(old_key)
    assert not UserSession.objects.filter(session_key=old_key).exists()
    assert "You have signed out" in client.get("/accounts/login/").content.decode()
    # Replaying the old cookie gets an anonymous session.
    client.cookies[settings.SESSION_COOKIE_NAME] = old_key
    assert client.get("/practitioners/").status_code == 302


def test_sign_out_needs_a_post(client):
    sign_in(client, "practitioner")
    page = client.get("/accounts/logout/")
    assert page.status_code == 200 and b'method="post" action="/accounts/logout/"' in page.content
    assert client.get("/practitioners/").status_code == 200


def test_idle_sessions_end_after_30_minutes(client, area):
    sign_in(client, "practitioner")
    session = client.session
    session[sessions.SEEN_AT] = time.time() - 31 * 60
    session.save()
    response = client.get("/practitioners/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "30 minutes" in client.get("/accounts/login/").content.decode()


def test_activity_keeps_a_session_alive_up_to_8_hours(client, area):
    sign_in(client, "practitioner")
    session = client.session
    session[sessions.SEEN_AT] = time.time() - 29 * 60
    session[sessions.AUTH_AT] = time.time() - 7 * 3600
    session.save()
    assert client.get("/practitioners/").status_code == 200
    session = client.session
    session[sessions.AUTH_AT] = time.time() - 8 * 3600 - 60
    session.save()
    assert client.get("/practitioners/").status_code == 302
    assert "8 hours" in client.get("/accounts/login/").content.decode()


def test_there_is_no_remember_this_device(client):
    assert not hasattr(settings, "TWO_FACTOR_REMEMBER_COOKIE_AGE")
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    sign_in(client, "practitioner")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]


def test_a_deactivated_account_is_signed_out_at_its_next_request(client, area):
    sign_in(client, "practitioner")
    practitioner = user("practitioner")
    practitioner.is_active = False
    practitioner.save()
    assert client.get("/practitioners/").status_code == 302
    assert client.get(f"/api/v2/pages/{area.pk}/").status_code == 404


def test_changing_the_password_ends_other_sessions(client, area, django_user_model):
    from django.test import Client

    sign_in(client, "practitioner")
    other = Client()
    sign_in(other, "practitioner", code=totp(+1))
    practitioner = user("practitioner")
    practitioner.set_password("a-brand-new-long-passphrase-2026")
    practitioner.save()
    assert client.get("/practitioners/").status_code == 302
    assert other.get("/practitioners/").status_code == 302


def test_a_verified_user_visiting_the_login_page_goes_on(client):
    sign_in(client, "practitioner")
    assert client.get("/accounts/login/?next=/practitioners/")["Location"] == "/practitioners/"


def test_authenticated_but_unverified_sessions_are_ended(client, area):
    from tests.conftest import login_password_only

    login_password_only(client, user("practitioner"))
    assert client.get("/practitioners/").status_code == 302
    assert SESSION_KEY not in client.session


def test_sessions_made_by_the_shared_test_helper_are_verified(client, area):
    from tests.conftest import login_verified

    login_verified(client, user("practitioner"))
    assert client.get("/practitioners/").status_code == 200


def test_sign_in_logs_never_hold_passwords_or_codes(client, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    password_step(client, "practitioner", password="wrong-secret-passphrase")
    code = totp()
    sign_in(client, "practitioner", code=f"{(int(code) + 3) % 1_000_000:06d}")
    text = caplog.text + "".join(str(r.args) for r in caplog.records)
    for secret in (
        "wrong-secret-passphrase",
        PASSWORDS["practitioner"],
        f"{(int(code) + 3) % 1_000_000:06d}",
    ):
        assert secret not in text
    assert "Wrong second-factor code" in text
