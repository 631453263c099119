"""/training/my/: my modules, where I stand and my certificates; for verified sessions only."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.conftest import login_password_only, login_verified
from tests.factories import AttemptFactory, CompletionFactory, learner, record_version

MY = reverse("training:my_training")


def test_anonymous_and_password_only_sessions_are_sent_to_sign_in_and_nothing_is_kept(
    client, police
):
    response = client.get(MY)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={MY}"
    login_password_only(client, learner(police))
    response = client.get(MY)
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def test_my_modules_with_status_dates_and_certificate_code(client, police, module, recommended):
    person = learner(police, first_name="Robin", last_name="Constable")
    done = CompletionFactory(
        user=person, module=module, completed_at=timezone.now() - datetime.timedelta(days=10)
    )
    AttemptFactory(user=person, module=recommended, passed=False)
    response = login_verified(client, person).get(MY)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    html = response.content.decode()
    assert "Police asks its practitioners" in html
    required, recommended_part = html.split(">Required</caption>")[1].split(
        ">Recommended</caption>"
    )
    assert "Sharing information safely" in required and "Passed" in required
    assert done.valid_until.strftime("%-d %B %Y") in required
    assert done.code in required
    assert "Victim contact" in recommended_part and "In progress" in recommended_part
    assert "Your last attempt did not reach the pass mark" in recommended_part
    assert "Training report" not in html  # a practitioner has no report


def test_a_refresher_says_which_version_was_passed(client, police, module):
    person = learner(police)
    CompletionFactory(user=person, module=module, module_version=1)
    record_version(module, 2)
    html = login_verified(client, person).get(MY).content.decode()
    assert "Refresher needed" in html
    assert "You passed version 1" in html


def test_someone_without_an_agency_is_told_why_the_list_is_empty(client, module):
    from tests.factories import UserFactory

    response = login_verified(client, UserFactory(role="practitioners")).get(MY)
    assert response.status_code == 200
    assert "does not say which agency you work for" in response.content.decode()


def test_a_signed_in_page_is_never_kept_for_anyone_else(client, police, module):
    from django.test import Client

    person = learner(police, first_name="Unique", last_name="Learnername")
    CompletionFactory(user=person, module=module)
    assert "Learnername" in login_verified(client, person).get(MY).content.decode()
    anonymous = Client().get(MY)
    assert anonymous.status_code == 302
    assert b"Learnername" not in anonymous.content


def test_the_demo_lead_is_the_police_training_lead(db):
    from tests.conftest import user

    lead = user("lead")
    assert set(lead.groups.values_list("name", flat=True)) == {"Agency leads"}
    assert lead.practitioner_profile.agency.slug == "police"
    assert lead.has_perm("training.view_agency_training_report")
    assert not lead.has_perm("training.view_all_training_report")


def test_the_training_index_leads_to_my_training_and_for_leads_the_report(
    persona_client, training_index
):
    anonymous = persona_client("anonymous").get(training_index.url).content.decode()
    assert f'href="{MY}"' in anonymous and reverse("training:report") not in anonymous
    lead = persona_client("lead").get(training_index.url).content.decode()
    assert f'href="{MY}"' in lead and f'href="{reverse("training:report")}"' in lead
