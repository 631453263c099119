"""Taking a module's knowledge check: drawing the questions, scoring the answers, recording a pass.

start_attempt() draws the questions from the module's live revision, shuffles their options
and freezes them, with their stable block ids and which options are right, in the Attempt.
submit_attempt() finishes an attempt exactly once: it scores the answers against the frozen
questions (never against the bank as it is now) and, on a pass, records the Completion that
carries the certificate code. The Attempt and Completion rows are the record of what happened;
nothing here edits a finished attempt or a completion.
"""

import random

from dateutil.relativedelta import relativedelta

from django.db import transaction
from django.utils import timezone

from .models import Attempt, Completion, ModulePage

# -- what can go wrong, each with the message the learner reads ------------------------------


class AttemptError(Exception):
    """Base of the errors submit_attempt raises; str() is a sentence for the learner."""


class AttemptNotFound(AttemptError):
    """No attempt with this token belongs to this user (the view answers 404)."""


class AttemptAlreadyFinished(AttemptError):
    """The attempt was already submitted (or closed): nothing is recorded again."""

    def __init__(self, attempt):
        self.attempt = attempt
        super().__init__(
            "You have already sent your answers for this attempt. Your result is below; start a "
            "new attempt to try again."
        )


class ModuleChanged(AttemptError):
    """The module was unpublished or a new version published since the attempt started: the
    attempt is closed without a score and the learner may start a new one."""

    def __init__(self, attempt, reason):
        self.attempt = attempt
        super().__init__(reason)


class ModuleUnavailable(AttemptError):
    """The module cannot be taken now (not live, or no questions)."""


class InvalidAnswers(AttemptError):
    """The answers do not fit the attempt: nothing is recorded. errors maps a question id to
    its message; general holds messages about the form as a whole."""

    def __init__(self, errors=None, general=()):
        self.errors = dict(errors or {})
        self.general = list(general)
        messages = self.general + list(self.errors.values())
        super().__init__(" ".join(messages) or "Check your answers and send them again.")


UNPUBLISHED = (
    "This module was taken down while you were answering, so this attempt was closed without a "
    "score. Nothing has been recorded against you."
)
NEW_VERSION = (
    "A new version of this module was published while you were answering, so this attempt was "
    "closed without a score. Start a new attempt to answer the current questions."
)
MISSING = "Select an answer to this question."
MISSING_MULTIPLE = "Select at least one answer to this question."
UNKNOWN_OPTION = "The answer sent is not one of this question's options. Choose again."
FOREIGN_QUESTION = (
    "The answers sent do not belong to this attempt. Answer the questions on this page and send "
    "them again."
)


# -- drawing -----------------------------------------------------------------------------------


def live_module(module):
    """The module as last published (not a draft waiting for sign-off), or None if not live."""
    module = ModulePage.objects.filter(pk=module.pk, live=True).first()
    if module is None:
        return None
    revision = module.live_revision
    return revision.as_object() if revision is not None else module


def freeze_questions(bank, count, rng):
    """count questions from the bank in random order, each with its options shuffled, as the
    plain data an Attempt keeps: block ids, texts, explanations and the correct flags."""
    children = [child for child in bank if child.block_type == "question"]
    drawn = rng.sample(children, min(count, len(children)))
    frozen = []
    for child in drawn:
        value = child.value
        options = [
            {"id": str(item.id), "text": item.value["text"], "correct": bool(item.value["correct"])}
            for item in value["options"].bound_blocks
        ]
        rng.shuffle(options)
        frozen.append(
            {
                "id": str(child.id),
                "question": value["question"],
                "multiple": sum(option["correct"] for option in options) > 1,
                "explanation": value["explanation"],
                "options": options,
            }
        )
    return frozen


def start_attempt(user, module, *, rng=None):
    """Open an attempt at the module's knowledge check for this user."""
    rng = rng or random.SystemRandom()
    published = live_module(module)
    if published is None:
        raise ModuleUnavailable("This module is not published, so its knowledge check is closed.")
    version = ModulePage.objects.get(pk=module.pk).current_version
    questions = freeze_questions(published.questions, published.questions_per_attempt, rng)
    if not questions or version is None:
        raise ModuleUnavailable("This module has no knowledge check yet.")
    return Attempt.objects.create(
        user=user,
        module_id=module.pk,
        module_key=module.pk,
        module_title=published.title,
        module_version=version,
        pass_mark=published.pass_mark,
        questions=questions,
        total=len(questions),
    )


# -- scoring -----------------------------------------------------------------------------------


def correct_options(question):
    return {option["id"] for option in question["options"] if option["correct"]}


def score_attempt(questions, answers):
    """How many questions were answered exactly right: every correct option chosen and no
    other. Pure: questions as frozen in an Attempt, answers as {question id: [option id, …]}."""
    return sum(
        1
        for question in questions
        if set(answers.get(question["id"]) or ()) == correct_options(question)
    )


def passes(score, total, pass_mark):
    """A pass when the share answered right reaches the pass mark (80% of 5 is 4 right)."""
    return total > 0 and 100 * score >= pass_mark * total


def clean_answers(questions, answers):
    """The answers as {question id: sorted option ids}, or InvalidAnswers saying what is wrong."""
    if not isinstance(answers, dict):
        raise InvalidAnswers(general=[FOREIGN_QUESTION])
    known = {question["id"]: question for question in questions}
    if any(key not in known for key in answers):
        raise InvalidAnswers(general=[FOREIGN_QUESTION])
    cleaned, errors = {}, {}
    for question in questions:
        chosen = answers.get(question["id"]) or []
        if isinstance(chosen, str) or not all(isinstance(o, str) for o in chosen):
            raise InvalidAnswers(general=[FOREIGN_QUESTION])
        option_ids = {option["id"] for option in question["options"]}
        if not chosen:
            errors[question["id"]] = MISSING_MULTIPLE if question["multiple"] else MISSING
        elif (
            any(option not in option_ids for option in chosen)
            or (not question["multiple"] and len(chosen) > 1)
            or len(set(chosen)) != len(chosen)
        ):
            errors[question["id"]] = UNKNOWN_OPTION
        else:
            cleaned[question["id"]] = sorted(chosen)
    if errors:
        raise InvalidAnswers(errors)
    return cleaned


# -- finishing ---------------------------------------------------------------------------------


def attempt_for(user, token):
    """This user's attempt with this token, or AttemptNotFound (someone else's is not found)."""
    if not (user is not None and user.is_authenticated and isinstance(token, str) and token):
        raise AttemptNotFound("There is no such attempt.")
    attempt = Attempt.objects.filter(token=token, user=user).first()
    if attempt is None:
        raise AttemptNotFound("There is no such attempt.")
    return attempt


def change_since_start(attempt):
    """Why the attempt can no longer be scored (the learner's message), or None."""
    module = ModulePage.objects.filter(pk=attempt.module_key, live=True).first()
    if module is None:
        return UNPUBLISHED
    if module.current_version != attempt.module_version:
        return NEW_VERSION
    return None


def close_attempt(attempt, now=None):
    """Finish an attempt without a score (the module changed under it). True if this call
    closed it, False if it was already finished."""
    return bool(
        Attempt.objects.filter(pk=attempt.pk, finished_at__isnull=True).update(
            finished_at=now or timezone.now()
        )
    )


def valid_until(completed_at, months):
    return timezone.localdate(completed_at) + relativedelta(months=months)


def learner_name(user):
    """The name the certificate prints: the full name (cut to what a record holds, since a
    first and last name may together be longer), or the username."""
    limit = Completion._meta.get_field("learner_name").max_length
    return (user.get_full_name().strip() or user.get_username())[:limit]


def learner_agency(user):
    """The agency on the learner's practitioner profile, or None."""
    profile = getattr(user, "practitioner_profile", None)  # None when they have no profile
    return profile.agency if profile is not None else None


def submit_attempt(*, token, user, answers):
    """Finish this user's attempt with these answers, exactly once; on a pass record the
    completion. Returns the finished Attempt. Raises AttemptNotFound, AttemptAlreadyFinished,
    ModuleChanged or InvalidAnswers; nothing is recorded when it raises (but a ModuleChanged
    attempt is closed, without a score)."""
    attempt = attempt_for(user, token)
    if attempt.is_finished:
        raise AttemptAlreadyFinished(attempt)
    reason = change_since_start(attempt)
    if reason is not None:
        close_attempt(attempt)
        attempt.refresh_from_db()
        raise ModuleChanged(attempt, reason)
    cleaned = clean_answers(attempt.questions, answers)
    score = score_attempt(attempt.questions, cleaned)
    passed = passes(score, attempt.total, attempt.pass_mark)
    now = timezone.now()
    with transaction.atomic():
        # The conditional update is the lock: of two submissions racing, one finishes it.
        finished = Attempt.objects.filter(pk=attempt.pk, finished_at__isnull=True).update(
            finished_at=now, answers=cleaned, score=score, passed=passed
        )
        if not finished:
            attempt.refresh_from_db()
            raise AttemptAlreadyFinished(attempt)
        if passed:
            module = ModulePage.objects.filter(pk=attempt.module_key).first()
            months = module.validity_months if module is not None else 12
            Completion.objects.create(
                attempt=attempt,
                user=user,
                learner_name=learner_name(user),
                agency=learner_agency(user),
                module_id=attempt.module_key if module is not None else None,
                module_key=attempt.module_key,
                module_title=attempt.module_title,
                module_version=attempt.module_version,
                completed_at=now,
                valid_until=valid_until(now, months),
            )
    attempt.refresh_from_db()
    return attempt


def results(attempt):
    """Each question of a finished attempt with what was chosen, whether it was right, the
    right options and the explanation: only ever for a finished attempt."""
    if not attempt.is_finished or attempt.answers is None:
        return []
    rows = []
    for number, question in enumerate(attempt.questions, start=1):
        chosen = set(attempt.answers.get(question["id"]) or ())
        right = correct_options(question)
        rows.append(
            {
                "number": number,
                "question": question["question"],
                "multiple": question["multiple"],
                "correct": chosen == right,
                "chosen": [o["text"] for o in question["options"] if o["id"] in chosen],
                "right": [o["text"] for o in question["options"] if o["id"] in right],
                "explanation": question["explanation"],
            }
        )
    return rows


def latest_attempts(user, module):
    """The user's attempts at this module, newest first (for the module page)."""
    if not (user is not None and user.is_authenticated):
        return Attempt.objects.none()
    return Attempt.objects.filter(user=user, module_key=module.pk).order_by("-started_at")
