"""A verified practitioner reading a restricted page: at most 12 queries, and one write (the
record of the read), however busy the audit is."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.accounts.models import RestrictedView
from tests.conftest import login_verified, user

pytestmark = pytest.mark.django_db
WRITES = ("INSERT", "UPDATE", "DELETE")


def test_a_restricted_page_for_a_reader_in_12_queries_and_one_write(client, area_child):
    login_verified(client, user("practitioner"))
    client.get(area_child.url)  # the session's first request records the session itself
    before = RestrictedView.objects.count()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(area_child.url)
    assert response.status_code == 200
    assert len(captured) <= 12, [q["sql"][:80] for q in captured]
    writes = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(WRITES)]
    assert len(writes) == 1 and "accounts_restrictedview" in writes[0]
    assert RestrictedView.objects.count() == before + 1


def test_the_navigation_follows_a_change_of_who_may_read(
    client, area, django_capture_on_commit_callbacks
):
    login_verified(client, user("practitioner"))
    assert "Practitioner area" in client.get("/about/").content.decode()
    from wagtail.models import PageViewRestriction

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.filter(page=area).delete()
    client.logout()
    assert "Practitioner area" in client.get("/about/").content.decode(), (
        "public now, listed for everyone"
    )
