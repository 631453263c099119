"""The admin's form for reinstating a withdrawn or superseded guidance document: thin, the change
itself is guidance.services.reinstate_document."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from .models import GuidancePage
from .services import may_reinstate, reinstate_document


class ReinstateForm(forms.Form):
    reason = forms.CharField(
        label="Why is this document back in force?",
        help_text="Shown on the document's public list of versions and kept in its history.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=600,
        error_messages={
            "required": "Say why the document is back in force: readers see the reason."
        },
    )


def reinstate_view(request, page_id):
    page = get_object_or_404(GuidancePage, pk=page_id)
    if not may_reinstate(request.user, page):
        from portal.accounts.admin_privacy import restricted_refusal

        return restricted_refusal(
            request,
            "Reinstating a document puts it back in force, so it needs permission to "
            "publish it: ask an SMB approver.",
        )
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if page.status == GuidancePage.CURRENT:
        messages.info(
            request, f"“{page.title}” is already in force: there is nothing to reinstate."
        )
        return redirect(edit_url)
    form = ReinstateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reinstate_document(page, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as e:
            form.add_error("reason", e.messages[0])
        else:
            messages.success(
                request,
                f"“{page.title}” is back in force. Its next publication may be a major change.",
            )
            return redirect(edit_url)
    return TemplateResponse(
        request,
        "guidance/admin/reinstate.html",
        {
            "page": page,
            "form": form,
            "page_title": f"Reinstate {page.title}",
            "header_icon": "undo",
            "edit_url": edit_url,
        },
        status=400 if form.errors else 200,
    )
