"""Deployment checks (`manage.py check --deploy`): settings a live portal must not run without."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

CONSOLE_MAIL = "django.core.mail.backends.console.EmailBackend"


@register(Tags.compatibility, deploy=True)
def mail_is_sent(app_configs, **kwargs):
    """Training reminders are e-mailed: without a mail server they only reach the log."""
    if settings.EMAIL_BACKEND == CONSOLE_MAIL:
        return [
            Warning(
                "EMAIL_HOST is not set: training reminders are written to the log, not sent.",
                hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_USE_TLS) to the mail server.",
                id="portal.W001",
            )
        ]
    return []
