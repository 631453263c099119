"""Administrator actions on other people's two-factor set-up."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from wagtail.log_actions import log

from . import sessions
from .models import BackupCodeDevice


def can_reset(actor, target):
    """User managers may reset anyone's authenticator except a superuser's (superusers only)."""
    if not actor.is_authenticated:
        return False
    if target.is_superuser and not actor.is_superuser:
        return False
    return actor.is_superuser or actor.has_perm("auth.change_user")


@transaction.atomic
def reset_authenticator(actor, target):
    """Remove the target's authenticator and backup codes and sign them out everywhere.

    They set up a new authenticator the next time they sign in with their password, so this
    is only done after the helpdesk has confirmed who is asking (see the README).
    """
    removed = TOTPDevice.objects.filter(user=target).delete()[0]
    removed += BackupCodeDevice.objects.filter(user=target).delete()[0]
    ended = sessions.end_other_sessions(target)
    log(
        instance=target,
        action="accounts.reset_authenticator",
        user=actor,
        data={"devices_removed": removed, "sessions_ended": ended},
    )
    return removed, ended


@never_cache
def reset_authenticator_view(request, user_id):
    target = get_object_or_404(get_user_model(), pk=user_id)
    if not can_reset(request.user, target):
        raise PermissionDenied
    if request.method == "POST":
        reset_authenticator(request.user, target)
        messages.success(
            request,
            f"Two-factor sign-in was reset for {target.get_username()}. They will set up a new "
            "authenticator app the next time they sign in.",
        )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "accounts/admin/reset_authenticator.html",
        {
            "target": target,
            "page_title": "Reset two-factor sign-in",
            "header_icon": "lock",
            "has_authenticator": TOTPDevice.objects.filter(user=target, confirmed=True).exists(),
        },
    )
