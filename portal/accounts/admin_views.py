"""Administrator actions on other people's two-factor set-up."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.chooser import ChosenMultipleView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.log_actions import log
from wagtail.models import Page

from portal.core.models import PageAudience
from portal.core.visibility import NAMED_GROUPS, can_read_restricted

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


# -- restricted pages in the admin's listings ----------------------------------------------------


def hide_restricted_pages(pages, request):
    """What the explorer and page chooser list: restricted pages only for readers, and sections
    restricted to named groups only for superusers, as on the public site (drafts included)."""
    if not can_read_restricted(request):
        hidden = PageAudience.objects.all()
    elif request.user.is_superuser:
        return pages
    else:
        hidden = PageAudience.objects.filter(audience=NAMED_GROUPS)
    # By id, not through the relation: the chooser's search only filters on indexed fields.
    return pages.exclude(pk__in=hidden.values("page_id"))


class PageChosenMultipleView(ChosenMultipleView):
    """Wagtail's "chosen multiple" answer for the page chooser describes any page id it is given;
    here it describes only pages the chooser itself would list to this user."""

    def get(self, request):
        ids = request.GET.getlist("id")
        asked = Page.objects.filter(pk__in=[i for i in ids if i.isdigit()])
        shown = hide_restricted_pages(asked, request)
        request.GET = request.GET.copy()
        request.GET.setlist("id", [str(pk) for pk in shown.values_list("pk", flat=True)])
        return super().get(request)


page_chosen_multiple_view = require_admin_access(PageChosenMultipleView.as_view())


def readers_only(view):
    """An admin view that shows titles of any page, restricted ones included: only for people
    who may read restricted material (SECURITY.md B13)."""

    def wrapped(request, *args, **kwargs):
        if not can_read_restricted(request):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return require_admin_access(wrapped)


# The page types report names each type's most recently edited page, whatever its audience.
page_types_usage_view = readers_only(PageTypesUsageReportView.as_view())
page_types_usage_results_view = readers_only(PageTypesUsageReportView.as_view(results_only=True))
