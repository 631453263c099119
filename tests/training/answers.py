"""Answers to an attempt's frozen questions, as a learner's form would send them."""


def right(attempt, wrong=0):
    """{question id: [option ids]} answering every question right but the first `wrong`."""
    answers = {}
    for n, question in enumerate(attempt.questions):
        correct = [o["id"] for o in question["options"] if o["correct"]]
        incorrect = [o["id"] for o in question["options"] if not o["correct"]]
        answers[question["id"]] = incorrect[:1] if n < wrong else correct
    return answers


def form_data(answers):
    """The POST body of the check form: one q-<question id> field per chosen option."""
    return {f"q-{qid}": options for qid, options in answers.items()}
