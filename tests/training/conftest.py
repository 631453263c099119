"""Training fixtures: a published module for the police under the demo's /training/, a
recommended one, and verified learners."""

import pytest

from tests.conftest import login_verified
from tests.factories import (
    ModulePageFactory,
    PractitionerProfileFactory,
    UserFactory,
    publish,
    record_version,
)
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
    """Required for the police, published once through a revision (version 1): six questions,
    five asked, pass at 80%; every third question has two right options."""
    from tests.factories import question_bank

    page = ModulePageFactory(
        parent=training_index,
        title="Sharing information safely",
        questions=question_bank(6, multiple_every=3),
        for_agencies=[police],
    )
    return publish(page)


@pytest.fixture
def recommended(training_index, police):
    """Recommended for the police, with a first version."""
    page = ModulePageFactory(
        parent=training_index, title="Victim contact", audiences=[(police, "recommended")]
    )
    record_version(page, 1)
    return page


@pytest.fixture
def learner(police):
    user = UserFactory(role="practitioners", first_name="Pat", last_name="Learner")
    PractitionerProfileFactory(user=user, agency=police)
    return user


@pytest.fixture
def learner_client(client, learner):
    return login_verified(client, learner)
