"""The factories build what they say, so tests can trust them."""

import pytest

from guidance.models import GuidanceVersion
from portal.accounts.gate import READ_RESTRICTED
from portal.core.models import PageAudience
from tests.factories import (
    AgencyPageFactory,
    GuidancePageFactory,
    StandardPageFactory,
    UserFactory,
    publish,
    restrict,
)

pytestmark = pytest.mark.django_db


def test_a_page_tree_in_one_call(home):
    document = GuidancePageFactory(parent__parent=home, parent__slug="test-guidance-index")
    assert document.get_parent().specific.__class__.__name__ == "GuidanceIndexPage"
    assert document.get_parent().get_parent().pk == home.pk
    assert not document.live
    publish(document, note="First.")
    assert GuidanceVersion.objects.for_page(document).current().number == "1.0"


def test_a_person_in_a_role(db):
    person = UserFactory(role="practitioners")
    assert person.has_perm(READ_RESTRICTED)
    assert person.check_password("a-long-test-passphrase")


def test_restrict_makes_a_section_and_what_is_in_it_restricted(home):
    section = StandardPageFactory(parent=home)
    restrict(section)
    inside = StandardPageFactory(parent=section)
    assert PageAudience.objects.filter(page_id__in=[section.pk, inside.pk]).count() == 2


def test_agency_pages_have_their_five_roles(agency_index):
    agency = AgencyPageFactory(parent=agency_index)
    assert len(agency.key_roles) == 5 and all(role["text"] for role in agency.key_roles)
