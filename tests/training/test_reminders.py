"""Reminders: one e-mail when a pass has 30 days left and one when it has expired."""

import datetime

import time_machine

from django.core import mail
from django.core.management import call_command

from tests.factories import CompletionFactory, learner
from training.models import CompletionReminder
from training.reminders import send_reminders

PASSED_ON = datetime.datetime(2026, 1, 15, 10, tzinfo=datetime.UTC)  # valid until 15 January 2027


def at(day):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(7), datetime.UTC), tick=False
    )


def test_one_reminder_per_threshold_and_none_before(module, police):
    person = learner(police, first_name="Robin", email="robin@example.org")
    completion = CompletionFactory(user=person, module=module, completed_at=PASSED_ON)
    assert completion.valid_until == datetime.date(2027, 1, 15)

    with at(datetime.date(2026, 12, 15)):  # 31 days left
        assert send_reminders(users=[person]) == 0
    with at(datetime.date(2026, 12, 16)):  # 30 days left
        call_command("send_training_reminders", stdout=open("/dev/null", "w"))
        call_command("send_training_reminders", stdout=open("/dev/null", "w"))
    mine = [m for m in mail.outbox if m.to == ["robin@example.org"]]
    assert len(mine) == 1
    message = mine[0]
    assert message.to == ["robin@example.org"]
    assert message.subject == "Your Sharing information safely training expires in 30 days"
    assert "Dear Robin" in message.body and "15 January 2027" in message.body
    assert "/training/my/" in message.body

    with at(datetime.date(2027, 1, 10)):
        assert send_reminders(users=[person]) == 0  # still expiring: already told
    with at(datetime.date(2027, 1, 16)):
        assert send_reminders(users=[person]) == 1
        assert send_reminders(users=[person]) == 0
    assert [m for m in mail.outbox if m.to == ["robin@example.org"]][
        1
    ].subject == "Your Sharing information safely training has expired"
    assert set(
        CompletionReminder.objects.filter(completion=completion).values_list("threshold", flat=True)
    ) == {
        "expiring",
        "expired",
    }


def test_a_renewed_pass_is_not_reminded_about(module, police):
    person = learner(police)
    CompletionFactory(user=person, module=module, completed_at=PASSED_ON)
    CompletionFactory(
        user=person, module=module, completed_at=PASSED_ON + datetime.timedelta(days=300)
    )
    with at(datetime.date(2027, 1, 20)):
        assert send_reminders(users=[person]) == 0


def test_a_withdrawn_pass_or_an_inactive_learner_gets_nothing(module, police):
    from tests.factories import UserFactory
    from training.records import correct_completion

    withdrawn = CompletionFactory(user=learner(police), module=module, completed_at=PASSED_ON)
    correct_completion(
        withdrawn, by=UserFactory(role="approvers"), reason="Entered twice", void=True
    )
    gone = learner(police)
    CompletionFactory(user=gone, module=module, completed_at=PASSED_ON)
    gone.is_active = False
    gone.save()
    with at(datetime.date(2027, 1, 20)):
        assert send_reminders(users=[withdrawn.user, gone]) == 0


class RefusingBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPServerDisconnected("mail server down")


def test_a_failed_send_is_tried_again_the_next_run(module, police, settings):
    person = learner(police)
    completion = CompletionFactory(user=person, module=module, completed_at=PASSED_ON)
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with at(datetime.date(2026, 12, 20)):
        assert send_reminders(users=[person]) == 0
        assert not CompletionReminder.objects.filter(completion=completion).exists()
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert send_reminders(users=[person]) == 1
