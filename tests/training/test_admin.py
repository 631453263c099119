"""The module editor refuses a knowledge check that asks more questions than its bank holds,
on the create and the edit form, as the demo editor meets it."""

import pytest

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests.conftest import login_verified, user
from training.models import ModulePage

pytestmark = pytest.mark.django_db


def bank_data(count):
    return streamfield(
        [
            (
                "question",
                {
                    "question": f"Question {n}?",
                    "options": {
                        "count": 2,
                        "0": {
                            "value": {"text": "Right", "correct": "on"},
                            "deleted": "",
                            "order": "0",
                        },
                        "1": {"value": {"text": "Wrong"}, "deleted": "", "order": "1"},
                    },
                    "explanation": "Because.",
                },
            )
            for n in range(1, count + 1)
        ]
    )


def module_form(title, bank, asked):
    form = nested_form_data(
        {
            "title": title,
            "slug": "draw-size-module",
            "intro": "A module.",
            "learning_outcomes": "Know the levels.",
            "estimated_minutes": "10",
            "audiences": inline_formset([]),
            "lessons": streamfield(
                [
                    (
                        "lesson",
                        {
                            "heading": "Levels",
                            "anchor": "",
                            "body": rich_text("<p>Three levels.</p>"),
                            "cites": {"count": 0},
                        },
                    )
                ]
            ),
            "questions": bank_data(bank),
            "questions_per_attempt": str(asked),
            "pass_mark": "80",
            "validity_months": "12",
            "change_type": "minor",
            "change_note": "",
        }
    )
    form["action-submit"] = "submit"
    return form


def test_a_draw_larger_than_the_bank_is_refused(client, training_index):
    login_verified(client, user("editor"))
    add = reverse("wagtailadmin_pages:add", args=("training", "modulepage", training_index.pk))
    response = client.post(add, module_form("Too few questions", bank=2, asked=5))
    assert response.status_code == 200
    assert (
        "The bank has 2 questions: ask at most that many per attempt" in response.content.decode()
    )
    assert not ModulePage.objects.filter(title="Too few questions").exists()

    response = client.post(add, module_form("Enough questions", bank=3, asked=3))
    assert response.status_code == 302, response.content.decode()[:2000]
    module = ModulePage.objects.get(title="Enough questions")

    edit = reverse("wagtailadmin_pages:edit", args=[module.pk])
    response = client.post(edit, module_form("Enough questions", bank=3, asked=4))
    assert response.status_code == 200
    assert "The bank has 3 questions" in response.content.decode()
    assert module.get_latest_revision_as_object().questions_per_attempt == 3


def test_the_sign_off_will_not_approve_a_draw_larger_than_the_bank(module):
    from portal.core.workflows import publication_problems

    assert publication_problems(module) == []
    draft = module.get_latest_revision_as_object()
    draft.questions_per_attempt = 7
    draft.save_revision()
    problems = publication_problems(module)
    assert problems and "asks 7 questions but the bank has 6" in problems[0]


@pytest.mark.parametrize("slug", sorted(ModulePage.RESERVED_SLUGS))
def test_a_module_cannot_take_an_address_the_portal_uses_under_training(
    client, training_index, slug
):
    """/training/my/, /training/report/ and the certificates are the portal's own pages: a
    module with that slug would never be reached."""
    login_verified(client, user("editor"))
    add = reverse("wagtailadmin_pages:add", args=("training", "modulepage", training_index.pk))
    form = module_form("A module with a taken address", bank=3, asked=2)
    form["slug"] = slug
    response = client.post(add, form)
    assert response.status_code == 200
    assert "is one of the portal&#x27;s own addresses" in response.content.decode()
    assert not ModulePage.objects.filter(slug=slug).exists()
