"""Signed-in sessions: their lifetime (30 minutes idle, 8 hours in all), the list a user sees
on their account page, and ending them on the server."""

import time
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.utils import timezone

from .models import UserSession

AUTH_AT = "accounts.auth_at"
SEEN_AT = "accounts.seen_at"
TRACKER = "accounts.session"
# Write "last seen" at most this often, so reading pages does not write on every request.
SEEN_RESOLUTION = 60


def idle_timeout():
    return getattr(settings, "PORTAL_SESSION_IDLE_SECONDS", 30 * 60)


def absolute_timeout():
    return getattr(settings, "PORTAL_SESSION_ABSOLUTE_SECONDS", 8 * 3600)


def session_store(session_key=None):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


def client_summary(request):
    from .security import client_ip

    agent = request.META.get("HTTP_USER_AGENT", "")[:200]
    return {"user_agent": agent, "ip_address": client_ip(request)}


def stamp_login(request):
    """Called at every login: the clocks for idle and absolute expiry start now."""
    now = time.time()
    request.session[AUTH_AT] = now
    request.session[SEEN_AT] = now


def expired(request, now=None):
    """Why this authenticated session must end ('idle' or 'absolute'), or None."""
    now = now or time.time()
    auth_at = request.session.get(AUTH_AT)
    seen_at = request.session.get(SEEN_AT)
    if not isinstance(auth_at, (int, float)) or not isinstance(seen_at, (int, float)):
        return "absolute"  # a session without our clocks predates them: start again
    if now - auth_at > absolute_timeout():
        return "absolute"
    if now - seen_at > idle_timeout():
        return "idle"
    return None


def touch(request, user, now=None):
    """Record activity: in the session (idle clock) and in the user's session list."""
    now = now or time.time()
    seen_at = request.session.get(SEEN_AT, 0)
    tracker = request.session.get(TRACKER)
    if tracker and now - seen_at < SEEN_RESOLUTION:
        return
    request.session[SEEN_AT] = now
    if not request.session.session_key:
        request.session.save()
    key = request.session.session_key
    updated = 0
    if tracker:
        # The key changes when Django cycles it (password change): follow it.
        updated = UserSession.objects.filter(pk=tracker, user=user).update(
            session_key=key, last_seen_at=timezone.now()
        )
    if not updated:
        row = UserSession.objects.create(user=user, session_key=key, **client_summary(request))
        request.session[TRACKER] = str(row.pk)


def forget(session_key):
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def live_sessions(user):
    """The user's sessions that can still be used, newest activity first."""
    now = timezone.now()
    rows = UserSession.objects.filter(
        user=user,
        last_seen_at__gte=now - timedelta(seconds=idle_timeout()),
        created_at__gte=now - timedelta(seconds=absolute_timeout()),
    )
    live = []
    for row in rows:
        if session_store().exists(row.session_key):
            live.append(row)
        else:
            row.delete()
    UserSession.objects.filter(user=user).exclude(pk__in=[r.pk for r in live]).delete()
    return live


def end_session(row):
    """Sign a session out on the server: its data is deleted, its cookie is worthless."""
    session_store(row.session_key).delete(row.session_key)
    row.delete()


def end_other_sessions(user, keep_key=None):
    count = 0
    for row in UserSession.objects.filter(user=user):
        if keep_key and row.session_key == keep_key:
            continue
        end_session(row)
        count += 1
    return count
