"""Modules whose guidance has moved on: a guidance document the module's current version cites
(ModuleVersion.cited_guidance, {document id: its major version then}) has since had a major
change (a GuidanceVersion with a higher major number). Editors are told in the module's edit
view, on their dashboard and in the training report; the module's own version is not changed
until someone reviews it and publishes a change.

Three queries whatever the number of modules: the modules, their latest versions, and the
versions of the guidance they cite.
"""

from dataclasses import dataclass, field

from guidance.models import GuidanceVersion

from .models import ModulePage, ModuleVersion


@dataclass
class GuidanceChange:
    document_id: int
    title: str
    cited_major: int
    current_major: int


@dataclass
class ModuleReview:
    module: ModulePage | None
    module_id: int
    version: int
    changes: list = field(default_factory=list)

    @property
    def message(self):
        return (
            f"The guidance this module teaches has changed since version {self.version}: "
            + "; ".join(
                f"{c.title} is now at version {c.current_major} (this module cites version "
                f"{c.cited_major})"
                for c in self.changes
            )
            + "."
        )


def reviews_for(module_ids, modules=None):
    """{module id: ModuleReview} for those of these modules whose cited guidance changed."""
    module_ids = list(module_ids)
    latest = {}
    for version in ModuleVersion.objects.filter(module_key__in=module_ids).order_by(
        "module_key", "-sequence"
    ):
        latest.setdefault(version.module_key, version)
    cited = {
        int(document): int(major)
        for version in latest.values()
        for document, major in (version.cited_guidance or {}).items()
    }
    if not cited:
        return {}
    current = {}
    for document_id, major, title in (
        GuidanceVersion.objects.filter(document_id__in=list(cited))
        .order_by("document_id", "-sequence")
        .values_list("document_id", "major", "title")
    ):
        best = current.get(document_id)
        if best is None:
            current[document_id] = (major, title)  # the latest version's title
        elif major > best[0]:
            current[document_id] = (major, best[1])
    found = {}
    for module_id, version in latest.items():
        changes = [
            GuidanceChange(
                int(document), current[int(document)][1], int(major), current[int(document)][0]
            )
            for document, major in sorted((version.cited_guidance or {}).items())
            if int(document) in current and current[int(document)][0] > int(major)
        ]
        if changes:
            found[module_id] = ModuleReview(
                module=(modules or {}).get(module_id),
                module_id=module_id,
                version=version.number,
                changes=changes,
            )
    return found


def modules_behind_guidance(modules=None):
    """Live modules (or the given ones) needing review because their guidance changed, by
    title."""
    if modules is None:
        modules = ModulePage.objects.live().order_by("title")
    modules = {module.pk: module for module in modules}
    reviews = reviews_for(modules, modules)
    return sorted(reviews.values(), key=lambda review: review.module.title.lower())


def review_for(module):
    return reviews_for([module.pk], {module.pk: module}).get(module.pk)
