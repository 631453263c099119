"""Bad input while taking a module: each case gets a clear answer (404, 400 with the form and a
message, or a closed attempt), never a 500, and nothing is recorded twice or by mistake."""

import pytest

from django.urls import reverse

from tests.conftest import login_verified, user
from tests.factories import ModulePageFactory, publish
from training.attempts import start_attempt
from training.models import Attempt, Completion, new_certificate_code

from .answers import form_data, right

pytestmark = pytest.mark.django_db


def url(module, name, *args):
    return module.url + module.reverse_subpage(name, args=args)


def nothing_recorded(attempt):
    attempt.refresh_from_db()
    return (
        attempt.finished_at is None
        and attempt.score is None
        and not Completion.objects.filter(user=attempt.user).exists()
    )


def tamper_option(attempt, answers):
    qid = attempt.questions[0]["id"]
    return {**answers, qid: ["not-an-option-of-this-question"]}


def drop_answer(attempt, answers):
    return {k: v for k, v in answers.items() if k != attempt.questions[0]["id"]}


def two_radios(attempt, answers):
    single = next(q for q in attempt.questions if not q["multiple"])
    return {**answers, single["id"]: [o["id"] for o in single["options"]][:2]}


def foreign_option(attempt, answers):
    """An option id of another question of the same attempt."""
    first, second = attempt.questions[0], attempt.questions[1]
    return {**answers, first["id"]: [second["options"][0]["id"]]}


@pytest.mark.parametrize(
    "tamper, message",
    [
        (tamper_option, "not one of this question"),
        (drop_answer, "Select"),
        (two_radios, "not one of this question"),
        (foreign_option, "not one of this question"),
    ],
)
def test_tampered_or_missing_answers_redisplay_the_form(
    learner_client, learner, module, tamper, message
):
    attempt = start_attempt(learner, module)
    response = learner_client.post(
        url(module, "attempt", attempt.token), form_data(tamper(attempt, right(attempt)))
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text and message in text
    assert "Send your answers" in text
    assert 'name="q-' in text
    assert nothing_recorded(attempt)


def test_a_question_from_another_attempt_or_module_is_refused(
    learner_client, learner, module, training_index
):
    attempt = start_attempt(learner, module)
    other_module = publish(ModulePageFactory(parent=training_index))
    other = start_attempt(learner, other_module)
    for stranger in (start_attempt(learner, module), other):
        answers = {**right(attempt), **right(stranger)}
        if stranger.module_key == module.pk:
            # The same module draws from the same bank: use a question this attempt did not ask.
            asked = {q["id"] for q in attempt.questions}
            extra = [q for q in stranger.questions if q["id"] not in asked]
            if not extra:
                continue
            answers = {**right(attempt), extra[0]["id"]: [extra[0]["options"][0]["id"]]}
        response = learner_client.post(url(module, "attempt", attempt.token), form_data(answers))
        assert response.status_code == 400
        assert "do not belong to this attempt" in response.content.decode()
    assert nothing_recorded(attempt)


def test_a_replayed_submission_records_nothing_twice(learner_client, learner, module):
    attempt = start_attempt(learner, module)
    data = form_data(right(attempt))
    first = learner_client.post(url(module, "attempt", attempt.token), data)
    assert first.status_code == 302
    replay = learner_client.post(
        url(module, "attempt", attempt.token), form_data(right(attempt, wrong=5))
    )
    assert replay.status_code == 302 and replay["Location"].endswith("?sent=again")
    assert "already sent your answers" in learner_client.get(replay["Location"]).content.decode()
    attempt.refresh_from_db()
    assert attempt.score == 5 and Completion.objects.filter(attempt=attempt).count() == 1
    assert Completion.objects.filter(module_key=module.pk).count() == 1


def test_a_module_unpublished_mid_attempt_closes_it_without_a_score(
    learner_client, learner, module
):
    attempt = start_attempt(learner, module)
    module.unpublish()
    form = learner_client.get(url(module, "attempt", attempt.token))
    assert form.status_code == 409 and "taken down" in form.content.decode()
    assert nothing_recorded(attempt)
    response = learner_client.post(url(module, "attempt", attempt.token), form_data(right(attempt)))
    assert response.status_code == 409
    text = response.content.decode()
    assert "taken down while you were answering" in text and "Start a new attempt" not in text
    attempt.refresh_from_db()
    assert attempt.finished_at is not None and attempt.score is None and attempt.passed is None
    assert not Completion.objects.filter(module_key=module.pk).exists()
    # Nobody else learns anything from the address: the same 404 as any unknown page.
    login_verified(learner_client, user("practitioner"))
    assert learner_client.get(url(module, "attempt", attempt.token)).status_code == 404
    learner_client.logout()
    assert learner_client.get(url(module, "results", attempt.token)).status_code == 404


def test_a_new_major_version_mid_attempt_closes_it_and_offers_a_new_one(
    learner_client, learner, module
):
    attempt = start_attempt(learner, module)
    publish(module, change_type="major", note="The levels were rewritten.")
    response = learner_client.post(url(module, "attempt", attempt.token), form_data(right(attempt)))
    assert response.status_code == 409
    text = response.content.decode()
    assert "new version of this module was published" in text and "Start a new attempt" in text
    attempt.refresh_from_db()
    assert attempt.finished_at is not None and attempt.score is None
    assert not Completion.objects.filter(module_key=module.pk).exists()
    results = learner_client.get(url(module, "results", attempt.token))
    assert "This attempt was closed" in results.content.decode()
    fresh = start_attempt(learner, module)
    assert fresh.module_version == 2


def test_a_minor_change_mid_attempt_does_not_close_it(learner_client, learner, module):
    attempt = start_attempt(learner, module)
    publish(module, change_type="minor")
    response = learner_client.post(url(module, "attempt", attempt.token), form_data(right(attempt)))
    assert response.status_code == 302
    assert Completion.objects.filter(attempt=attempt).exists()


def test_another_users_token_is_not_found(client, learner, module, training_index):
    attempt = start_attempt(learner, module)
    login_verified(client, user("practitioner"))
    for name in ("attempt", "results"):
        assert client.get(url(module, name, attempt.token)).status_code == 404
    assert (
        client.post(url(module, "attempt", attempt.token), form_data(right(attempt))).status_code
        == 404
    )
    assert nothing_recorded(attempt)
    # The learner's own token under another module's address is not found either.
    other = publish(ModulePageFactory(parent=training_index))
    login_verified(client, learner)
    assert client.get(url(other, "attempt", attempt.token)).status_code == 404
    assert client.get(f"{module.url}check/{'x' * 65}/").status_code == 404
    assert client.get(f"{module.url}check/unknown-token/").status_code == 404


@pytest.mark.parametrize(
    "code",
    [
        "ABCDE",
        "abcde-fghjk-mnpqr-stuvw",  # lower case
        "ABCDE-FGHJK-MNPQR-STUV1",  # 1 is not in the alphabet
        "ABCDE-FGHJK-MNPQR-STUVWX",
        "ABCDEFGHJKMNPQRSTUVW",
        "ＡBCDE-FGHJK-MNPQR-STUVW",  # a full-width letter
        "ABCDE-FGHJK-MNPQR-STUVW%00",
    ],
)
def test_a_malformed_certificate_code_is_not_found(client, code):
    assert client.get(f"/training/certificates/{code}/").status_code == 404
    assert client.get(f"/training/certificates/{code}/certificate.pdf").status_code == 404


def test_an_unknown_certificate_code_is_not_found(client):
    code = new_certificate_code()
    assert client.get(reverse("training:certificate", args=[code])).status_code == 404
    assert client.get(reverse("training:certificate_pdf", args=[code])).status_code == 404


def test_an_attempt_only_finishes_once_even_when_called_twice(learner, module):
    from training.attempts import AttemptAlreadyFinished, submit_attempt

    attempt = start_attempt(learner, module)
    submit_attempt(token=attempt.token, user=learner, answers=right(attempt))
    with pytest.raises(AttemptAlreadyFinished):
        submit_attempt(token=attempt.token, user=learner, answers=right(attempt))
    assert Attempt.objects.get(pk=attempt.pk).score == 5
    assert Completion.objects.filter(module_key=module.pk).count() == 1


def training_cases():
    from tests.core.test_bad_input import NUMBERS

    for value in NUMBERS:
        yield pytest.param("lessons/{}/", value, id=f"lesson={value!r}")
        yield pytest.param("check/{}/", value, id=f"token={value!r}")
        yield pytest.param("results/{}/", value, id=f"results={value!r}")
        yield pytest.param("/training/certificates/{}/", value, id=f"certificate={value!r}")


@pytest.mark.parametrize(("pattern", "value"), list(training_cases()))
def test_malformed_training_addresses_get_the_portals_own_4xx_page(
    learner_client, module, pattern, value
):
    from urllib.parse import quote

    path = pattern.format(quote(value, safe=""))
    response = learner_client.get(path if path.startswith("/") else module.url + path)
    assert response.status_code in (400, 404), (path, response.status_code)
    html = response.content.decode()
    assert 'class="govuk-heading-xl"' in html and "Traceback" not in html
