"""What every deployment needs before anyone signs in: the page tree's skeleton, the groups
and their permissions, and the SMB sign-off workflow.

Run by `manage.py setup_portal` and after every `migrate` (signal_handlers.py), so a new
deployment with production settings gets a working, empty portal. Idempotent: it adds what is
missing and never removes a permission an administrator granted by hand. The demo seed builds
on top of it and never replaces it.
"""

import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

logger = logging.getLogger("portal.setup")

EDITORS, APPROVERS, PRACTITIONERS, AGENCY_LEADS = (
    "editors",
    "approvers",
    "practitioners",
    "agency_leads",
)
READ_RESTRICTED = "core.view_restricted"
SET_PRIVACY = "core.set_privacy"

# What each role may do, beyond reading restricted material (settings decide who reads it).
ROLE_PERMISSIONS = {
    PRACTITIONERS: [],
    # An agency lead sees the training report for their own agency.
    AGENCY_LEADS: ["training.view_agency_training_report"],
    EDITORS: [
        "wagtailadmin.access_admin",
        "core.add_contact",
        "core.change_contact",
        "core.add_glossaryterm",
        "core.change_glossaryterm",
        "reports.view_report_audit",
    ],
    APPROVERS: [
        "wagtailadmin.access_admin",
        "core.add_contact",
        "core.change_contact",
        "core.add_glossaryterm",
        "core.change_glossaryterm",
        "accounts.audit_restricted_views",
        "reports.view_report_audit",
        "training.view_all_training_report",
        "training.correct_training_record",
        SET_PRIVACY,
    ],
}
# Page permissions, granted on the home page (so on the whole site). Approvers hold "publish"
# for unpublishing and cancelling a schedule; publishing itself goes through the sign-off.
ROLE_PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    APPROVERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
# Collection permissions, granted on the root collection. Approvers may change collections
# (Wagtail asks for that before its privacy dialog, which also needs core.set_privacy).
ROLE_COLLECTION_PERMISSIONS = {
    EDITORS: [
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
    APPROVERS: [
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtailcore.change_collection",
    ],
}
# Wagtail's own starter groups: their rights on the root page are wider than the portal's.
STARTER_GROUPS = ["Editors", "Moderators"]
STARTER_WORKFLOW = "Moderators approval"


def group_name(role):
    return settings.PORTAL_GROUPS[role]


def reader_roles():
    return list(settings.PORTAL_RESTRICTED_READER_ROLES)


@dataclass
class SetupReport:
    """What a run of setup_portal changed, for the command's output."""

    changes: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def add(self, text):
        self.changes.append(text)


def _permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_groups(report):
    """The portal's four groups with at least their permissions; returns {role: Group}."""
    groups = {}
    readers = set(reader_roles())
    for role in (EDITORS, APPROVERS, PRACTITIONERS, AGENCY_LEADS):
        group, created = Group.objects.get_or_create(name=group_name(role))
        if created:
            report.add(f"created group {group.name}")
        wanted = list(ROLE_PERMISSIONS[role]) + ([READ_RESTRICTED] if role in readers else [])
        held = set(group.permissions.values_list("content_type__app_label", "codename"))
        missing = [p for p in wanted if tuple(p.split(".")) not in held]
        if missing:
            group.permissions.add(*[_permission(p) for p in missing])
        groups[role] = group
    return groups


def ensure_page_permissions(groups, home, report):
    for role, codenames in ROLE_PAGE_PERMISSIONS.items():
        for codename in codenames:
            _, created = GroupPagePermission.objects.get_or_create(
                group=groups[role], page=home, permission=_permission(f"wagtailcore.{codename}")
            )
            if created:
                report.add(f"granted {codename} to {groups[role].name}")
    root_collection = Collection.get_first_root_node()
    for role, dotted_names in ROLE_COLLECTION_PERMISSIONS.items():
        for dotted in dotted_names:
            GroupCollectionPermission.objects.get_or_create(
                group=groups[role], collection=root_collection, permission=_permission(dotted)
            )


def remove_starter_groups(report):
    """Wagtail's "Editors" and "Moderators" may edit and publish from the root page: gone
    while nobody is in them; kept (with a warning) if an administrator put people there."""
    for name in STARTER_GROUPS:
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        if group.user_set.exists():
            report.notes.append(
                f"Wagtail's starter group {name!r} has members and was kept: move them to the "
                "portal's groups and delete it."
            )
            continue
        group.delete()
        report.add(f"removed Wagtail's starter group {name}")


def ensure_wagtail_roots(report):
    """The root page, root collection and default locale Wagtail's own migrations create. They
    are only missing after a database was emptied without being migrated again (`manage.py
    flush`, or a test that empties it), which then runs this set-up."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    if not Locale.objects.exists():
        Locale.objects.create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        report.add("created the default locale")
    if Page.get_first_root_node() is None:
        Page.add_root(
            instance=Page(
                title="Root",
                slug="root",
                content_type=ContentType.objects.get_for_model(Page),
                locale=Locale.get_default(),
            )
        )
        report.add("created the root page")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
        report.add("created the root collection")


def ensure_home_page(report):
    """The portal's home page at the site root, in place of Wagtail's welcome page."""
    from .models import HomePage

    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        placeholder = root.get_children().filter(slug="home").first()
        if placeholder is not None:
            placeholder.slug = "wagtail-welcome"
            placeholder.save(update_fields=["slug"])
        home = HomePage(
            title=settings.PORTAL_SERVICE_NAME,
            slug="home",
            intro="Guidance, learning briefs and training for the agencies that work together in "
            "MAPPA, and what the arrangements are for the public.",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        report.add("created the home page")
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    if site.root_page_id != home.pk:
        base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        site.root_page = home
        site.site_name = settings.PORTAL_SERVICE_NAME
        site.hostname = base.hostname or "localhost"
        site.port = base.port or (443 if base.scheme == "https" else 80)
        site.save()
        report.add(f"pointed the default site ({site.hostname}:{site.port}) at the home page")
    Page.objects.filter(
        depth=2, slug="wagtail-welcome", content_type__app_label="wagtailcore"
    ).delete()
    return Page.objects.get(pk=home.pk)


def ensure_sections(home, report):
    """One index page for each area of the portal at its published address, empty until the
    SMB adds content. Apps list theirs in settings.PORTAL_SECTIONS."""
    from django.apps import apps

    for dotted, slug, title, intro in settings.PORTAL_SECTIONS:
        model = apps.get_model(dotted)
        if model.objects.child_of(home).exists() or home.get_children().filter(slug=slug).exists():
            continue
        page = model(title=title, slug=slug, intro=intro, show_in_menus=True)
        home.add_child(instance=page)
        page.save_revision().publish()
        report.add(f"created the section /{slug}/")


def ensure_sign_off_workflow(groups, home, report):
    """The SMB sign-off: one task that SMB approvers complete and nobody completes for a change
    they submitted or wrote themselves. Covers the whole site; Wagtail's starter workflow goes."""
    from .workflows import SignOffTask

    task = SignOffTask.objects.filter(name=settings.PORTAL_SIGN_OFF_TASK).first()
    if task is None:
        task = SignOffTask.objects.create(name=settings.PORTAL_SIGN_OFF_TASK)
        report.add(f"created the task {task.name}")
    if not task.groups.filter(pk=groups[APPROVERS].pk).exists():
        task.groups.add(groups[APPROVERS])
    workflow, created = Workflow.objects.get_or_create(name=settings.PORTAL_SIGN_OFF_WORKFLOW)
    if created:
        report.add(f"created the workflow {workflow.name}")
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    # Any other task in this workflow (an earlier plain group approval) is replaced.
    for link in WorkflowTask.objects.filter(workflow=workflow).exclude(task=task.task_ptr):
        link.delete()
        other = Task.objects.get(pk=link.task_id)
        if not other.workflow_tasks.exists() and other.active:
            other.deactivate()
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    for starter in Workflow.objects.filter(name=STARTER_WORKFLOW, active=True):
        starter.deactivate()
        report.add(f"deactivated Wagtail's starter workflow {starter.name}")
    return workflow


@transaction.atomic
def setup_portal():
    """Everything above, in order; returns a SetupReport."""
    report = SetupReport()
    groups = ensure_groups(report)
    ensure_wagtail_roots(report)
    home = ensure_home_page(report)
    ensure_sections(home, report)
    ensure_page_permissions(groups, home, report)
    remove_starter_groups(report)
    ensure_sign_off_workflow(groups, home, report)
    return report
