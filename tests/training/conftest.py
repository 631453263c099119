"""Shared data for the training records tests: two modules for the police and one for
probation under the demo's /training/, each with a recorded first version."""

import pytest

from tests.factories import ModulePageFactory, record_version
from training.models import TrainingIndexPage


@pytest.fixture
def training_index(db):
    return TrainingIndexPage.objects.get()


@pytest.fixture
def probation(db):
    from portal.agencies.models import AgencyPage

    return AgencyPage.objects.get(slug="probation")


@pytest.fixture
def module(training_index, police):
    page = ModulePageFactory(
        parent=training_index, title="Sharing information safely", for_agencies=[police]
    )
    record_version(page, 1)
    return page


@pytest.fixture
def recommended(training_index, police):
    page = ModulePageFactory(
        parent=training_index, title="Victim contact", audiences=[(police, "recommended")]
    )
    record_version(page, 1)
    return page
