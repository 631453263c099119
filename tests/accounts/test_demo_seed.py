"""The demo: authenticators with the contract's key, profiles, the practitioner area."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from wagtail.models import BaseViewRestriction, CollectionViewRestriction, PageViewRestriction

from portal.accounts.models import PractitionerProfile
from tests.conftest import DEMO_TOTP_BASE32

from .conftest import sign_in, totp, user

pytestmark = pytest.mark.django_db
WITH_AUTHENTICATOR = ["admin", "editor", "approver", "practitioner", "lead"]


@pytest.mark.parametrize("username", WITH_AUTHENTICATOR)
def test_demo_accounts_sign_in_with_the_contract_key(client, username):
    device = TOTPDevice.objects.get(user=user(username))
    assert device.confirmed and device.digits == 6 and device.step == 30
    response = sign_in(client, username, code=totp())
    assert response.status_code == 302, (
        f"{username} could not sign in with a pyotp code for {DEMO_TOTP_BASE32}"
    )


def test_newstarter_has_no_authenticator_yet(client):
    assert not TOTPDevice.objects.filter(user=user("newstarter")).exists()
    from .conftest import password_step

    assert password_step(client, "newstarter")["Location"] == "/accounts/login/set-up/"


def test_profiles_name_an_agency_and_a_mappa_area():
    practitioner = PractitionerProfile.objects.get(user=user("practitioner"))
    assert (practitioner.agency.slug, practitioner.mappa_area) == ("probation", "Dorset")
    lead = PractitionerProfile.objects.get(user=user("lead"))
    assert (lead.agency.slug, lead.mappa_area) == ("police", "Dorset")
    assert len(PractitionerProfile._meta.get_field("mappa_area").choices) == 42


def test_the_practitioner_area_is_restricted_to_the_reader_groups(area):
    restriction = PageViewRestriction.objects.get(page=area)
    assert restriction.restriction_type == BaseViewRestriction.GROUPS
    assert set(restriction.groups.values_list("name", flat=True)) == {
        "Practitioners",
        "Agency leads",
        "SMB editors",
        "SMB approvers",
    }
    assert area.show_in_menus
    children = list(area.get_children().live().values_list("title", flat=True))
    assert len(children) >= 3
    assert "Level 3 escalation checklist" in children


def test_the_restricted_document_is_in_a_restricted_collection(restricted_document):
    restriction = CollectionViewRestriction.objects.get(collection=restricted_document.collection)
    assert restriction.restriction_type == BaseViewRestriction.GROUPS
    assert restricted_document.file_size > 100
    html = Client().get("/practitioners/").content.decode()
    assert restricted_document.url not in html  # anonymous: sign-in, not the page


def test_smb_approvers_may_read_the_audit():
    assert (
        Group.objects.get(name="SMB approvers")
        .permissions.filter(codename="audit_restricted_views")
        .exists()
    )
    assert (
        not Group.objects.get(name="SMB editors")
        .permissions.filter(codename="audit_restricted_views")
        .exists()
    )


def test_a_second_seed_changes_no_two_factor_or_area_data():
    def snapshot():
        return (
            list(
                TOTPDevice.objects.order_by("pk").values_list("user__username", "key", "confirmed")
            ),
            list(
                PractitionerProfile.objects.order_by("pk").values_list(
                    "user__username", "agency", "mappa_area"
                )
            ),
            list(
                PageViewRestriction.objects.order_by("pk").values_list(
                    "page__url_path", "restriction_type"
                )
            ),
            list(
                CollectionViewRestriction.objects.order_by("pk").values_list(
                    "collection__name", flat=True
                )
            ),
        )

    before = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == before
