"""Taking a module over HTTP: lessons, the start button, the questions, the result, a retry,
and the certificate; and everyone who is not a verified practitioner is sent to sign in."""

import re

import pytest

from django.urls import reverse

from tests.conftest import login_password_only, user
from training.models import Attempt, Completion

from .answers import form_data, right

pytestmark = pytest.mark.django_db


def url(module, name, *args):
    return module.url + module.reverse_subpage(name, args=args)


def start(client, module):
    response = client.post(url(module, "check"))
    assert response.status_code == 302
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    return Attempt.objects.get(token=token)


def test_a_learner_fails_then_passes_and_gets_a_certificate(learner_client, module, learner):
    page = learner_client.get(module.url)
    assert page.status_code == 200
    assert b"Take the knowledge check" in page.content

    lesson = learner_client.get(url(module, "lesson", 2))
    assert lesson.status_code == 200
    text = lesson.content.decode()
    assert "Lesson 2 of 3" in text
    assert url(module, "lesson", 1) in text and url(module, "lesson", 3) in text

    start_page = learner_client.get(url(module, "check"))
    assert start_page.status_code == 200
    assert b"Start the knowledge check" in start_page.content
    assert "no-store" in start_page["Cache-Control"]

    attempt = start(learner_client, module)
    assert (
        url(module, "attempt", attempt.token)
        in learner_client.get(url(module, "check")).content.decode()
    )
    form = learner_client.get(url(module, "attempt", attempt.token))
    assert form.status_code == 200
    assert "private" in form["Cache-Control"] and "no-store" in form["Cache-Control"]
    html = form.content.decode()
    assert html.count('type="radio"') + html.count('type="checkbox"') == sum(
        len(q["options"]) for q in attempt.questions
    )
    assert "Select all that apply" in html

    # 3 of 5 right is 60%: below the pass mark of 80%.
    sent = learner_client.post(
        url(module, "attempt", attempt.token), form_data(right(attempt, wrong=2))
    )
    assert sent.status_code == 302 and sent["Location"] == url(module, "results", attempt.token)
    result = learner_client.get(sent["Location"])
    assert "no-store" in result["Cache-Control"] and "private" in result["Cache-Control"]
    text = result.content.decode()
    assert "You did not pass this time" in text and "3 of 5" in text
    first = attempt.questions[0]
    assert first["explanation"] in text
    assert [o["text"] for o in first["options"] if o["correct"]][0] in text
    assert "Try again with new questions" in text
    assert not Completion.objects.filter(user=learner).exists()

    retry = start(learner_client, module)
    assert retry.token != attempt.token
    sent = learner_client.post(
        url(module, "attempt", retry.token), form_data(right(retry, wrong=1))
    )
    result = learner_client.get(sent["Location"])
    text = result.content.decode()
    assert "You passed" in text and "4 of 5" in text
    completion = Completion.objects.get(user=learner)
    assert completion.attempt == Attempt.objects.get(token=retry.token)
    assert completion.learner_name == "Pat Learner"
    assert completion.agency.slug == "police"
    assert completion.module_version == 1
    assert reverse("training:certificate", args=[completion.code]) in text

    certificate = learner_client.get(reverse("training:certificate", args=[completion.code]))
    assert certificate.status_code == 200 and b"Pat Learner" in certificate.content

    again = learner_client.get(module.url)
    assert b"Your certificate" in again.content


def test_a_lesson_links_to_the_guidance_it_cites(learner_client, training_index):
    from guidance.models import GuidancePage
    from tests.factories import ModulePageFactory, lesson, publish

    guidance = GuidancePage.objects.get(slug="mappa-guidance")
    module = publish(
        ModulePageFactory(
            parent=training_index, lessons=[lesson("Levels", cites=[(guidance, "levels")])]
        )
    )
    response = learner_client.get(url(module, "lesson", 1))
    assert f'{guidance.url}#levels"' in response.content.decode()
    assert "Levels of management" in response.content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "password-only"])
def test_only_a_verified_practitioner_takes_the_check(client, module, learner, persona):
    if persona == "password-only":
        login_password_only(client, learner)
    page = client.get(module.url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Sign in to take the knowledge check" in text
    assert re.search(r'href="/accounts/login/\?next=[^"]*check', text)
    assert "Lesson" in text  # the lessons are listed for anyone who may read the module
    assert client.get(url(module, "lesson", 1)).status_code == 200
    for response in (client.get(url(module, "check")), client.post(url(module, "check"))):
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Attempt.objects.filter(module_key=module.pk).exists()
    # Someone else's attempt is not shown either: they are sent to sign in first.
    other = Attempt.objects.create(
        user=user("practitioner"),
        module_key=module.pk,
        module_title="x",
        module_version=1,
        pass_mark=80,
        questions=[],
        total=0,
    )
    for name in ("attempt", "results"):
        response = client.get(url(module, name, other.token))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_lesson_addresses(client, module):
    assert client.get(url(module, "lesson", 4)).status_code == 404
    assert client.get(f"{module.url}lessons/0/").status_code == 404
    response = client.get(f"{module.url}lessons/02/")
    assert response.status_code == 302 and response["Location"] == url(module, "lesson", 2)
    assert client.get(f"{module.url}lessons/%D9%A3/").status_code == 404  # Arabic-Indic 3
