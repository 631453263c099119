"""The pages every public service has: accessibility, privacy, cookies and contact, linked from
every page, saying what is true of this portal (its settings) and naming its helpdesk."""

import pytest

from django.urls import reverse

from portal.core.models import PortalSettings
from tests.conftest import login_verified, user

pytestmark = pytest.mark.django_db

TRUST_PAGES = ["accessibility", "privacy", "cookies", "contact"]


@pytest.mark.parametrize(
    "path", ["/", "/guidance/", "/search/?q=risk", "/accounts/login/", "/no-such-page/"]
)
def test_every_page_links_the_trust_pages_in_its_footer(client, path):
    html = client.get(path).content.decode()
    footer = html.split('class="govuk-footer"', 1)[1]
    for name in TRUST_PAGES:
        assert f'href="{reverse(name)}"' in footer, name


@pytest.mark.parametrize("name", TRUST_PAGES)
def test_each_trust_page_is_there_for_everyone(client, name):
    assert client.get(reverse(name)).status_code == 200
    login_verified(client, user("practitioner"))
    assert client.get(reverse(name)).status_code == 200


def test_the_privacy_notice_states_the_retention_the_clean_up_jobs_use(client, settings):
    settings.PORTAL_RESTRICTED_READ_RETENTION_DAYS = 400
    settings.PORTAL_SIGN_IN_LOG_RETENTION_DAYS = 45
    html = client.get(reverse("privacy")).content.decode()
    assert "Kept for 400 days" in html and "Kept for 45 days" in html
    assert "Reading restricted material" in html
    jobs = {name: args for name, _, _, *args in settings.PORTAL_SCHEDULE}
    assert "prune_restricted_reads" in {command for _, command, *_ in settings.PORTAL_SCHEDULE}
    assert jobs["forget old sign-ins"] == ["--age", "90"], "the scheduled age is the base setting's"


def test_the_cookies_page_names_the_cookies_this_deployment_sets(client, settings):
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    html = client.get(reverse("cookies")).content.decode()
    assert "__Host-sessionid" in html and settings.CSRF_COOKIE_NAME in html
    assert "no cookies to measure visits" in html


def test_the_helpdesk_comes_from_the_portal_settings(client, home):
    html = client.get(reverse("contact")).content.decode()
    assert "MAPPA co-ordination unit" in html and "01632 960 100" in html
    helpdesk = PortalSettings.objects.get().helpdesk
    helpdesk.phone = "01632 960 999"
    helpdesk.save()
    assert "01632 960 999" in client.get(reverse("accounts:login")).content.decode()
    PortalSettings.objects.update(helpdesk=None)
    html = client.get(reverse("accounts:login")).content.decode()
    assert "01632" not in html and f'href="{reverse("contact")}"' in html


def test_the_phase_banner_asks_for_feedback_on_the_contact_page(client):
    html = client.get("/").content.decode()
    assert f'href="{reverse("contact")}#feedback"' in html
    assert 'id="feedback"' in client.get(reverse("contact")).content.decode()


def test_the_header_says_who_is_signed_in(client):
    login_verified(client, user("practitioner"))
    html = client.get("/").content.decode()
    assert "Signed in as" in html and "Priya Probation" in html
