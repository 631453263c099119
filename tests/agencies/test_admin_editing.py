"""An SMB editor edits an agency page in the Wagtail admin; an approver signs it off."""

import pytest

from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from portal.agencies.models import AgencyPage

from ..conftest import login_verified, user
from ..sign_off import approve, submit

pytestmark = pytest.mark.django_db


def edit_form(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "short_name": page.short_name,
        "kind": page.kind,
        "intro": page.intro,
        "statutory_basis": rich_text(page.statutory_basis),
        "role_point_of_contact": page.role_point_of_contact,
        "role_risk_advice": page.role_risk_advice,
        "role_general_advice": page.role_general_advice,
        "role_coordination": page.role_coordination,
        "role_information_sharing": page.role_information_sharing,
        "contact": page.contact_id or "",
        "related_links": streamfield([]),
    }
    data.update(changes)
    return nested_form_data(data)


def test_editor_can_open_and_save_an_agency_page(client, police):
    login_verified(client, user("editor"))
    edit_url = f"/admin/pages/{police.pk}/edit/"
    assert client.get(edit_url).status_code == 200
    response = client.post(
        edit_url, edit_form(police, intro="The police lead on registered sexual offenders.")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = Page.objects.get(pk=police.pk).get_latest_revision_as_object()
    assert draft.intro == "The police lead on registered sexual offenders."
    assert AgencyPage.objects.get(pk=police.pk).intro != draft.intro, (
        "editors save drafts; approvers publish"
    )


def test_an_edit_goes_live_once_an_approver_signs_it_off(client, police):
    response = submit(client, police, edit_form(police, intro="Published by the board chair."))
    assert response.status_code == 302
    assert AgencyPage.objects.get(pk=police.pk).intro != "Published by the board chair."
    assert approve(client, police).status_code == 302
    assert AgencyPage.objects.get(pk=police.pk).intro == "Published by the board chair."
    assert "Published by the board chair." in client.get("/agencies/police/").content.decode()


def test_agency_page_requires_all_five_roles(client, police):
    response = submit(client, police, edit_form(police, role_coordination=""))
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
