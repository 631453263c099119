"""Session clocks at login, cleaning up at logout, and the audit of restricted documents."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from wagtail.documents.models import document_served

from . import sessions
from .audit import record_view
from .models import RestrictedView


@receiver(user_logged_in)
def start_session_clocks(sender, request, user, **kwargs):
    # Every login, whichever code path made it, starts the idle and absolute clocks.
    if request is not None and hasattr(request, "session"):
        sessions.stamp_login(request)


@receiver(user_logged_out)
def forget_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        sessions.forget(request.session.session_key)


@receiver(document_served)
def audit_restricted_document(sender, instance, request, **kwargs):
    # Sent only after every before_serve_document hook let the request through.
    if getattr(request, "portal_restricted", None) is not None:
        record_view(
            request, RestrictedView.DOCUMENT, instance, instance.title, request.get_full_path()
        )
