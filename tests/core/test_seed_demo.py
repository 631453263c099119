"""The demo seed builds the whole site, and a second run changes nothing."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import override_settings

from wagtail.models import Page, Revision, Site

from portal.agencies.models import AgencyPage
from portal.core.models import Contact, GlossaryTerm, HomePage

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": list(
            Page.objects.order_by("path").values_list("path", "title", "latest_revision_id")
        ),
        "revisions": Revision.objects.count(),
        "users": list(
            get_user_model().objects.order_by("username").values_list("username", "password")
        ),
        "groups": {
            g.name: sorted(g.permissions.values_list("codename", flat=True))
            for g in Group.objects.all()
        },
        "contacts": list(Contact.objects.values_list("name", "phone")),
        "glossary": list(GlossaryTerm.objects.values_list("term", "meaning", "synonyms")),
    }


def test_second_run_changes_nothing():
    before = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == before


def test_seed_builds_the_site_from_the_seed_documents():
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    slugs = set(AgencyPage.objects.values_list("slug", flat=True))
    assert {"police", "probation", "prison"} <= slugs
    # Every duty-to-co-operate agency the two seed documents name.
    assert {
        "childrens-services",
        "adult-social-care",
        "health",
        "youth-justice",
        "housing",
        "jobcentre-plus",
        "registered-social-landlords",
        "electronic-monitoring",
    } <= slugs
    assert AgencyPage.objects.filter(kind=AgencyPage.RESPONSIBLE_AUTHORITY).count() == 3
    assert GlossaryTerm.objects.count() == 45
    assert GlossaryTerm.objects.get(term="RSO").synonym_list[0] == "registered sex offender"


def test_demo_accounts_match_the_contract():
    User = get_user_model()
    expected = {
        "admin": None,
        "editor": "SMB editors",
        "approver": "SMB approvers",
        "practitioner": "Practitioners",
        "lead": "Agency leads",
        "newstarter": "Practitioners",
    }
    for username, group in expected.items():
        account = User.objects.get(username=username)
        if group is None:
            assert account.is_superuser
        else:
            assert list(account.groups.values_list("name", flat=True)) == [group]
    assert User.objects.get(username="editor").check_password("demo-editor-2026")


def test_refused_where_demo_accounts_are_not_allowed():
    with override_settings(PORTAL_DEMO_ACCOUNTS_ALLOWED=False):
        with pytest.raises(CommandError, match="refused"):
            call_command("seed_demo", verbosity=0)
