"""The styled 500 page renders even when the failure is the database."""

import pytest

from django.test import Client, override_settings
from django.urls import include, path

from portal import urls as portal_urls


def broken_view(request):
    raise RuntimeError("the database went away")


urlpatterns = [path("broken/", broken_view), path("", include(portal_urls.urlpatterns))]
handler500 = portal_urls.handler500


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_server_error_is_the_styled_page_without_a_stack_trace():
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert 'class="govuk-footer"' in html
    assert "RuntimeError" not in html and "Traceback" not in html


@pytest.mark.django_db
def test_a_form_without_its_security_token_gets_a_plain_explanation():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "practitioner", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your form could not be sent" in html
    assert 'class="govuk-footer"' in html
    assert "CSRF" not in html, "no jargon or Django internals"
