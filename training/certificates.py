"""Certificates: a completion found by its code, whether it stands, and its one-page PDF.

A certificate says who completed which module, which version, when, and until when it is
valid; nothing else about the learner (no e-mail, agency or score), because anyone holding the
code (a line manager, another agency) can open it. A code is checked strictly against the
format the portal issues (new_certificate_code: four groups of five from a 32-letter
alphabet); anything else is not looked up at all.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from django.conf import settings
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Completion

CODE = re.compile(r"^[A-HJ-NP-Z2-9]{5}(?:-[A-HJ-NP-Z2-9]{5}){3}$")
STYLESHEET = Path(__file__).resolve().parent / "static" / "training" / "certificate-pdf.css"
PDF_VARIANT = "pdf/ua-1"

IN_DATE, EXPIRED, WITHDRAWN, REPLACED = "in-date", "expired", "withdrawn", "replaced"


def is_code(text):
    return isinstance(text, str) and bool(CODE.fullmatch(text))


def completion_for_code(code):
    """The completion with this certificate code, or Http404 for a malformed or unknown code
    (and for records anonymised under the retention rules: they no longer name anyone)."""
    if not is_code(code):
        raise Http404("That is not a certificate code.")
    completion = (
        Completion.objects.filter(code=code, anonymised_at__isnull=True)
        .select_related("replaced_by")
        .first()
    )
    if completion is None:
        raise Http404("There is no certificate with that code.")
    return completion


@dataclass
class Validity:
    state: str  # IN_DATE, EXPIRED, WITHDRAWN or REPLACED
    message: str
    replacement: Completion | None = None

    @property
    def standing(self):
        return self.state in (IN_DATE, EXPIRED)


def validity(completion, today=None):
    """Whether the certificate stands today, and the sentence that says so."""
    today = today or timezone.localdate()
    replacement = getattr(completion, "replaced_by", None) if completion.pk else None
    if completion.void or (replacement is not None and replacement.void):
        return Validity(
            WITHDRAWN,
            "This certificate has been withdrawn: the training record it showed was corrected.",
        )
    if replacement is not None:
        return Validity(
            REPLACED,
            "This certificate has been replaced by a corrected record with a new certificate.",
            replacement,
        )
    if completion.valid_until < today:
        return Validity(EXPIRED, f"This certificate expired on {completion.valid_until:%-d %B %Y}.")
    return Validity(IN_DATE, f"This certificate is valid until {completion.valid_until:%-d %B %Y}.")


def certificate_context(completion, today=None):
    return {
        "completion": completion,
        "validity": validity(completion, today),
        "area_name": settings.PORTAL_AREA_NAME,
    }


def certificate_pdf(completion, base_url=None):
    """The certificate as a one-page, tagged A4 PDF (bytes)."""
    from weasyprint import CSS, HTML

    path = reverse("training:certificate", args=[completion.code])
    context = {**certificate_context(completion), "check_url": urljoin(base_url or "", path)}
    html = render_to_string("training/certificate_pdf.html", context)
    document = HTML(string=html, base_url=base_url)
    return document.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))], pdf_variant=PDF_VARIANT)
