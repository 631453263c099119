"""The verified-or-anonymous gate, session lifetimes, private caching and the CSP header."""

import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from . import sessions
from .flow import NOTICE

log = logging.getLogger("portal.accounts")


class VerifiedSessionMiddleware:
    """Install after OTPMiddleware. Every request is either verified or anonymous.

    An authenticated session without a verified second factor cannot come from the portal's
    own login, but if one appears (any other path, a device removed by an administrator) it is
    ended here, so no view, API or hook ever sees a password-only user. Verified sessions end
    after 30 minutes idle or 8 hours in all. Responses to a signed-in session, and responses
    about restricted material, are never stored by a cache and carry no ETag.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = self.check(request)
        response = self.get_response(request)
        if signed_in or getattr(request, "portal_restricted", None) is not None:
            add_never_cache_headers(
                response
            )  # max-age=0, no-cache, no-store, must-revalidate, private
            if response.has_header("ETag"):
                del response["ETag"]
            if response.has_header("Last-Modified"):
                del response["Last-Modified"]
            patch_vary_headers(response, ["Cookie"])
        return response

    def check(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if not user.is_verified():
            log.warning(
                "Ended an authenticated session without a second factor (user id %s)", user.pk
            )
            logout(request)
            request.user = AnonymousUser()
            return False
        reason = sessions.expired(request)
        if reason is not None:
            logout(request)  # deletes the session, and its entry in the user's list
            request.user = AnonymousUser()
            request.session[NOTICE] = reason
            return False
        sessions.touch(request, user, time.time())
        return True


class ContentSecurityPolicyMiddleware:
    """Django 5.2 has no CSP support of its own, and this one header is all we need: a tiny
    middleware rather than another dependency. The public site allows no inline script or
    style at all; the Wagtail admin (under /admin/) needs inline styles and same-origin frames
    for previews, and nothing more."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.site = self.render(settings.PORTAL_CSP)
        self.admin = self.render(settings.PORTAL_CSP_ADMIN)

    @staticmethod
    def render(policy):
        return "; ".join(f"{name} {' '.join(values)}".strip() for name, values in policy.items())

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            # Always, even over a policy already set: admin previews render the page through
            # a dummy request for its public URL, and the preview is framed by the admin.
            response["Content-Security-Policy"] = self.admin
        elif "Content-Security-Policy" not in response:  # documents set a stricter one
            response["Content-Security-Policy"] = self.site
        return response
