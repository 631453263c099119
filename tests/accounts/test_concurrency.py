"""A replayed code: the same valid code sent twice at once (two sessions, one user): exactly one succeeds.

Needs real row locks (django-otp verifies with select_for_update), so it runs on PostgreSQL;
SQLite serialises writers anyway and ignores select_for_update.
"""

import threading

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth import SESSION_KEY, get_user_model
from django.db import connection
from django.test import Client

from .conftest import DEMO_TOTP, away_from_step_edge, device_id, password_step

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locking needs PostgreSQL (run with DATABASE_URL)"
)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_of_one_code_succeed_once():
    person = get_user_model().objects.create_user("racer", password="a-long-racing-passphrase-1")
    TOTPDevice.objects.create(
        user=person, name="app", key=DEMO_TOTP.byte_secret().hex(), confirmed=True
    )
    clients = [Client(), Client()]
    devices = []
    for client in clients:
        assert (
            password_step(client, "racer", password="a-long-racing-passphrase-1").status_code == 302
        )
        devices.append(device_id(client.get("/accounts/login/code/")))
    away_from_step_edge()
    code = DEMO_TOTP.now()
    barrier = threading.Barrier(2)
    results = [None, None]

    def submit(n):
        try:
            barrier.wait()
            results[n] = (
                clients[n]
                .post("/accounts/login/code/", {"code": code, "device": devices[n]})
                .status_code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [200, 302]
    assert sum(SESSION_KEY in client.session for client in clients) == 1
