"""The client address used for lockouts, and the page a locked-out sign-in gets."""

from django.conf import settings
from django.shortcuts import render


def client_ip(request):
    """REMOTE_ADDR, or the address our own reverse proxies recorded in X-Forwarded-For.

    Only the last PORTAL_TRUSTED_PROXY_COUNT entries were written by proxies we run; anything to
    their left came from the client and is ignored, so a forged header cannot dodge a lockout.
    """
    trusted = getattr(settings, "PORTAL_TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR") or None
    if trusted <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < trusted:
        return remote
    return hops[-trusted]


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this when a username and address pair is locked out (HTTP 429).

    The same page whether or not the username exists, so it reveals nothing about accounts.
    """
    from .forms import PasswordForm

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = PasswordForm(request, initial={"username": request.POST.get("username", "")[:150]})
    response = render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "locked_minutes": minutes,
            "errors": [
                {
                    "field": "username",
                    "message": (
                        "There have been too many attempts to sign in with this username. "
                        f"Wait {minutes} minutes and try again, or contact the MAPPA co-ordination unit."
                    ),
                }
            ],
        },
        status=429,
    )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
