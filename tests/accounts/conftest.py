"""Sign-in helpers for the account tests. Codes come from pyotp, never from the portal's code."""

import re
import time

import pyotp

from django.contrib.auth import get_user_model

from tests.conftest import DEMO_TOTP_BASE32

PASSWORDS = {
    "admin": "demo-admin-2026",
    "editor": "demo-editor-2026",
    "approver": "demo-approver-2026",
    "practitioner": "demo-practitioner-2026",
    "lead": "demo-agency-lead-2026",
    "newstarter": "demo-newstarter-2026",
}
DEMO_TOTP = pyotp.TOTP(DEMO_TOTP_BASE32)


def totp(steps=0, key=None):
    """The code for the time step `steps` away from now (pyotp, RFC 6238)."""
    generator = pyotp.TOTP(key) if key else DEMO_TOTP
    return generator.at(time.time() + steps * 30)


def away_from_step_edge(margin=3):
    """Wait until the current 30 s step has at least `margin` seconds left, so a code computed
    now is still the current one when the portal checks it."""
    left = 30 - time.time() % 30
    if left < margin:
        time.sleep(left + 0.2)


def device_id(response):
    match = re.search(r'name="device" value="([^"]*)"', response.content.decode())
    return match.group(1) if match else ""


def password_step(client, username, password=None, next_url="", **extra):
    data = {"username": username, "password": password or PASSWORDS[username]}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/login/", data, **extra)


def sign_in(client, username, code=None, next_url=""):
    """The whole real sign-in: password, then a TOTP code from pyotp."""
    response = password_step(client, username, next_url=next_url)
    assert response.status_code == 302, response.content[:500]
    assert response["Location"] == "/accounts/login/code/"
    page = client.get("/accounts/login/code/")
    return client.post("/accounts/login/code/", {"code": code or totp(), "device": device_id(page)})


def user(username):
    return get_user_model().objects.get(username=username)
