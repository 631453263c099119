"""When guidance a module teaches has a major change, editors are told: in the module's edit
view, on their dashboard and in the training report."""

import pytest

from django.urls import reverse

from guidance.models import MAJOR
from tests.conftest import login_verified, user
from tests.factories import GuidancePageFactory, publish, record_version
from training.guidance_link import modules_behind_guidance

MESSAGE = "The guidance this module teaches has changed since version 1"


@pytest.fixture
def document(home):
    page = GuidancePageFactory(parent__parent=home, title="Sharing guidance")
    return publish(page)  # version 1.0


@pytest.fixture
def citing(module, document):
    module.versions  # noqa: B018 (the cached list is refreshed by record_version)
    record_version(module, 1, cited={document: 1}, change_type="minor")
    return module


def changed(document):
    return publish(document, change_type=MAJOR, note="New duties for housing providers.")


def test_a_minor_change_to_the_guidance_is_not_flagged(citing, document):
    publish(document, note="Typing errors.")
    assert citing.pk not in {review.module_id for review in modules_behind_guidance()}


def test_a_major_change_flags_the_module(citing, document):
    changed(document)
    (review,) = [r for r in modules_behind_guidance() if r.module_id == citing.pk]
    assert review.message == (
        f"{MESSAGE}: Sharing guidance is now at version 2 (this module cites version 1)."
    )
    # A new module version citing the new guidance clears it.
    record_version(citing, 2, cited={document: 2})
    assert citing.pk not in {review.module_id for review in modules_behind_guidance()}


def test_the_report_flags_the_module(persona_client, citing, document):
    changed(document)
    html = persona_client("approver").get(reverse("training:report")).content.decode()
    assert "Guidance changed" in html and MESSAGE in html
    exported = (
        persona_client("approver")
        .get(reverse("training:report"), {"format": "csv"})
        .content.decode()
    )
    assert MESSAGE in exported


def test_the_editors_dashboard_lists_modules_to_review(client, citing, document):
    login_verified(client, user("editor"))
    before = client.get(reverse("wagtailadmin_home")).content.decode()
    assert (
        "Training modules to review" in before
        and citing.title not in before.split("Training modules to review")[1].split("</section>")[0]
    )
    changed(document)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = html.split("Training modules to review")[1].split("</section>")[0]
    assert citing.title in panel and MESSAGE in panel


def test_the_modules_edit_view_warns_its_editor(client, citing, document):
    changed(document)
    login_verified(client, user("editor"))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[citing.pk]))
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()


def test_the_admin_report_flags_it_too_and_exports_csv(client, citing, document):
    changed(document)
    login_verified(client, user("approver"))
    html = client.get(reverse("training_admin_report")).content.decode()
    assert "Guidance changed" in html and citing.title in html
    exported = client.get(reverse("training_admin_report"), {"export": "csv"})
    assert exported.status_code == 200
    body = (
        b"".join(exported.streaming_content).decode()
        if exported.streaming
        else exported.content.decode()
    )
    assert body.splitlines()[0].startswith("Agency,Module,Requirement,Practitioners")
    assert MESSAGE in body
