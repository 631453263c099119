"""The one gate for restricted material: who may read it, and what everyone else gets.

Every read path asks here: page and document serving (hooks), listings and the API
(portal.core.visibility), the admin (its permission policies and page views), and search.
A session that has not passed both factors is never a reader.
"""

from django.contrib.auth.models import Permission
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

READ_RESTRICTED = "core.view_restricted"


def is_verified(user):
    """Signed in with a password and a second factor, and still active."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    check = getattr(user, "is_verified", None)
    return callable(check) and bool(check())


def may_read_restricted(user):
    """A verified user holding the restricted-reading permission (or a superuser)."""
    return is_verified(user) and (user.is_superuser or holds_read_permission(user))


def holds_read_permission(user):
    """Whether an active user holds the restricted-reading permission, directly or through a
    group: Django's has_perm loads all of the user's and their groups' permissions (two
    queries); a page view needs only this one answer, in one query, kept on the user for the
    rest of the request."""
    if hasattr(user, "_perm_cache"):
        return user.has_perm(READ_RESTRICTED)
    held = getattr(user, "_portal_reads_restricted", None)
    if held is None:
        app_label, codename = READ_RESTRICTED.split(".")
        held = (
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            .filter(Q(user=user) | Q(group__user=user))
            .exists()
        )
        user._portal_reads_restricted = held
    return held


def request_may_read_restricted(request):
    return may_read_restricted(getattr(request, "user", None))


def refuse(request, restrictions=()):
    """None if this request may read material under these view restrictions; otherwise the
    answer it gets: the sign-in for anyone not signed in, a 403 page for a verified user who
    lacks access (sending them to sign in again would loop). Never cached."""
    user = request.user
    if is_verified(user):
        if may_read_restricted(user) and all(r.accept_request(request) for r in restrictions):
            return None
        response = render(request, "accounts/no_access.html", status=403)
    else:
        response = redirect_to_login(request.get_full_path(), reverse("accounts:login"))
    add_never_cache_headers(response)
    return response
