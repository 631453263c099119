"""Versions of training modules: each publication of a ModulePage is a ModuleVersion.

The first publication is version 1. A major change (anything a learner must learn again)
raises the number, and completions of earlier versions then need a refresher; a minor change
(typing errors, links) keeps it. Each version also records the major version of every guidance
document its lessons cite, as it stood when the module was published.
"""

from django.db import transaction
from django.utils import timezone

from guidance.models import MAJOR, GuidanceVersion

from .models import ModulePage, ModuleVersion

FIRST_PUBLISHED_NOTE = "First published."


def cited_guidance(module):
    """{guidance document id (as text, JSON's keys): its current major version number}."""
    cited = {}
    for document_id in module.cited_guidance_ids():
        current = (
            GuidanceVersion.objects.filter(document_id=document_id).order_by("-sequence").first()
        )
        if current is not None:
            cited[str(document_id)] = current.major
    return cited


@transaction.atomic
def record_publication(module, published_at=None):
    """Record the version this publication makes, and return it."""
    # Serialise concurrent publications of the same module (a no-op on SQLite).
    list(ModulePage.objects.select_for_update().filter(pk=module.pk).values_list("pk"))
    latest = ModuleVersion.objects.filter(module_key=module.pk).order_by("-sequence").first()
    note = (module.change_note or "").strip()
    if latest is None:
        change_type, number, note = MAJOR, 1, note or FIRST_PUBLISHED_NOTE
    elif module.change_type == MAJOR:
        change_type, number = MAJOR, latest.number + 1
    else:
        change_type, number = "minor", latest.number
    version = ModuleVersion.objects.create(
        module_id=module.pk,
        module_key=module.pk,
        sequence=(latest.sequence + 1) if latest else 1,
        number=number,
        change_type=change_type,
        change_note=note,
        title=module.title,
        published_at=published_at or module.last_published_at or timezone.now(),
        cited_guidance=cited_guidance(module),
    )
    # The next round of edits starts with no type of change and no note (ModulePageForm), so a
    # note is never carried into a later publication by mistake.
    module.__dict__.pop("versions", None)
    return version
