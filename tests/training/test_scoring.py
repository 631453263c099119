"""Scoring and drawing: a question is right only when exactly its right options are chosen; the
pass mark is reached at exactly the mark; each attempt draws its own questions in its own order."""

import random

import pytest

from tests.factories import ModulePageFactory, publish, question, question_bank
from training.attempts import passes, score_attempt, start_attempt

from .answers import right


def frozen(qid, options):
    """A frozen question: options are (id, correct) pairs."""
    return {
        "id": qid,
        "question": f"Question {qid}?",
        "multiple": sum(c for _, c in options) > 1,
        "explanation": "Why.",
        "options": [{"id": oid, "text": oid, "correct": c} for oid, c in options],
    }


SINGLE = frozen("q1", [("a", True), ("b", False), ("c", False)])
SEVERAL = frozen("q2", [("a2", True), ("b2", True), ("c2", False)])


@pytest.mark.parametrize(
    "answers, expected",
    [
        ({"q1": ["a"], "q2": ["a2", "b2"]}, 2),
        ({"q1": ["a"], "q2": ["b2", "a2"]}, 2),  # order does not matter
        ({"q1": ["b"], "q2": ["a2", "b2"]}, 1),
        ({"q1": ["a"], "q2": ["a2"]}, 1),  # one of two right options is not right
        ({"q1": ["a"], "q2": ["a2", "b2", "c2"]}, 1),  # a wrong option spoils it
        ({"q1": [], "q2": []}, 0),
        ({}, 0),
    ],
)
def test_a_question_is_right_only_with_exactly_its_right_options(answers, expected):
    assert score_attempt([SINGLE, SEVERAL], answers) == expected


@pytest.mark.parametrize(
    "score, total, mark, passed",
    [
        (4, 5, 80, True),  # exactly at the mark
        (3, 5, 80, False),
        (5, 5, 100, True),
        (4, 5, 81, False),
        (2, 3, 67, False),  # 66.7% is below 67%
        (2, 3, 66, True),
        (0, 0, 80, False),
    ],
)
def test_the_pass_mark_is_reached_at_exactly_the_mark(score, total, mark, passed):
    assert passes(score, total, mark) is passed


@pytest.mark.django_db
def test_each_attempt_draws_its_own_questions_and_shuffles_the_options(module, learner):
    bank = {child.id: child for child in module.questions}
    draws = [start_attempt(learner, module, rng=random.Random(seed)) for seed in range(6)]
    for attempt in draws:
        assert attempt.total == 5 and len(attempt.questions) == 5
        assert len({q["id"] for q in attempt.questions}) == 5
        for q in attempt.questions:
            stored = bank[q["id"]].value
            assert q["question"] == stored["question"]
            assert {o["id"]: o["correct"] for o in q["options"]} == {
                item.id: item.value["correct"] for item in stored["options"].bound_blocks
            }
            assert q["multiple"] == (sum(o["correct"] for o in q["options"]) > 1)
    assert len({tuple(q["id"] for q in a.questions) for a in draws}) > 1, "the order varies"
    orders = {tuple(o["id"] for o in a.questions[0]["options"]) for a in draws}
    firsts = {a.questions[0]["id"] for a in draws}
    assert len(orders) > 1 or len(firsts) > 1
    options_orders = set()
    for a in draws:
        for q in a.questions:
            stored_order = [item.id for item in bank[q["id"]].value["options"].bound_blocks]
            options_orders.add([o["id"] for o in q["options"]] == stored_order)
    assert False in options_orders, "options are shuffled"


@pytest.mark.django_db
def test_a_draw_never_asks_more_than_the_bank(training_index, learner):
    module = publish(
        ModulePageFactory(
            parent=training_index, questions=question_bank(3), questions_per_attempt=3
        )
    )
    attempt = start_attempt(learner, module)
    assert attempt.total == 3


@pytest.mark.django_db
def test_the_draw_comes_from_the_live_revision_not_a_waiting_draft(module, learner):
    draft = module.get_latest_revision_as_object()
    draft.questions = [question("Only in the draft?", [("Yes", True), ("No", False)])] * 6
    draft.save_revision()
    attempt = start_attempt(learner, module)
    assert all(q["question"] != "Only in the draft?" for q in attempt.questions)


@pytest.mark.django_db
def test_right_answers_pass(module, learner):
    from training.attempts import submit_attempt

    attempt = start_attempt(learner, module)
    finished = submit_attempt(token=attempt.token, user=learner, answers=right(attempt))
    assert (finished.score, finished.total, finished.passed) == (5, 5, True)
