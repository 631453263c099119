"""Sign in (password, then code), enrolment, sign out, and the account page.

Thin: the state of a sign-in lives in portal.accounts.flow, codes in portal.accounts.otp,
sessions in portal.accounts.sessions.
"""

import logging

import django_otp
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth import get_user_model, logout
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from wagtail.log_actions import log as audit_log

from portal.core.navigation import home_crumb

from . import flow, otp, sessions
from .forms import (
    BackupCodeForm,
    DeviceCodeForm,
    NewAuthenticatorForm,
    PasswordForm,
    ReauthenticateForm,
)
from .gate import is_verified, refuse
from .models import BackupCodeDevice, PractitionerProfile, UserSession
from .security import locked_out

log = logging.getLogger("portal.accounts")

LOGIN_URL = reverse_lazy("accounts:login")
ACCOUNT_URL = reverse_lazy("accounts:account")
NOTICES = {
    "idle": "You were signed out because you had not done anything for 30 minutes.",
    "absolute": "You were signed out because you had been signed in for 8 hours.",
    "restart": "Sign in again: too many incorrect codes were entered.",
    "timeout": "Sign in again: the time to enter your code ran out.",
    "signed-out": "You have signed out.",
}


def _audit(user, action, **data):
    """Record a change to someone's two-factor set-up in Wagtail's history (a real User row:
    request.user is a lazy wrapper the log registry cannot classify)."""
    real = get_user_model().objects.get(pk=user.pk)
    audit_log(instance=real, action=action, user=real, data=data or None)


def _render(request, template, context, status=200):
    return render(request, template, context, status=status)


# -- the sign-in flow --------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request):
    """Step one: username and password. Nothing is logged in here."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if is_verified(request.user):
        return redirect(flow.safe_next(request, next_url))
    notice = NOTICES.get(request.session.pop(flow.NOTICE, ""), "")
    if request.method == "POST":
        form = PasswordForm(request, data=request.POST)
        if form.is_valid():
            user = form.user
            flow.begin(request, user, next_url)
            if otp.confirmed_totp(user) is None:
                return redirect("accounts:enrol")
            return redirect("accounts:code")
        if form.locked_out:
            return locked_out(request)
        return _render(request, "accounts/login.html", {"form": form, "next": next_url})
    flow.cancel(request)
    form = PasswordForm(request)
    return _render(
        request, "accounts/login.html", {"form": form, "next": next_url, "notice": notice}
    )


def _code_step(request, form_class, template, device_model):
    user = flow.pending_user(request)
    if user is None:
        request.session[flow.NOTICE] = "timeout" if request.method == "POST" else ""
        return redirect(LOGIN_URL)
    devices = [d for d in otp.user_devices(user).values() if isinstance(d, device_model)]
    if not devices:
        if device_model is TOTPDevice:
            return redirect("accounts:enrol")
        return redirect("accounts:code")
    device = devices[0]
    has_backup = BackupCodeDevice.objects.filter(user=user, codes__isnull=False).exists()
    if request.method == "POST":
        form = form_class(user, data=request.POST)
        if form.is_valid():
            next_url = flow.complete(request, user, form.verified_device)
            return redirect(next_url)
        if form.tampered:
            fresh = form_class(user, initial={"device": device.persistent_id})
            return _render(
                request,
                template,
                {"form": fresh, "tampered": form.errors["device"][0], "has_backup": has_backup},
                status=400,
            )
        if form.wrong and flow.code_failed(request, user):
            request.session[flow.NOTICE] = "restart"
            return redirect(LOGIN_URL)
        return _render(request, template, {"form": form, "has_backup": has_backup})
    form = form_class(user, initial={"device": device.persistent_id})
    return _render(request, template, {"form": form, "has_backup": has_backup})


@never_cache
@require_http_methods(["GET", "POST"])
def code_view(request):
    """Step two: the 6-digit code from the authenticator app."""
    return _code_step(request, DeviceCodeForm, "accounts/code.html", TOTPDevice)


@never_cache
@require_http_methods(["GET", "POST"])
def backup_code_view(request):
    """Step two, the other way: a one-time backup code."""
    return _code_step(request, BackupCodeForm, "accounts/backup_code.html", BackupCodeDevice)


def _enrolment_context(device):
    """The three ways to add a new authenticator: scan, tap the otpauth:// link, or type the key."""
    return {
        "qr": otp.qr_svg(device),
        "key": otp.grouped_key(device),
        "otpauth_url": device.config_url,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def enrol_view(request):
    """Set up an authenticator, for someone who has passed the password step but has none.

    Refused to anyone who already has one: a stolen password must not add a new device.
    """
    user = flow.pending_user(request)
    if user is None:
        return redirect(LOGIN_URL)
    if otp.confirmed_totp(user) is not None:
        return redirect("accounts:code")
    device = otp.pending_totp(user)
    if request.method == "POST":
        form = NewAuthenticatorForm(device, data=request.POST)
        if form.is_valid():
            device = otp.confirm_totp(user, form.verified_device)
            codes = otp.new_backup_codes(user)
            next_url = flow.complete(request, user, device)
            _audit(user, "accounts.enrol")
            return _render(
                request,
                "accounts/backup_codes.html",
                {"codes": codes, "next": next_url, "first_time": True},
            )
    else:
        form = NewAuthenticatorForm(device)
    return _render(
        request,
        "accounts/enrol.html",
        {"form": form, **_enrolment_context(device)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def logout_view(request):
    """POST signs out and deletes the session on the server. GET asks first."""
    if request.method == "POST":
        if request.user.is_authenticated:
            logout(request)
        request.session[flow.NOTICE] = "signed-out"
        return redirect(LOGIN_URL)
    return _render(request, "accounts/logout.html", {})


def redirect_to_portal_login(request, *args, **kwargs):
    """Wagtail's /_util/login/ and /admin/login/ lead into the two-factor sign-in."""
    next_url = flow.safe_next(request, request.GET.get("next"), default="")
    if request.path.startswith("/admin/") and not next_url:
        next_url = reverse("wagtailadmin_home")
    if not next_url:
        return redirect(LOGIN_URL)
    return redirect_to_login(next_url, LOGIN_URL)


# -- the account page --------------------------------------------------------------------------


def _require_verified(view):
    def wrapped(request, *args, **kwargs):
        if not is_verified(request.user):
            return redirect_to_login(request.get_full_path(), LOGIN_URL)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@never_cache
@_require_verified
def account_view(request):
    """The practitioner's profile, their second factors and where they are signed in."""
    user = request.user
    profile = PractitionerProfile.objects.filter(user=user).select_related("agency").first()
    current = request.session.get(sessions.TRACKER)
    return _render(
        request,
        "accounts/account.html",
        {
            "profile": profile,
            "authenticator": otp.confirmed_totp(user),
            "backup_left": otp.backup_codes_left(user),
            "sessions": sessions.live_sessions(user),
            "current_session": current,
            "signed_in_with_backup": isinstance(user.otp_device, BackupCodeDevice),
            "done": request.session.pop("accounts.done", ""),
            "breadcrumbs": [home_crumb()],
        },
    )


def _reauthenticate(request, template, context, on_success):
    """Password and a fresh code, checked in one form; backup code if ?method=backup."""
    user = request.user
    backup = request.GET.get("method") == "backup" or request.POST.get("method") == "backup"
    model = BackupCodeDevice if backup else TOTPDevice
    device = next((d for d in otp.user_devices(user).values() if isinstance(d, model)), None)
    if device is None:
        if backup:
            return redirect(request.path)
        raise Http404("No authenticator")
    if request.method == "POST":
        form = ReauthenticateForm(request, user, data=request.POST, backup=backup)
        if form.is_valid():
            flow.mark_reauthenticated(request)
            return on_success(form)
        status = 400 if form.tampered else 200
        if getattr(request, "axes_locked_out", False):
            return locked_out(request)
    else:
        form = ReauthenticateForm(
            request, user, initial={"device": device.persistent_id}, backup=backup
        )
        status = 200
    has_backup = BackupCodeDevice.objects.filter(user=user, codes__isnull=False).exists()
    return _render(
        request,
        template,
        {
            **context,
            "form": form,
            "backup": backup,
            "has_backup": has_backup,
            "breadcrumbs": [{"title": "Your account", "url": ACCOUNT_URL}],
        },
        status=status,
    )


@never_cache
@_require_verified
@require_http_methods(["GET", "POST"])
def backup_codes_view(request):
    """New backup codes, after the password and a fresh code; shown once."""

    def success(form):
        codes = otp.new_backup_codes(request.user)
        flow.clear_reauthentication(request)
        _audit(request.user, "accounts.backup_codes")
        return _render(request, "accounts/backup_codes.html", {"codes": codes, "next": ACCOUNT_URL})

    return _reauthenticate(
        request,
        "accounts/reauthenticate.html",
        {
            "title": "Get new backup codes",
            "lede": "Your old backup codes will stop working as soon as you get new ones.",
        },
        success,
    )


@never_cache
@_require_verified
@require_http_methods(["GET", "POST"])
def replace_authenticator_view(request):
    """Replacing the authenticator, step 1: the password and a fresh code."""

    def success(form):
        device = otp.pending_totp(request.user)
        request.session[flow.NEW_TOTP] = device.pk
        return redirect("accounts:new_authenticator")

    return _reauthenticate(
        request,
        "accounts/reauthenticate.html",
        {
            "title": "Replace your authenticator app",
            "lede": "Use this if you have a new phone. You will need your password and a code "
            "from your current app, or a backup code.",
        },
        success,
    )


@never_cache
@_require_verified
@require_http_methods(["GET", "POST"])
def new_authenticator_view(request):
    """Replacing the authenticator, step 2: scan the new key and confirm it with a code."""
    user = request.user
    device_id = request.session.get(flow.NEW_TOTP)
    device = otp.pending_totp(user, device_id) if device_id else None
    if not flow.recently_reauthenticated(request) or device is None:
        flow.clear_reauthentication(request)
        return redirect("accounts:replace_authenticator")
    if request.method == "POST":
        form = NewAuthenticatorForm(device, data=request.POST)
        if form.is_valid():
            device = otp.confirm_totp(user, form.verified_device)
            django_otp.login(request, device)  # this session now rests on the new device
            ended = sessions.end_other_sessions(user, keep_key=request.session.session_key)
            flow.clear_reauthentication(request)
            _audit(user, "accounts.replace_authenticator", sessions_ended=ended)
            request.session["accounts.done"] = "authenticator"
            return redirect(ACCOUNT_URL)
    else:
        form = NewAuthenticatorForm(device)
    return _render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            **_enrolment_context(device),
            "replacing": True,
            "breadcrumbs": [{"title": "Your account", "url": ACCOUNT_URL}],
        },
    )


@never_cache
@_require_verified
@require_POST
def end_session_view(request, session_id):
    """Sign out one of your other sessions. Only your own: anyone else's is a 404."""
    row = UserSession.objects.filter(pk=session_id, user=request.user).first()
    if row is None:
        raise Http404("No such session")
    if row.session_key == request.session.session_key:
        return redirect("accounts:logout")
    sessions.end_session(row)
    request.session["accounts.done"] = "session"
    return redirect(ACCOUNT_URL)


@never_cache
@_require_verified
@require_POST
def end_other_sessions_view(request):
    sessions.end_other_sessions(request.user, keep_key=request.session.session_key)
    request.session["accounts.done"] = "sessions"
    return redirect(ACCOUNT_URL)


def serve_document(request, document_id, document_filename):
    """Wagtail's document view, except that a restricted document gets the same answer from
    anyone who may not read it, whether or not the filename is right: a guessed name is never
    confirmed. Readers, and public documents, go through Wagtail's own checks."""
    from wagtail.documents import get_document_model
    from wagtail.documents.views.serve import serve

    from portal.core.visibility import is_restricted_document

    document = get_document_model().objects.filter(pk=document_id).first()
    if document is not None and is_restricted_document(document):
        request.portal_restricted = document
        refusal = refuse(request, document.collection.get_view_restrictions())
        if refusal is not None:
            return refusal
    return serve(request, document_id, document_filename)
