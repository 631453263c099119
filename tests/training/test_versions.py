"""Each publication of a module is a version: 1 first, a major change adds one, a minor change
keeps the number. Versions, attempts and completions outlive the module page."""

import pytest

from guidance.models import GuidancePage, GuidanceVersion
from tests.factories import ModulePageFactory, lesson, publish
from training.attempts import start_attempt, submit_attempt
from training.models import Attempt, Completion, ModuleVersion

from .answers import right

pytestmark = pytest.mark.django_db


def numbers(module):
    return list(
        ModuleVersion.objects.filter(module_key=module.pk)
        .order_by("sequence")
        .values_list("sequence", "number", "change_type")
    )


def test_major_changes_raise_the_number_and_minor_ones_keep_it(module):
    assert numbers(module) == [(1, 1, "major")]
    assert ModuleVersion.objects.get(module_key=module.pk).change_note == "First published."
    publish(module, change_type="minor")
    publish(module, change_type="major", note="New lesson on level 3.")
    publish(module, change_type="minor")
    publish(module, change_type="major", note="The bank was rewritten.")
    assert numbers(module) == [
        (1, 1, "major"),
        (2, 1, "minor"),
        (3, 2, "major"),
        (4, 2, "minor"),
        (5, 3, "major"),
    ]
    module.refresh_from_db()
    assert module.current_version == 3
    assert ModuleVersion.objects.get(module_key=module.pk, sequence=3).change_note == (
        "New lesson on level 3."
    )


def test_a_version_records_the_major_version_of_the_guidance_it_cites(training_index):
    guidance = GuidancePage.objects.get(slug="mappa-guidance")
    module = publish(
        ModulePageFactory(
            parent=training_index,
            lessons=[lesson("Levels", cites=[(guidance, "levels")]), lesson("Other")],
        )
    )
    current = GuidanceVersion.objects.for_page(guidance).current()
    version = ModuleVersion.objects.get(module_key=module.pk)
    assert version.cited_guidance == {str(guidance.pk): current.major}


def test_the_editor_starts_each_round_of_edits_with_an_empty_change_note(module, client):
    from tests.conftest import login_verified, user

    publish(module, change_type="major", note="Rewritten.")
    login_verified(client, user("editor"))
    response = client.get(f"/admin/pages/{module.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rewritten." not in html
    from django.urls import reverse

    preview = client.get(
        reverse("wagtailadmin_pages:revisions_view", args=[module.pk, module.latest_revision_id])
    )
    assert preview.status_code == 200 and module.title in preview.content.decode()


def test_records_survive_the_module_being_unpublished_or_deleted(module, learner):
    attempt = start_attempt(learner, module)
    submit_attempt(token=attempt.token, user=learner, answers=right(attempt))
    title, key = module.title, module.pk
    module.unpublish()
    assert Completion.objects.filter(module_key=key).count() == 1
    module.delete()
    completion = Completion.objects.get(module_key=key)
    assert completion.module_id is None and completion.module_title == title
    assert completion.module_version == 1
    assert Attempt.objects.get(pk=attempt.pk).module_title == title
    version = ModuleVersion.objects.get(module_key=key)
    assert version.module_id is None and version.title == title
