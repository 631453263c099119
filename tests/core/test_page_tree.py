"""What editors can create where: the page-tree rules."""

import pytest

from wagtail.models import Page

from portal.agencies.models import AgencyIndexPage, AgencyPage
from portal.core.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def test_home_page_only_at_the_root_and_only_once(home):
    root = Page.get_first_root_node()
    assert HomePage.parent_page_types == ["wagtailcore.Page"]
    assert not HomePage.can_create_at(root), "a second home page must be refused"
    assert not HomePage.can_create_at(home)


def test_standard_pages_go_under_home_or_other_standard_pages(home, about, agency_index):
    assert StandardPage.can_create_at(home)
    assert StandardPage.can_create_at(about)
    assert not StandardPage.can_create_at(agency_index)


def test_one_agency_index_under_home(home, about):
    assert not AgencyIndexPage.can_create_at(home), "the demo already has /agencies/"
    assert not AgencyIndexPage.can_create_at(about)


def test_agency_pages_only_in_the_agency_index(home, about, agency_index, police):
    assert AgencyPage.can_create_at(agency_index)
    assert not AgencyPage.can_create_at(home)
    assert not AgencyPage.can_create_at(about)
    assert police.specific_class.allowed_subpage_models() == []


def test_agency_index_accepts_only_agency_pages(agency_index):
    assert agency_index.specific_class.allowed_subpage_models() == [AgencyPage]
